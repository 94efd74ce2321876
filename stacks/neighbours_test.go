package stacks_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// shippedDir copies the shipped stack files into a temporary directory,
// with the replacements of edits (stack -> old -> new) made.
func shippedDir(t *testing.T, edits map[string][][2]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, stack := range []string{"account", "hipaa", "omop", "vitals"} {
		data, err := os.ReadFile("Pulumi." + stack + ".yaml")
		require.NoError(t, err)
		src := string(data)
		for _, e := range edits[stack] {
			require.Contains(t, src, e[0], "stack %s", stack)
			src = strings.Replace(src, e[0], e[1], 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), []byte(src), 0o600))
	}
	return dir
}

// rendered are the findings as "file:line: key: message" lines, the
// directory written as DIR.
func rendered(dir string, errs stackfile.ConfigErrors) []string {
	var out []string
	for _, e := range errs {
		out = append(out, strings.ReplaceAll(e.Error(), dir, "DIR"))
	}
	return out
}

func TestShippedStacksHaveNoNeighbourProblems(t *testing.T) {
	irb := map[string]string{
		"hipaa": `DIR/Pulumi.hipaa.yaml:10: sce:irbProtocol: "STUDY00012345" is also the IRB protocol of stack vitals ` +
			`(DIR/Pulumi.vitals.yaml:13): right when one approved study runs in several environments; otherwise correct the protocol of one of them`,
		"vitals": `DIR/Pulumi.vitals.yaml:13: sce:irbProtocol: "STUDY00012345" is also the IRB protocol of stack hipaa ` +
			`(DIR/Pulumi.hipaa.yaml:10): right when one approved study runs in several environments; otherwise correct the protocol of one of them`,
	}
	dir := shippedDir(t, nil)
	for _, stack := range []string{"account", "hipaa", "omop", "vitals"} {
		found, err := stacks.CheckNeighbours(dir, stack)
		require.NoError(t, err)
		assert.Empty(t, found.Errors, stack)
		var want []string
		if w, ok := irb[stack]; ok {
			want = []string{w}
		}
		assert.Equal(t, want, rendered(dir, found.Warnings), stack)
	}
}

