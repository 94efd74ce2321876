package report

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/buildinfo"
	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/stacks"
)

// overriding disables 3 rules and downgrades 2 of the shipped pack.
var overriding = policy.Config{
	"deny_s3_versioning":                {EnforcementLevel: policy.Disabled},
	"deny_kms_rotation":                 {EnforcementLevel: policy.Disabled},
	"stack_deny_vpc_flow_logs":          {EnforcementLevel: policy.Disabled},
	"deny_ec2_imdsv2":                   {EnforcementLevel: policy.Advisory},
	"stack_deny_cloudtrail_data_events": {EnforcementLevel: policy.Advisory},
}

// overriddenBundle is the hipaa bundle under overriding.
func overriddenBundle(t *testing.T) Bundle {
	t.Helper()
	b := hipaaBundle(t)
	pk := pack(t)
	res, err := pk.Check(context.Background(), b.Plan, overriding)
	require.NoError(t, err)
	b.Result = res
	b.Provenance.PolicyConfig = PolicyConfigFile{Path: "site-policy.json", SHA256: strings.Repeat("ab", 32)}
	b.Provenance.StackFiles = []StackFile{
		{Stack: "hipaa", File: File{Path: "stacks/Pulumi.hipaa.yaml", SHA256: strings.Repeat("cd", 32)}},
		{Stack: "account", File: File{Path: "stacks/Pulumi.account.yaml", SHA256: strings.Repeat("ef", 32)}},
	}
	return b
}

// TestOverridesInHeadlineAndSummary: rules a policy config disabled or
// downgraded are counted in the headline, the summary and their own table,
// and every count adds up to the pack's rules.
func TestOverridesInHeadlineAndSummary(t *testing.T) {
	b := overriddenBundle(t)
	data, err := Controls(b)
	require.NoError(t, err)
	md := string(data)
	n := len(b.PackRules)
	assert.Equal(t, fmt.Sprintf("**Result: 0 mandatory violations, 1 advisory; %d rules in the pack: %d at their declared level, "+
		"2 downgraded from mandatory to advisory, 3 disabled and not evaluated by the policy config.**", n, n-5), headlineOf(md))
	assert.Equal(t, "## Rules the policy config changed\n\nPolicy config: site-policy.json (sha256 "+strings.Repeat("ab", 32)+
		"). A disabled rule was not evaluated: the sections it serves have no\nevidence from it in this report.\n\n"+
		"| rule | declared | in this report | HIPAA sections |\n| --- | --- | --- | --- |\n"+
		"| `deny_ec2_imdsv2` | mandatory | advisory | 164.312(a)(1), 164.312(d) |\n"+
		"| `deny_kms_rotation` | mandatory | disabled | 164.312(a)(2)(iv) |\n"+
		"| `deny_s3_versioning` | mandatory | disabled | 164.312(c)(1), 164.308(a)(7)(ii)(A) |\n"+
		"| `stack_deny_cloudtrail_data_events` | mandatory | advisory | 164.312(b), 164.308(a)(1)(ii)(D), 164.308(a)(5)(ii)(C) |\n"+
		"| `stack_deny_vpc_flow_logs` | mandatory | disabled | 164.312(b) |\n", section(md, "## Rules the policy config changed"))
	assert.Contains(t, md, "| `deny_ec2_imdsv2`: Instances require IMDSv2 | pass (downgraded to advisory by the policy config) |")
	assert.Contains(t, section(md, "## Summary"), fmt.Sprintf("| all rules of the pack | %d | %d | 0 | 1 | %d | 3 |\n",
		n, passing(t, md), n-4-passing(t, md)))

	rows := summaryRows(t, md)
	require.NotEmpty(t, rows)
	disabled := 0
	for _, r := range rows {
		assert.Equal(t, r[0], r[1]+r[2]+r[3]+r[4]+r[5], "the columns add up to the rules: %v", r)
		disabled = r[5]
	}
	assert.Equal(t, 3, disabled, "the last row counts the disabled rules once")

	levels, err := RuleLevels(b)
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("rules     %d rules in the pack: %d at their declared level, 2 downgraded from mandatory to advisory, "+
		"3 disabled and not evaluated (policy config: site-policy.json (sha256 %s))\n", n, n-5, strings.Repeat("ab", 32)), levels)
}

// section is the part of md from the line that starts with heading to the
// next section, without its blank last line; "" when there is none.
func section(md, heading string) string {
	start := strings.Index(md, "\n"+heading)
	if start < 0 {
		return ""
	}
	rest := md[start+1:]
	if end := strings.Index(rest, "\n\n## "); end >= 0 {
		return rest[:end+1]
	}
	return rest
}

// headlineOf is the line of the matrix that starts with **Result.
func headlineOf(md string) string {
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "**Result") {
			return line
		}
	}
	return ""
}

// passing is the pass count of the summary's last row.
func passing(t *testing.T, md string) int {
	t.Helper()
	rows := summaryRows(t, md)
	require.NotEmpty(t, rows)
	return rows[len(rows)-1][1]
}

