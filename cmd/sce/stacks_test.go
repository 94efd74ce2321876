package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/stacks"
)

// stacksApp knows every config key and reads the clock at 2026-12-06 18:00 UTC.
func stacksApp() app {
	return app{knownKeys: stacks.KnownConfigKeys(), now: func() time.Time {
		return time.Date(2026, 12, 6, 18, 0, 0, 0, time.FixedZone("PST", -8*3600))
	}}
}

// listedStacks are a baseline, a running project, one that ended and one
// whose PIT is its stack name: complete stack files (the shipped ones with
// other values), since sce stacks lists only stacks sce plan would accept.
func listedStacks(t *testing.T) map[string]string {
	return map[string]string{
		"account": shippedFile(t, "account", nil),
		"vitals": shippedFile(t, "hipaa", map[string]string{"sce:pit": "vitals", "sce:principalInvestigator": "Dr. A. Chen",
			"sce:vpcCidr": "10.30.0.0/24", "sce:studyEndDate": `"2027-01-05"`}),
		"old": shippedFile(t, "hipaa", map[string]string{"sce:pit": "cardio", "sce:principalInvestigator": "Dr. B. Okafor",
			"sce:vpcCidr": "10.31.0.0/16", "sce:studyEndDate": `"2026-11-30"`, "aws:region": "us-east-2",
			"sce:availabilityZone": "us-east-2a"}),
		"nopit": shippedFile(t, "hipaa", map[string]string{"sce:pit": "", "sce:vpcCidr": "10.32.0.0/20"}),
	}
}

// shippedFile is the shipped stack file of stack with the top-level config
// values of set replaced ("" removes the key's line).
func shippedFile(t *testing.T, stack string, set map[string]string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(shippedStacks, "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	var out []string
	for _, line := range lines {
		key, _, _ := strings.Cut(strings.TrimSpace(line), ":")
		full := strings.TrimSpace(line)
		if i := strings.Index(full, ": "); i > 0 {
			key = full[:i]
		}
		v, ok := set[key]
		switch {
		case !ok || !strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "   "):
			out = append(out, line)
		case v != "":
			out = append(out, "  "+key+": "+v)
		}
	}
	return strings.Join(out, "\n")
}

func runStacksCmd(t *testing.T, a app, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"stacks"}, args...), &stdout, &stderr, a)
	return stdout.String(), stderr.String(), code
}

func TestStacksTable(t *testing.T) {
	dir := stacksDir(t, listedStacks(t))
	stdout, stderr, code := runStacksCmd(t, stacksApp(), "--stacks", dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stderr)
	assert.Equal(t, ""+
		"STACK    KIND      PIT     PI                 REGION     VPC           STUDY ENDS  DAYS LEFT\n"+
		"account  baseline  -       -                  us-west-2  -             -           -\n"+
		"nopit    project   nopit   Dr. K. Researcher  us-west-2  10.32.0.0/20  2027-06-30  205\n"+
		"old      project   cardio  Dr. B. Okafor      us-east-2  10.31.0.0/16  2026-11-30  -7 (ended)\n"+
		"vitals   project   vitals  Dr. A. Chen        us-west-2  10.30.0.0/24  2027-01-05  29\n"+
		"3 project stacks, 1 baseline stack; days left counted from 2026-12-07 (UTC)\n", stdout)
}

func TestStacksJSON(t *testing.T) {
	listed := listedStacks(t)
	dir := stacksDir(t, map[string]string{"account": listed["account"], "vitals": listed["vitals"]})
	stdout, stderr, code := runStacksCmd(t, stacksApp(), "--stacks", dir, "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, `{
  "asOf": "2026-12-07",
  "stacks": [
    {
      "stack": "account",
      "kind": "baseline",
      "pit": "",
      "principalInvestigator": "",
      "region": "us-west-2",
      "vpcCidr": "",
      "studyEndDate": "",
      "daysLeft": null
    },
    {
      "stack": "vitals",
      "kind": "project",
      "pit": "vitals",
      "principalInvestigator": "Dr. A. Chen",
      "region": "us-west-2",
      "vpcCidr": "10.30.0.0/24",
      "studyEndDate": "2027-01-05",
      "daysLeft": 29
    }
  ]
}
`, stdout)
}

// TestStacksShipped: the repository's stacks list, the hipaa project and
// the account baseline among them.
func TestStacksShipped(t *testing.T) {
	stdout, stderr, code := runStacksCmd(t, stacksApp(), "--stacks", shippedStacks, "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var list stackList
	require.NoError(t, json.Unmarshal([]byte(stdout), &list))
	rows := map[string]stackRow{}
	for _, r := range list.Stacks {
		rows[r.Stack] = r
	}
	days := 205
	assert.Equal(t, stackRow{Stack: "hipaa", Kind: "project", PIT: "hipaa", PrincipalInvestigator: "Dr. K. Researcher",
		Region: "us-west-2", VpcCidr: "10.20.0.0/16", StudyEndDate: "2027-06-30", DaysLeft: &days}, rows["hipaa"])
	assert.Equal(t, stackRow{Stack: "account", Kind: "baseline", Region: "us-west-2"}, rows["account"])
}

func TestStacksErrors(t *testing.T) {
	bad := stacksDir(t, map[string]string{
		"a": shippedFile(t, "hipaa", map[string]string{"sce:pit": "alpha", "sce:studyEndDate": `"2027-13-01"`}),
		"d": shippedFile(t, "hipaa", map[string]string{"sce:pit": "delta", "sce:vpcCidr": "", "sce:vpcCidrs": ""}),
		"b": "config:\n  aws:region: us-west-2\n  sce:kind: project\n",
		"c": "config:\n  aws:region: us-west-2\n  sce:vpcCidrs: 10.0.0.0/16\n",
	})
	empty := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(empty, "Pulumi.yaml"), []byte("name: sce\n"), 0o600))
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"every problem, located", []string{"--stacks", bad},
			bad + "/Pulumi.a.yaml:11: sce:studyEndDate: \"2027-13-01\" is not a date as YYYY-MM-DD, for example 2027-06-30\n" +
				bad + "/Pulumi.b.yaml:3: sce:kind: \"project\" is not a stack kind: use environment (the default) or baseline\n" +
				bad + "/Pulumi.c.yaml:3: sce:vpcCidrs: unknown config key: did you mean sce:vpcCidr?\n" +
				bad + "/Pulumi.d.yaml: sce:vpcCidr: missing from this file: is required: an RFC 1918 block from /16 to /24 " +
				"that no other project uses, for example 10.20.0.0/16\n"},
		{"no stack files", []string{"--stacks", empty},
			"sce: no stacks: " + empty + " holds no Pulumi.<stack>.yaml files (pass --stacks DIR)\n"},
		{"no directory", []string{"--stacks", "/nonexistent/stacks"},
			"sce: stacks directory: open /nonexistent/stacks: no such file or directory (run sce from the repository root, or pass --stacks)\n"},
		{"format", []string{"--stacks", shippedStacks, "--format", "yaml"}, "sce: unknown --format \"yaml\": use table or json\n"},
		{"arguments", []string{"hipaa"}, "sce: accepts 0 arg(s), received 1: usage: sce stacks [flags]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runStacksCmd(t, stacksApp(), tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, stdout)
			assert.Equal(t, tt.stderr, stderr)
		})
	}
}
