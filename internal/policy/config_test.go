package policy_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "policy.json")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

// TestLoadConfig reads Pulumi's policy config format: a level string, or an
// object with enforcementLevel and settings.
func TestLoadConfig(t *testing.T) {
	pack := loadPack(t)
	path := writeConfig(t, `{"all": "advisory", "deny_kms_deletion_window": {"enforcementLevel": "mandatory", "minimumDays": 14},
		"deny_sg_world_database_ports": {"databasePorts": [5432]}}`)
	c, err := pack.LoadConfig(path)
	require.NoError(t, err)
	assert.Equal(t, policy.Config{
		"all":                          {EnforcementLevel: policy.Advisory},
		"deny_kms_deletion_window":     {EnforcementLevel: policy.Mandatory, Properties: map[string]any{"minimumDays": 14.0}},
		"deny_sg_world_database_ports": {Properties: map[string]any{"databasePorts": []any{5432.0}}},
	}, c)
	data, err := json.Marshal(c["deny_kms_deletion_window"])
	require.NoError(t, err)
	assert.JSONEq(t, `{"enforcementLevel": "mandatory", "minimumDays": 14}`, string(data))
}

func TestLoadConfigErrors(t *testing.T) {
	pack := loadPack(t)
	tests := []struct{ name, text, want string }{
		{"unknown rule", `{"deny_everything": "mandatory"}`, "deny_everything: not a rule of pack sce_hipaa"},
		{"unknown setting", `{"deny_logs_retention": {"minimumDay": 30}}`,
			`deny_logs_retention: "minimumDay" is not a setting of this rule (see policies/schema/config-schema.json)`},
		{"bad level", `{"deny_logs_retention": "warn"}`, `deny_logs_retention: enforcementLevel "warn": use mandatory, advisory or disabled`},
		{"not an object", `{"deny_logs_retention": 3}`, "a rule's configuration is a level string or an object: json: cannot unmarshal"},
		{"wrong type", `{"deny_sg_ssh_source": {"allowedSshCidrs": "198.51.100.0/24"}}`,
			`deny_sg_ssh_source: allowedSshCidrs: expected array, but got string (see policies/schema/config-schema.json)`},
		{"wrong item", `{"deny_sg_ssh_source": {"allowedSshCidrs": ["198.51.100.0/24", 22]}}`,
			`deny_sg_ssh_source: allowedSshCidrs/1: expected string, but got number (see policies/schema/config-schema.json)`},
		{"out of range", `{"deny_kms_deletion_window": {"minimumDays": 3}}`,
			`deny_kms_deletion_window: minimumDays: must be >= 7 but found 3 (see policies/schema/config-schema.json)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.text)
			_, err := pack.LoadConfig(path)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "policy config "+path+": "+tt.want), err.Error())
		})
	}
}

// TestLoadConfigText: a key given twice, at any level, is refused with its
// line (encoding/json would keep the last: the second level of a rule would
// silently win), and a syntax error names its line and column.
func TestLoadConfigText(t *testing.T) {
	pack := loadPack(t)
	tests := []struct{ name, text, want string }{
		{"rule twice", "{\"deny_logs_retention\": \"mandatory\",\n \"deny_logs_retention\": \"disabled\"}",
			"2: deny_logs_retention is set twice (first on line 1): keep one; JSON keeps only the last, silently"},
		{"setting twice", "{\"deny_kms_deletion_window\": {\n  \"minimumDays\": 14,\n  \"enforcementLevel\": \"mandatory\",\n  \"minimumDays\": 7}}",
			"4: deny_kms_deletion_window.minimumDays is set twice (first on line 2): keep one; JSON keeps only the last, silently"},
		{"twice inside a list", `{"deny_sg_world_database_ports": {"databasePorts": [{"a": 1, "a": 2}]}}`,
			"1: deny_sg_world_database_ports.databasePorts.a is set twice (first on line 1): keep one; JSON keeps only the last, silently"},
		{"same key in two objects", `{"deny_logs_retention": {"enforcementLevel": "mandatory"}, "all": {"enforcementLevel": "advisory"}, "x": 1, "x": 2}`,
			"1: x is set twice (first on line 1): keep one; JSON keeps only the last, silently"},
		{"cut short", "{\"deny_logs_retention\":\n  \"mandatory\"", "2:14: the JSON ends before its objects and lists are closed"},
		{"syntax", "{\n  \"all\": \"advisory\",\n}", "3:1: invalid character '}' looking for beginning of object key string"},
		{"text after", `{"all": "advisory"} {}`, "1:21: text after the configuration object: a config file is one JSON object"},
		{"empty", "\n", `2: the file holds no JSON: write an object of rule names, for example {"all": "advisory"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.text)
			_, err := pack.LoadConfig(path)
			require.Error(t, err)
			assert.Equal(t, "policy config "+path+":"+tt.want, err.Error())
		})
	}
	// The same key in different objects is no repeat.
	_, err := pack.LoadConfig(writeConfig(t, `{"deny_logs_retention": {"enforcementLevel": "mandatory"}, "all": {"enforcementLevel": "advisory"}}`))
	require.NoError(t, err)
}