var summaryRow = regexp.MustCompile(`(?m)^\| [^|]+ \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$`)

// summaryRows are the numbers of the summary table's rows: rules, pass,
// fail, advisory, n/a, disabled.
func summaryRows(t *testing.T, md string) [][6]int {
	t.Helper()
	start := strings.Index(md, "## Summary\n")
	end := strings.Index(md[start:], "\n## ")
	var out [][6]int
	for _, m := range summaryRow.FindAllStringSubmatch(md[start:start+end], -1) {
		var r [6]int
		for i := range r {
			r[i], _ = strconv.Atoi(m[i+1])
		}
		out = append(out, r)
	}
	return out
}

// fixedBuild is sce v1.4.0 built from a clean checkout of commit c0ffee...
func fixedBuild() buildinfo.Info {
	return buildinfo.Read(func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/sce-dev/sce", Version: "v1.4.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "c0ffee"}, {Key: "vcs.modified", Value: "false"}}}, true
	})
}

// TestProvenance: the bundle records the study, the time, the build and
// the policy config's digest, in controls.md and provenance.json.
func TestProvenance(t *testing.T) {
	b := overriddenBundle(t)
	b.Provenance.Reproducible = false
	b.Provenance.Generated = time.Date(2026, 12, 6, 21, 4, 5, 0, time.FixedZone("PST", -8*3600))
	b.Provenance.Build = fixedBuild()
	data, err := Controls(b)
	require.NoError(t, err)
	assert.Equal(t, "## Provenance\n\n| | |\n| --- | --- |\n| stack | hipaa |\n"+
		"| stack file | stacks/Pulumi.hipaa.yaml (sha256 "+strings.Repeat("cd", 32)+") |\n"+
		"| baseline stack file | stacks/Pulumi.account.yaml (sha256 "+strings.Repeat("ef", 32)+") |\n"+
		"| study title | POC A: synthetic vitals time series |\n| principal investigator | Dr. K. Researcher |\n"+
		"| IRB protocol | STUDY00012345 |\n| data class | phi |\n| study end date | 2027-06-30 |\n"+
		"| generated | 2026-12-07T05:04:05Z |\n| by | sce v1.4.0, commit c0ffee (clean checkout) |\n"+
		"| policy config | site-policy.json (sha256 "+strings.Repeat("ab", 32)+") |\n", section(string(data), "## Provenance"))

	rows, err := ruleRows(b)
	require.NoError(t, err)
	doc, err := provenanceJSON(b, rows)
	require.NoError(t, err)
	n := len(b.PackRules)
	assert.JSONEq(t, fmt.Sprintf(`{"version":1,"stack":"hipaa",
		"stackFiles":[{"stack":"hipaa","role":"stack","path":"stacks/Pulumi.hipaa.yaml","sha256":"%s"},
			{"stack":"account","role":"baseline","path":"stacks/Pulumi.account.yaml","sha256":"%s"}],
		"study":{"title":"POC A: synthetic vitals time series","principalInvestigator":"Dr. K. Researcher",
			"irbProtocol":"STUDY00012345","dataClass":"phi","studyEndDate":"2027-06-30"},
		"generated":"2026-12-07T05:04:05Z","build":"sce v1.4.0, commit c0ffee (clean checkout)","commit":"c0ffee",
		"reproducible":false,
		"policyConfig":{"path":"site-policy.json","sha256":"%s","text":"site-policy.json (sha256 %s)"},
		"pack":"sce_hipaa","rules":{"total":%d,"declared":%d,"downgraded":2,"disabled":3},
		"violations":{"mandatory":0,"advisory":1}}`, strings.Repeat("cd", 32), strings.Repeat("ef", 32), strings.Repeat("ab", 32), strings.Repeat("ab", 32), n, n-5), string(doc))
}

// TestProvenanceWithoutConfigOrStudy: no policy config reads "none: pack
// defaults"; a study fact the stack does not set reads "not set".
func TestProvenanceWithoutConfigOrStudy(t *testing.T) {
	b := hipaaBundle(t)
	b.Config.Title, b.Config.IRBProtocol = "", ""
	data, err := Controls(b)
	require.NoError(t, err)
	md := section(string(data), "## Provenance")
	assert.Contains(t, md, "| study title | not set |\n")
	assert.Contains(t, md, "| IRB protocol | not set |\n")
	assert.Contains(t, md, "| policy config | no file: the pack's defaults, with the settings `sce policy config` derives from the stack |\n")
}

