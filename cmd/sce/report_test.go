package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/policies"
)

// shippedStacks is the repository's stacks directory, seen from this package.
const shippedStacks = "../../stacks"

// docsCommand regenerates the committed evidence of the hipaa stack.
const docsCommand = "go run ./cmd/" + docsReportCommand

func TestReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "evidence")
	stdout, stderr, code := executeWith(t, defaultApp(), "report", "hipaa", "--stacks", shippedStacks, "--out", dir)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "wrote "+dir+"/controls.md\nwrote "+dir+"/inventory.csv\nwrote "+dir+"/plan.json\nwrote "+
		dir+"/architecture.svg\nwrote "+dir+"/provenance.json\n", stderr)
	assert.Contains(t, stdout, ": 0 mandatory violations, 1 advisory violation; 13 rules had nothing to check (no resource of their types)\n")
	for _, name := range []string{"controls.md", "inventory.csv", "plan.json", "architecture.svg", "provenance.json"} {
		info, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Positive(t, info.Size(), name)
	}
}

// TestReportNamesTheStackFiles: the bundle names the stack file and its
// baseline's by path and SHA-256, in provenance.json and in the control
// matrix, also when the stacks directory is outside the repository and
// only controls.md is written; --reproducible output is the same run after
// run, and changes with the stack file.
func TestReportNamesTheStackFiles(t *testing.T) {
	stacksDir := t.TempDir()
	for _, name := range []string{"Pulumi.hipaa.yaml", "Pulumi.account.yaml"} {
		data, err := os.ReadFile(filepath.Join(shippedStacks, name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(stacksDir, name), data, 0o600))
	}
	hipaaPath, accountPath := filepath.Join(stacksDir, "Pulumi.hipaa.yaml"), filepath.Join(stacksDir, "Pulumi.account.yaml")
	hipaaSum, err := fileSHA256(hipaaPath)
	require.NoError(t, err)
	accountSum, err := fileSHA256(accountPath)
	require.NoError(t, err)

	dir := t.TempDir()
	_, stderr, code := executeWith(t, defaultApp(), "report", "hipaa", "--stacks", stacksDir, "--out", dir, "--reproducible")
	require.Equal(t, 0, code, stderr)
	prov, err := os.ReadFile(filepath.Join(dir, "provenance.json"))
	require.NoError(t, err)
	var doc struct {
		StackFiles []map[string]string `json:"stackFiles"`
	}
	require.NoError(t, json.Unmarshal(prov, &doc))
	assert.Equal(t, []map[string]string{
		{"stack": "hipaa", "role": "stack", "path": hipaaPath, "sha256": hipaaSum},
		{"stack": "account", "role": "baseline", "path": accountPath, "sha256": accountSum},
	}, doc.StackFiles)
	rows := "| stack file | " + hipaaPath + " (sha256 " + hipaaSum + ") |\n" +
		"| baseline stack file | " + accountPath + " (sha256 " + accountSum + ") |\n"
	controls := func() string {
		only := t.TempDir()
		_, stderr, code := executeWith(t, defaultApp(), "report", "hipaa", "--stacks", stacksDir, "--out", only,
			"--only", "controls.md", "--reproducible")
		require.Equal(t, 0, code, stderr)
		md, err := os.ReadFile(filepath.Join(only, "controls.md"))
		require.NoError(t, err)
		return string(md)
	}
	first := controls()
	assert.Contains(t, first, "| stack | hipaa |\n"+rows)
	assert.Equal(t, first, controls(), "reproducible")

	f, err := os.OpenFile(hipaaPath, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("# a comment changes no setting, but the file\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	changedSum, err := fileSHA256(hipaaPath)
	require.NoError(t, err)
	assert.Contains(t, controls(), "| stack file | "+hipaaPath+" (sha256 "+changedSum+") |\n")
}

// TestDocsUpToDate: docs/controls.md and docs/architecture.svg are what
// `sce report hipaa` writes today, run as docsCommand is, from the
// repository's root (the control matrix names the stack files by the
// paths planned).
func TestDocsUpToDate(t *testing.T) {
	dir := t.TempDir()
	t.Chdir("../..")
	args := strings.Fields(docsReportCommand)[1:]
	args[slices.Index(args, "docs")] = dir
	_, stderr, code := executeWith(t, defaultApp(), args...)
	require.Equal(t, 0, code, stderr)
	for _, name := range []string{"controls.md", "architecture.svg"} {
		want, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join("docs", name))
		require.NoError(t, err, "docs/%s is missing: run %s", name, docsCommand)
		assert.True(t, string(want) == string(got), "docs/%s is stale: run %s", name, docsCommand)
	}
}

func TestReportErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no out", []string{"report", "hipaa", "--stacks", shippedStacks}, "sce: --out DIR is required: where to write the bundle\n"},
		{"unknown file", []string{"report", "hipaa", "--stacks", shippedStacks, "--out", t.TempDir(), "--only", "report.pdf"},
			"sce: --only report.pdf: \"report.pdf\" is not a file of the bundle: choose from controls.md, inventory.csv, plan.json, architecture.svg, provenance.json\n"},
		{"file twice", []string{"report", "hipaa", "--stacks", shippedStacks, "--out", t.TempDir(), "--only", "controls.md,plan.json", "--only", "controls.md"},
			"sce: --only controls.md,plan.json,controls.md: names controls.md twice: name each file once\n"},
		{"empty only", []string{"report", "hipaa", "--stacks", shippedStacks, "--out", t.TempDir(), "--only", ""},
			"sce: --only is empty: name the files to write, from controls.md, inventory.csv, plan.json, architecture.svg, provenance.json " +
				"(leave --only out for all of them)\n"},
		{"empty name in only", []string{"report", "hipaa", "--stacks", shippedStacks, "--out", t.TempDir(), "--only", "controls.md,"},
			"sce: --only controls.md,: holds an empty name: name the files to write, from controls.md, inventory.csv, plan.json, " +
				"architecture.svg, provenance.json\n"},
		{"missing policy config", []string{"report", "hipaa", "--stacks", shippedStacks, "--out", t.TempDir(), "--policy-config", "/nonexistent/p.json"},
			"sce: --policy-config: open /nonexistent/p.json: no such file or directory\n"},
		{"no stack", []string{"report", "--out", t.TempDir()}, "sce: accepts 1 arg(s), received 0: usage: sce report <stack> --out DIR [flags]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := defaultApp()
			a.build = func(*pulumi.Context) (pulumi.Map, error) {
				t.Error("the stack was planned")
				return nil, nil
			}
			stdout, stderr, code := executeWith(t, a, tt.args...)
			assert.Equal(t, 2, code)
			assert.Equal(t, tt.stderr, stderr)
			assert.Empty(t, stdout)
		})
	}
}