// TestEnforcementLevels: config overrides a rule's level, "all" sets the
// default, and disabled rules are not evaluated.
func TestEnforcementLevels(t *testing.T) {
	pack := loadPack(t)
	p := shipped(t, "hipaa")
	set(t, p, "hipaa-vpc", "instanceTenancy", "default")
	set(t, p, trail, "enableLogFileValidation", false)
	tests := []struct {
		name   string
		config policy.Config
		levels map[string]policy.Level
	}{
		{"defaults", nil, map[string]policy.Level{"deny_vpc_dedicated_tenancy": policy.Mandatory,
			"deny_cloudtrail_log_validation": policy.Mandatory, "stack_warn_ec2_public_instance": policy.Advisory}},
		{"one advisory", policy.Config{"deny_vpc_dedicated_tenancy": {EnforcementLevel: policy.Advisory}},
			map[string]policy.Level{"deny_vpc_dedicated_tenancy": policy.Advisory, "deny_cloudtrail_log_validation": policy.Mandatory,
				"stack_warn_ec2_public_instance": policy.Advisory}},
		{"all advisory, one disabled", policy.Config{"all": {EnforcementLevel: policy.Advisory},
			"stack_warn_ec2_public_instance": {EnforcementLevel: policy.Disabled}},
			map[string]policy.Level{"deny_vpc_dedicated_tenancy": policy.Advisory, "deny_cloudtrail_log_validation": policy.Advisory}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := pack.Check(context.Background(), p, tt.config)
			require.NoError(t, err)
			got := map[string]policy.Level{}
			for _, v := range res.Violations {
				got[v.Rule] = v.Level
			}
			assert.Equal(t, tt.levels, got)
		})
	}
}

// TestStackConfig: the bastion's SSH sources come from sce:allowedSshCidrs,
// the egress rules' mode from sce:egress.
func TestStackConfig(t *testing.T) {
	c, err := policy.StackConfig(&plan.Plan{Config: map[string]string{"sce:allowedSshCidrs": `["198.51.100.0/24"]`}})
	require.NoError(t, err)
	assert.Equal(t, policy.Config{"deny_sg_ssh_source": {Properties: map[string]any{"allowedSshCidrs": []any{"198.51.100.0/24"}}}}, c)
	c, err = policy.StackConfig(&plan.Plan{Config: map[string]string{"sce:egress": "none"}})
	require.NoError(t, err)
	none := policy.RuleConfig{Properties: map[string]any{"egress": "none"}}
	assert.Equal(t, policy.Config{"stack_deny_egress_dns_firewall": none, "stack_deny_egress_none_internet": none,
		"stack_deny_egress_worker_sg_open": none, "stack_warn_egress_open": none}, c)
	c, err = policy.StackConfig(&plan.Plan{})
	require.NoError(t, err)
	assert.Empty(t, c)
	_, err = policy.StackConfig(&plan.Plan{Config: map[string]string{"sce:allowedSshCidrs": "198.51.100.0/24"}})
	assert.EqualError(t, err, "plan config: invalid configuration:\n  sce:allowedSshCidrs: must be a list of strings, "+
		`for example ["a", "b"] or one item per line starting with "- "`)
}

// TestSummary is the text sce plan and sce policy check print.
func TestSummary(t *testing.T) {
	pack := loadPack(t)
	p := shipped(t, "hipaa")
	set(t, p, "hipaa-vpc", "instanceTenancy", "default")
	res, err := pack.Check(context.Background(), p, nil)
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, res.WriteSummary(&b))
	assert.Equal(t, "policies  sce_hipaa, offline: 106 rules on "+strconv.Itoa(len(p.Resources))+" resources: "+
		"1 mandatory violation, 1 advisory violation; 13 rules had nothing to check (no resource of their types)\n"+
		"  [mandatory] deny_vpc_dedicated_tenancy: The VPC uses dedicated tenancy (164.312(a)(1), 164.308(a)(4))\n"+
		"    VPC 'hipaa-vpc' has instance tenancy default: SCE instances run on dedicated hardware\n"+
		"    fix: Set instanceTenancy to \"dedicated\".\n"+
		"  [advisory] stack_warn_ec2_public_instance: Internet-facing instances are reviewed exceptions (164.312(a)(1), 164.312(e)(1))\n"+
		"    Instance 'hipaa-bastion' is reachable from the internet: allowed as a bastion by config publicInstances\n"+
		"    fix: Expected for the bastion (deny_ec2_public_ip config publicInstances): keep its security group to SSH from the allowed blocks only.\n",
		b.String())
}

