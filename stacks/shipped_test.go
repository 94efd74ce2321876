package stacks

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
)

// readShipped reads the shipped stack file of stack, which must have no problem.
func readShipped(t *testing.T, stack string) Config {
	t.Helper()
	cfg, _, err := ReadFile("Pulumi." + stack + ".yaml")
	require.NoError(t, err)
	return cfg
}

func TestShippedAccountStack(t *testing.T) {
	cfg := readShipped(t, "account")
	assert.Equal(t, KindBaseline, cfg.Kind)
	assert.True(t, cfg.Baseline())
	assert.Equal(t, "us-west-2", cfg.Region)
	assert.Equal(t, "sce-security@example.edu", cfg.Owner)
	assert.Equal(t, []string{"sce-security@example.edu"}, cfg.AlertEmails)
	assert.Equal(t, "arn:aws:iam::123456789012:role/sce-admin", cfg.AdminRoleArn)
	assert.False(t, cfg.AdoptExistingRecorder)
	assert.True(t, cfg.Sets("sce:adoptExistingRecorder"), "false is set, not missing")
	assert.Equal(t, 6, cfg.ArchiveRetentionYears)
	assert.Equal(t, 365, cfg.LogRetentionDays)
	assert.Equal(t, 365, cfg.AuditLockDays)
	assert.False(t, cfg.Sets("sce:name"))
	assert.Empty(t, cfg.refused())
}

func TestShippedHipaaStack(t *testing.T) {
	cfg := readShipped(t, "hipaa")
	assert.Equal(t, Kind(""), cfg.Kind)
	assert.Equal(t, "hipaa", cfg.PITOf("other"))
	assert.Equal(t, "2027-06-30", cfg.StudyEndDate)
	assert.Equal(t, sce.DataClassPHI, cfg.DataClass)
	assert.Equal(t, "10.20.0.0/16", cfg.VpcCidr)
	assert.Equal(t, []string{"198.51.100.0/24", "203.0.113.0/25"}, cfg.AllowedSSHCidrs)
	assert.Equal(t, "account", cfg.BaselineStack)
	assert.Equal(t, sce.BastionArgs{InstanceType: "m5.large"}, cfg.Bastion)
	assert.Equal(t, sce.WorkerArgs{Count: 1, InstanceType: "m5.xlarge", DataVolumeSizeGiB: 100}, cfg.Workers)
	require.Len(t, cfg.Researchers, 2)
	assert.Equal(t, sce.Researcher{Username: "kresearcher", Email: "k.researcher@example.edu", Admin: true,
		PublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlW9/6wmkNBOaNo0qnLerscqzVQGZCQR0ZMjF9y0Goq kresearcher@laptop"},
		cfg.Researchers[0])
	assert.Equal(t, "jdoe", cfg.Researchers[1].Username)
	assert.False(t, cfg.Researchers[1].Admin)
	assert.Equal(t, &sce.ScheduleArgs{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Start: "08:00", Stop: "19:00",
		AutoStart: true}, cfg.Schedule)
	assert.Equal(t, sce.BudgetArgs{MonthlyUSD: 3000}, cfg.Budget)
	assert.False(t, cfg.Usage.Given("s3StorageGb"), "hipaa sets no usage figure")
	assert.Empty(t, cfg.refused())
}

func TestShippedOmopStack(t *testing.T) {
	cfg := readShipped(t, "omop")
	assert.Equal(t, "omop", cfg.PIT)
	assert.Equal(t, sce.DataClassLimited, cfg.DataClass)
	assert.Equal(t, "us-west-2b", cfg.AvailabilityZone)
	assert.Equal(t, "us-west-2c", cfg.SecondAvailabilityZone)
	assert.Equal(t, 731, cfg.LogRetentionDays)
	assert.Equal(t, 730, cfg.AuditLockDays)
	assert.Equal(t, 30, cfg.NoncurrentVersionDays)
	assert.Equal(t, sce.BastionArgs{}, cfg.Bastion, "omop takes the default bastion")
	assert.Equal(t, sce.WorkerArgs{Count: 2, InstanceType: "r5.2xlarge", DataVolumeSizeGiB: 500, DataVolumeIOPS: 6000,
		DataVolumeThroughput: 250}, cfg.Workers)
	assert.Equal(t, &sce.ScheduleArgs{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Stop: "20:00"}, cfg.Schedule)
	assert.Equal(t, sce.BudgetArgs{MonthlyUSD: 6000}, cfg.Budget)
	assert.Equal(t, "analyst", cfg.Researchers[1].Username)
}

// Every shipped stack plans offline with the real program, and every key
// it sets is one the typed config knows.
func TestShippedStacksPlan(t *testing.T) {
	stacks, err := stackfile.List(".")
	require.NoError(t, err)
	assert.Equal(t, []string{"account", "hipaa", "omop", "vitals"}, stacks)
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			p, err := stackfile.Plan(context.Background(), ".", stack, Build, KnownConfigKeys())
			require.NoError(t, err)
			assert.NotEmpty(t, p.Resources)
			if stack != "account" {
				assert.Equal(t, stack, p.Outputs["pit"])
				assert.Equal(t, "account", p.Outputs["baselineStack"])
			}
		})
	}
}