func TestNeighbourChecks(t *testing.T) {
	cases := []struct {
		name  string
		edits [][2]string
		want  []string
	}{
		{"same PIT", [][2]string{{"sce:pit: omop", "sce:pit: hipaa"}}, []string{
			`DIR/Pulumi.omop.yaml:5: sce:pit: "hipaa" is also the PIT of stack hipaa (DIR/Pulumi.hipaa.yaml:6): two projects ` +
				`with one PIT would build resources with the same names and tags, and the close-out of one would archive and ` +
				`destroy the other's; give this project its own sce:pit`}},
		{"PIT of a stack that defaults it", [][2]string{{"sce:pit: omop", "sce:pit: vitals"}}, []string{
			`DIR/Pulumi.omop.yaml:5: sce:pit: "vitals" is also the PIT of stack vitals (DIR/Pulumi.vitals.yaml:9): two projects ` +
				`with one PIT would build resources with the same names and tags, and the close-out of one would archive and ` +
				`destroy the other's; give this project its own sce:pit`}},
		{"PIT that names resources as another's", [][2]string{{"sce:pit: omop", "sce:pit: hipaa-access"}}, []string{
			`DIR/Pulumi.omop.yaml:5: sce:pit: "hipaa-access" and "hipaa", the PIT of stack hipaa (DIR/Pulumi.hipaa.yaml:6), ` +
				`can give the two stacks a resource of the same name, hipaa-access-logs-<account>-<region> (S3 bucket names are global, ` +
				`IAM role and KMS alias names the account's: one deployment would fail or share the other's resource, and one close-out ` +
				`would destroy it); give one of them another sce:pit`}},
		{"PIT that extends another without a shared name", [][2]string{{"sce:pit: omop", "sce:pit: hipaa-data"}}, nil},
		{"overlapping VPC", [][2]string{{"sce:vpcCidr: 10.21.0.0/16", "sce:vpcCidr: 10.20.128.0/17"}}, []string{
			`DIR/Pulumi.omop.yaml:12: sce:vpcCidr: 10.20.128.0/17 overlaps 10.20.0.0/16, the VPC block of stack hipaa ` +
				`(DIR/Pulumi.hipaa.yaml:13): projects' blocks must not overlap, so that they can later be peered or reached ` +
				`over one VPN; choose a block no other stack uses (sce request approve allocates one from the pool in stacks/site.yaml)`}},
		{"VPC holding another", [][2]string{{"sce:vpcCidr: 10.21.0.0/16", "sce:vpcCidr: 10.16.0.0/16"}}, []string{
			`DIR/Pulumi.omop.yaml:12: sce:vpcCidr: 10.16.0.0/16 overlaps 10.16.0.0/20, the VPC block of stack vitals ` +
				`(DIR/Pulumi.vitals.yaml:18): projects' blocks must not overlap, so that they can later be peered or reached ` +
				`over one VPN; choose a block no other stack uses (sce request approve allocates one from the pool in stacks/site.yaml)`}},
		// A block sce refuses is left to the stack's own validation, whose
		// message (too large, not private, host bits) is the fix to make first.
		{"VPC too large for sce", [][2]string{{"sce:vpcCidr: 10.21.0.0/16", "sce:vpcCidr: 10.16.0.0/12"}}, nil},
		{"VPC not private", [][2]string{{"sce:vpcCidr: 10.21.0.0/16", "sce:vpcCidr: 11.0.0.0/16"}}, nil},
		{"VPC with host bits", [][2]string{{"sce:vpcCidr: 10.21.0.0/16", "sce:vpcCidr: 10.20.1.0/16"}}, nil},
		{"region not the baseline's", [][2]string{{"aws:region: us-west-2", "aws:region: us-east-1"}}, []string{
			`DIR/Pulumi.omop.yaml:4: aws:region: "us-east-1" is not the region of the baseline stack account (us-west-2, ` +
				`DIR/Pulumi.account.yaml:9): a baseline's AWS Config recorder and regional controls cover its own region only; ` +
				`deploy this project in us-west-2, or deploy a baseline stack for us-east-1 and name it in sce:baselineStack`}},
		{"project named as the baseline", [][2]string{{"sce:baselineStack: account", "sce:baselineStack: acme/vitals"}}, []string{
			`DIR/Pulumi.omop.yaml:24: sce:baselineStack: names stack vitals, which is a project stack (DIR/Pulumi.vitals.yaml ` +
				`has no sce:kind: baseline), not the account's baseline: name a baseline stack: account (DIR/Pulumi.account.yaml)`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := shippedDir(t, map[string][][2]string{"omop": c.edits})
			found, err := stacks.CheckNeighbours(dir, "omop")
			require.NoError(t, err)
			assert.Equal(t, c.want, rendered(dir, found.Errors))
			assert.Empty(t, found.Warnings)
		})
	}
}

// sharedNameError is the error of the neighbour check on a name prefix
// that can name a resource of another stack: on key of file:line, for
// mine and theirs, the other stack's noun, name and where, the shared name
// and the fix.
func sharedNameError(where, key, mine, theirs, noun, other, at, name, fix string) string {
	return fmt.Sprintf("DIR/%s: %s: %q and %q, %s %s (DIR/%s), can give the two stacks a resource of the same name, %s "+
		"(S3 bucket names are global, IAM role and KMS alias names the account's: one deployment would fail or share "+
		"the other's resource, and one close-out would destroy it); %s", where, key, mine, theirs, noun, other, at, name, fix)
}