// TestReportPolicyConfigProvenance: with a policy config that disables 3
// rules and downgrades 2, the bundle counts them in its headline and on
// stdout, and records the config's SHA-256, the clock's time and the build.
func TestReportPolicyConfigProvenance(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "site-policy.json")
	content := `{"deny_s3_versioning": "disabled", "deny_kms_rotation": {"enforcementLevel": "disabled"},
 "stack_deny_vpc_flow_logs": "disabled", "deny_ec2_imdsv2": "advisory", "stack_deny_cloudtrail_data_events": "advisory"}
`
	require.NoError(t, os.WriteFile(cfg, []byte(content), 0o600))
	a := defaultApp()
	a.now = func() time.Time { return time.Date(2026, 12, 6, 21, 30, 0, 0, time.UTC) }
	a.buildInfo = fakeBuild("v1.4.0", "vcs.revision", "c0ffee", "vcs.modified", "false")
	dir := t.TempDir()
	stdout, stderr, code := executeWith(t, a, "report", "hipaa", "--stacks", shippedStacks, "--out", dir, "--policy-config", cfg)
	require.Equal(t, 0, code, stderr)
	pack, err := policy.Load(policies.FS())
	require.NoError(t, err)
	n := len(pack.Rules)
	sum := sha256.Sum256([]byte(content))
	hexSum := hex.EncodeToString(sum[:])
	assert.Contains(t, stdout, fmt.Sprintf("\nrules     %d rules in the pack: %d at their declared level, 2 downgraded from mandatory to advisory, "+
		"3 disabled and not evaluated (policy config: %s (sha256 %s))\n", n, n-5, cfg, hexSum))
	md, err := os.ReadFile(filepath.Join(dir, "controls.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), fmt.Sprintf("\n**Result: 0 mandatory violations, 1 advisory; %d rules in the pack: %d at their declared level, "+
		"2 downgraded from mandatory to advisory, 3 disabled and not evaluated by the policy config.**\n", n, n-5))
	assert.Contains(t, string(md), "| generated | 2026-12-06T21:30:00Z |\n| by | sce v1.4.0, commit c0ffee (clean checkout) |\n"+
		"| policy config | "+cfg+" (sha256 "+hexSum+") |\n")
	prov, err := os.ReadFile(filepath.Join(dir, "provenance.json"))
	require.NoError(t, err)
	assert.Contains(t, string(prov), `"sha256": "`+hexSum+`"`)
	assert.Contains(t, string(prov), `"generated": "2026-12-06T21:30:00Z"`)
	assert.Contains(t, string(prov), `"commit": "c0ffee"`)
}