// lineOf is the 1-based line of path that starts with prefix.
func lineOf(t *testing.T, path, prefix string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	require.Failf(t, "no such line", "%s: %q", path, prefix)
	return 0
}

func TestReadFileLocatesEveryProblem(t *testing.T) {
	typo := filepath.Join("testdata", "Pulumi.typo.yaml")
	_, f, err := ReadFile(typo)
	assert.Nil(t, f, "a file whose keys are wrong is not decoded")
	assert.EqualError(t, err, typo+":4: sce:vpcCdir: unknown config key: did you mean sce:vpcCidr?\n"+
		typo+":5: sce:colour: unknown config key: docs/configuration.md lists the keys a stack may set\n"+
		typo+`:6: title: has no namespace: Pulumi config keys are namespace:key and this project's namespace is "sce"; `+
		"write it as sce:title")

	bad := filepath.Join("testdata", "Pulumi.bad.yaml")
	_, f, err = ReadFile(bad)
	require.NotNil(t, f)
	var cerrs stackfile.ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	assert.Equal(t, stackfile.ConfigErrors{
		{Path: bad, Line: lineOf(t, bad, "  sce:alertEmails:"), Key: "sce:alertEmails",
			Message: `must be a list of strings, for example ["a", "b"] or one item per line starting with "- "`},
		{Path: bad, Line: lineOf(t, bad, "  sce:logRetentionDays:"), Key: "sce:logRetentionDays", Message: `"a year" is not a whole number`},
		{Path: bad, Line: lineOf(t, bad, "    count: two"), Key: "sce:workers.count", Message: "must be a whole number"},
		{Path: bad, Line: lineOf(t, bad, "      emial:"), Key: "sce:researchers[1].emial", Message: "unknown field: did you mean email?"},
		{Path: bad, Line: lineOf(t, bad, "    natGbPerMonth:"), Key: "sce:usage.natGbPerMonth",
			Message: "-1 is negative: give the GB a month, 0 or more"},
	}, cerrs)
}

// KnownConfigKeys are the keys of the field table: a stack file's
// contract, which a rename would break.
func TestKnownConfigKeys(t *testing.T) {
	assert.Equal(t, []string{
		"aws:region", "sce:kind", "sce:pit", "sce:title", "sce:principalInvestigator", "sce:owner", "sce:irbProtocol",
		"sce:studyEndDate", "sce:dataClass", "sce:vpcCidr", "sce:availabilityZone", "sce:secondAvailabilityZone",
		"sce:publicSubnetCidr", "sce:privateSubnetCidr", "sce:allowedSshCidrs", "sce:alertEmails", "sce:logRetentionDays",
		"sce:auditLockDays", "sce:noncurrentVersionDays", "sce:adminRoleArn", "sce:access", "sce:requireSecurityKeys", "sce:bastion", "sce:workers", "sce:amiId",
		"sce:researchers", "sce:schedule", "sce:suspended", "sce:egress", "sce:egressDomains", "sce:budget", "sce:warehouse", "sce:backup", "sce:airlock", "sce:patching", "sce:usage", "sce:baselineStack",
		"sce:name", "sce:adoptExistingRecorder", "sce:archiveRetentionYears",
	}, KnownConfigKeys())
}

// Every exported field of Config is bound by exactly one key of the field
// table, and every key binds a field of Config: the table and the type
// cannot drift apart.
func TestFieldTableCoversConfig(t *testing.T) {
	var c Config
	bound := map[uintptr]string{}
	for _, f := range c.fields() {
		addr := reflect.ValueOf(f.value.target()).Pointer()
		require.NotContains(t, bound, addr, "%s binds the field of %s", f.key, bound[addr])
		bound[addr] = f.key
		assert.NotEmpty(t, f.meaning, "%s has no meaning", f.key)
		for _, s := range subfields(f.value) {
			assert.NotEmpty(t, s.meaning, "%s.%s has no meaning", f.key, s.key)
		}
	}
	docs := fieldDocs(t)
	v := reflect.ValueOf(&c).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if !v.Type().Field(i).IsExported() {
			continue
		}
		key, ok := bound[v.Field(i).Addr().Pointer()]
		assert.True(t, ok, "Config.%s has no key in the field table", name)
		assert.Contains(t, docs[name], key, "the godoc of Config.%s names its key", name)
		delete(bound, v.Field(i).Addr().Pointer())
	}
	assert.Empty(t, bound, "keys that bind no field of Config")
}

// fieldDocs are the godoc comments of Config's fields, by field name.
func fieldDocs(t *testing.T) map[string]string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "config.go", nil, parser.ParseComments)
	require.NoError(t, err)
	docs := map[string]string{}
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.TypeSpec)
		if !ok || spec.Name.Name != "Config" {
			return true
		}
		for _, f := range spec.Type.(*ast.StructType).Fields.List {
			for _, name := range f.Names {
				docs[name.Name] = f.Doc.Text()
			}
		}
		return false
	})
	require.NotEmpty(t, docs)
	return docs
}