func TestSharedNamesAreFoundFromEitherSide(t *testing.T) {
	const project, baseline = "the PIT of stack", "the name prefix of the baseline stack"
	cases := []struct {
		name  string
		edits map[string][][2]string
		stack string
		want  []string
	}{
		{"the longer PIT's side", map[string][][2]string{"omop": {{"sce:pit: omop", "sce:pit: vitals-access"}}}, "vitals",
			[]string{sharedNameError("Pulumi.vitals.yaml:9", "sce:pit", "vitals", "vitals-access", project, "omop",
				"Pulumi.omop.yaml:5", "vitals-access-logs-<account>-<region>", "give one of them another sce:pit")}},
		{"a warehouse's role", map[string][][2]string{"hipaa": {{"sce:pit: hipaa", "sce:pit: omop-warehouse"}}}, "omop",
			[]string{sharedNameError("Pulumi.omop.yaml:5", "sce:pit", "omop", "omop-warehouse", project, "hipaa",
				"Pulumi.hipaa.yaml:6", "omop-warehouse-scheduler-role", "give one of them another sce:pit")}},
		{"the baseline's archive key alias", map[string][][2]string{"omop": {{"sce:pit: omop", "sce:pit: account-archive"}}}, "omop",
			[]string{sharedNameError("Pulumi.omop.yaml:5", "sce:pit", "account-archive", "account", baseline, "account",
				"Pulumi.account.yaml", "alias/account-archive", "give this project another sce:pit")}},
		{"the baseline's side", map[string][][2]string{"omop": {{"sce:pit: omop", "sce:pit: account-archive"}}}, "account",
			[]string{sharedNameError("Pulumi.account.yaml", "sce:name", "account", "account-archive", project, "omop",
				"Pulumi.omop.yaml:5", "alias/account-archive", "give the baseline another sce:name")}},
		{"a baseline named as a project", map[string][][2]string{"account": {{"sce:auditLockDays: 365",
			"sce:auditLockDays: 365\n  sce:name: omop"}}}, "account",
			[]string{sharedNameError("Pulumi.account.yaml:23", "sce:name", "omop", "omop", project, "omop",
				"Pulumi.omop.yaml:5", "omop-logs-<account>-<region>", "give the baseline another sce:name")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := shippedDir(t, c.edits)
			found, err := stacks.CheckNeighbours(dir, c.stack)
			require.NoError(t, err)
			assert.Equal(t, c.want, rendered(dir, found.Errors))
		})
	}
}

func TestSharedNamesWithTheBaseline(t *testing.T) {
	const baseline = "the name prefix of the baseline stack"
	cases := []struct{ name, pit, baselineName, want string }{
		{"a word after the baseline's name", "account-access", "", sharedNameError("Pulumi.omop.yaml:5", "sce:pit",
			"account-access", "account", baseline, "account", "Pulumi.account.yaml", "account-access-logs-<account>-<region>",
			"give this project another sce:pit")},
		{"the baseline's sce:name", "acme", "acme", sharedNameError("Pulumi.omop.yaml:5", "sce:pit", "acme", "acme",
			baseline, "account", "Pulumi.account.yaml:23", "acme-logs-<account>-<region>", "give this project another sce:pit")},
		{"another word", "account-data", "", ""},
		{"a word that names alike only after a baseline's prefix", "hipaa-archive", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			edits := map[string][][2]string{"omop": {{"sce:pit: omop", "sce:pit: " + c.pit}}}
			if c.baselineName != "" {
				edits["account"] = [][2]string{{"sce:auditLockDays: 365", "sce:auditLockDays: 365\n  sce:name: " + c.baselineName}}
			}
			dir := shippedDir(t, edits)
			found, err := stacks.CheckNeighbours(dir, "omop")
			require.NoError(t, err)
			var want []string
			if c.want != "" {
				want = []string{c.want}
			}
			assert.Equal(t, want, rendered(dir, found.Errors))
		})
	}
}

func TestNeighbourThatDoesNotLoadIsAWarning(t *testing.T) {
	dir := shippedDir(t, map[string][][2]string{"vitals": {{"sce:vpcCidr:", "sce:vpcCdir:"}}})
	found, err := stacks.CheckNeighbours(dir, "omop")
	require.NoError(t, err)
	assert.Empty(t, found.Errors)
	assert.Equal(t, []string{"DIR/Pulumi.vitals.yaml: not compared with stack omop (PIT, VPC block, IRB protocol, region): " +
		"the file does not load; `sce plan vitals` shows why"}, rendered(dir, found.Warnings))
}