// TestProvenanceStackFilesSayWhatIsMissing: a baseline stack, which names
// no baseline, says so; a baseline the plan did not read, or stack files
// not given at all, read "not recorded"; a referenced stack other than the
// baseline is named after it. provenance.json lists only the files.
func TestProvenanceStackFilesSayWhatIsMissing(t *testing.T) {
	b := hipaaBundle(t)
	own := StackFile{Stack: "hipaa", File: File{Path: "/elsewhere/Pulumi.hipaa.yaml", SHA256: strings.Repeat("cd", 32)}}
	other := StackFile{Stack: "shared", File: File{Path: "/elsewhere/Pulumi.shared.yaml", SHA256: strings.Repeat("01", 32)}}
	rowsOf := func(b Bundle) string {
		data, err := Controls(b)
		require.NoError(t, err)
		md := section(string(data), "## Provenance")
		start := strings.Index(md, "| stack file |")
		end := strings.Index(md, "| study title |")
		require.True(t, start >= 0 && end > start, md)
		return md[start:end]
	}
	filesOf := func(b Bundle) []any {
		rows, err := ruleRows(b)
		require.NoError(t, err)
		data, err := provenanceJSON(b, rows)
		require.NoError(t, err)
		var v map[string]any
		require.NoError(t, json.Unmarshal(data, &v))
		return v["stackFiles"].([]any)
	}

	b.Config.BaselineStack = ""
	b.Provenance.StackFiles = []StackFile{own}
	assert.Equal(t, "| stack file | /elsewhere/Pulumi.hipaa.yaml (sha256 "+strings.Repeat("cd", 32)+") |\n"+
		"| baseline stack file | none: the stack names no baseline stack (sce:baselineStack) |\n", rowsOf(b))
	assert.Len(t, filesOf(b), 1)
	b.Config.Kind = stacks.KindBaseline
	assert.Equal(t, "| stack file | /elsewhere/Pulumi.hipaa.yaml (sha256 "+strings.Repeat("cd", 32)+") |\n"+
		"| baseline stack file | none: the stack is itself a baseline (sce:kind: baseline) |\n", rowsOf(b))
	b.Config.Kind = ""

	b.Config.BaselineStack = "org/sce/account"
	b.Provenance.StackFiles = []StackFile{own, other}
	assert.Equal(t, "| stack file | /elsewhere/Pulumi.hipaa.yaml (sha256 "+strings.Repeat("cd", 32)+") |\n"+
		"| baseline stack file | not recorded: the plan did not read the stack account that sce:baselineStack names |\n"+
		"| referenced stack file (shared) | /elsewhere/Pulumi.shared.yaml (sha256 "+strings.Repeat("01", 32)+") |\n", rowsOf(b))
	assert.Equal(t, map[string]any{"stack": "shared", "role": "referenced", "path": "/elsewhere/Pulumi.shared.yaml",
		"sha256": strings.Repeat("01", 32)}, filesOf(b)[1])

	b.Provenance.StackFiles = nil
	assert.Equal(t, "| stack file | not recorded |\n", rowsOf(b))
	assert.Empty(t, filesOf(b))
}

// TestReproducible: a reproducible bundle records neither time nor build,
// says why, and is the same whatever the clock and the build.
func TestReproducible(t *testing.T) {
	b := hipaaBundle(t)
	first, err := Controls(b)
	require.NoError(t, err)
	b.Provenance.Generated, b.Provenance.Build = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), fixedBuild()
	second, err := Controls(b)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
	assert.Contains(t, section(string(first), "## Provenance"), "| generated | not recorded: a reproducible copy (--reproducible); the repository's history dates it |\n"+
		"| by | not recorded: a reproducible copy (--reproducible); the repository's history names the commit |\n")
	assert.NotContains(t, string(first), "2030")
	assert.NotContains(t, string(first), "c0ffee")
}

// outsideReference matches what points at documents outside the repository:
// web links, paths out of it, and the project's private working notes.
var outsideReference = regexp.MustCompile(`(?i)https?://|\.\./|\bseeds?\b|\bshared/|deployment fact \d|\bfact \d`)

// TestControlsReferenceOnlyTheRepository: the control matrix, as generated
// and as committed in docs/, names no document outside the repository, and
// every path it names exists in it.
func TestControlsReferenceOnlyTheRepository(t *testing.T) {
	generated, err := Controls(overriddenBundle(t))
	require.NoError(t, err)
	committed, err := os.ReadFile("../../docs/controls.md")
	require.NoError(t, err)
	for name, md := range map[string]string{"generated": string(generated), "docs/controls.md": string(committed)} {
		assert.Empty(t, outsideReference.FindAllString(md, -1), "%s references documents outside the repository", name)
		for _, path := range regexp.MustCompile(`\b(?:docs|policies|stacks)/[\w./-]*\w`).FindAllString(md, -1) {
			_, err := os.Stat("../../" + path)
			assert.NoError(t, err, "%s names %s", name, path)
		}
	}
}

// TestProvenanceJSONIsValid: provenance.json is one JSON document.
func TestProvenanceJSONIsValid(t *testing.T) {
	b := hipaaBundle(t)
	rows, err := ruleRows(b)
	require.NoError(t, err)
	data, err := provenanceJSON(b, rows)
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.Unmarshal(data, &v))
	assert.Equal(t, true, v["reproducible"])
	assert.NotContains(t, v, "commit")
}