// TestSummaryCountsWhatTheConfigChanged: a policy config that disables
// rules or moves them to another level says so in the summary's first line,
// so that "0 mandatory violations" is never read without it.
func TestSummaryCountsWhatTheConfigChanged(t *testing.T) {
	pack := loadPack(t)
	p := shipped(t, "hipaa")
	set(t, p, "hipaa-vpc", "instanceTenancy", "default")
	res, err := pack.Check(context.Background(), p, policy.Config{
		"deny_vpc_dedicated_tenancy": {EnforcementLevel: policy.Disabled},
		"deny_tags_pit":              {EnforcementLevel: policy.Disabled},
		"deny_iam_inline_policy":     {EnforcementLevel: policy.Advisory},
	})
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, res.WriteSummary(&b))
	first, _, _ := strings.Cut(b.String(), "\n")
	assert.Equal(t, "policies  sce_hipaa, offline: 104 rules on "+strconv.Itoa(len(p.Resources))+" resources "+
		"(of 106 in the pack; the policy config disabled 2 and changed the level of 1): 0 mandatory violations, 1 advisory violation; 13 rules had nothing to check (no resource of their types)", first)
}

// TestResultKeepsDeclaredLevels: each rule of a result carries the level
// its name declares beside its effective one, in Go and in JSON, so that a
// rule the policy config disabled or moved is seen as such; the pack's own
// rules are unchanged.
func TestResultKeepsDeclaredLevels(t *testing.T) {
	pack := loadPack(t)
	res, err := pack.Check(context.Background(), shipped(t, "hipaa"), policy.Config{
		"deny_vpc_dedicated_tenancy": {EnforcementLevel: policy.Disabled},
		"deny_iam_inline_policy":     {EnforcementLevel: policy.Advisory},
		"warn_sg_egress_all":         {EnforcementLevel: policy.Mandatory},
	})
	require.NoError(t, err)
	levels := map[string][2]policy.Level{}
	for _, r := range res.Rules {
		levels[r.Name] = [2]policy.Level{r.DeclaredLevel, r.Level}
	}
	assert.Equal(t, [2]policy.Level{policy.Mandatory, policy.Disabled}, levels["deny_vpc_dedicated_tenancy"])
	assert.Equal(t, [2]policy.Level{policy.Mandatory, policy.Advisory}, levels["deny_iam_inline_policy"])
	assert.Equal(t, [2]policy.Level{policy.Advisory, policy.Mandatory}, levels["warn_sg_egress_all"])
	assert.Equal(t, [2]policy.Level{policy.Mandatory, policy.Mandatory}, levels["deny_s3_versioning"])

	data, err := json.Marshal(res.Rules[0])
	require.NoError(t, err)
	var rule map[string]any
	require.NoError(t, json.Unmarshal(data, &rule))
	assert.Equal(t, res.Rules[0].Name, rule["name"])
	assert.Equal(t, string(res.Rules[0].DeclaredLevel), rule["declaredLevel"])
	assert.Equal(t, string(res.Rules[0].Level), rule["level"])

	for _, r := range pack.Rules {
		assert.Empty(t, r.DeclaredLevel, "%s: the pack's rules hold their declared level in Level", r.Name)
	}
}

// TestNothingToCheck: the rules a plan has no resource for are named, so a
// plan of the wrong stack, or of types the pack does not know, never reads
// as compliant; a disabled rule is not among them.
func TestNothingToCheck(t *testing.T) {
	pack := loadPack(t)
	p := shipped(t, "hipaa")
	res, err := pack.Check(context.Background(), p, policy.Config{"deny_rds_tls": {EnforcementLevel: policy.Disabled}})
	require.NoError(t, err)
	assert.Equal(t, []string{"deny_iam_access_key", "deny_rds_backup", "deny_rds_deletion_protection", "deny_rds_encryption",
		"deny_rds_public", "deny_redshift_encryption", "deny_redshift_enhanced_vpc_routing", "deny_redshift_logging",
		"deny_redshift_parameters", "deny_redshift_public_access", "deny_redshift_snapshot_retention",
		"deny_ssm_session_unencrypted"}, res.NothingToCheck)

	for i := range p.Resources {
		p.Resources[i].Type = "aws:unknown/" + p.Resources[i].Type
	}
	res, err = pack.Check(context.Background(), p, nil)
	require.NoError(t, err)
	assert.Len(t, res.NothingToCheck, len(res.Rules)-1, "every rule but the one for every type (deny_tags_pit)")
	assert.NotContains(t, res.NothingToCheck, "deny_tags_pit")
	var b strings.Builder
	require.NoError(t, res.WriteSummary(&b))
	first, _, _ := strings.Cut(b.String(), "\n")
	assert.Equal(t, "policies  sce_hipaa, offline: 106 rules on "+strconv.Itoa(len(p.Resources))+" resources: "+
		"no violations; 105 rules had nothing to check (no resource of their types)", first)
}
