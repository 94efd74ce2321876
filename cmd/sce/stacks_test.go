package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
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
// whose PIT is its stack name.
var listedStacks = map[string]string{
	"account": "config:\n  aws:region: us-west-2\n  sce:kind: baseline\n  sce:owner: it@example.edu\n",
	"vitals": "config:\n  aws:region: us-west-2\n  sce:pit: vitals\n  sce:principalInvestigator: Dr. A. Chen\n" +
		"  sce:vpcCidr: 10.30.0.0/24\n  sce:studyEndDate: \"2027-01-05\"\n",
	"old": "config:\n  aws:region: us-east-2\n  sce:pit: cardio\n  sce:principalInvestigator: Dr. B. Okafor\n" +
		"  sce:vpcCidr: 10.31.0.0/16\n  sce:studyEndDate: \"2026-11-30\"\n",
	"nopit": "config:\n  aws:region: us-west-2\n  sce:vpcCidr: 10.32.0.0/20\n",
}

func runStacksCmd(t *testing.T, a app, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"stacks"}, args...), &stdout, &stderr, a)
	return stdout.String(), stderr.String(), code
}

func TestStacksTable(t *testing.T) {
	dir := stacksDir(t, listedStacks)
	stdout, stderr, code := runStacksCmd(t, stacksApp(), "--stacks", dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stderr)
	assert.Equal(t, ""+
		"STACK    KIND      PIT     PI             REGION     VPC           STUDY ENDS  DAYS LEFT\n"+
		"account  baseline  -       -              us-west-2  -             -           -\n"+
		"nopit    project   nopit   -              us-west-2  10.32.0.0/20  -           -\n"+
		"old      project   cardio  Dr. B. Okafor  us-east-2  10.31.0.0/16  2026-11-30  -7 (ended)\n"+
		"vitals   project   vitals  Dr. A. Chen    us-west-2  10.30.0.0/24  2027-01-05  29\n"+
		"3 project stacks, 1 baseline stack; days left counted from 2026-12-07 (UTC)\n", stdout)
}

func TestStacksJSON(t *testing.T) {
	dir := stacksDir(t, map[string]string{"account": listedStacks["account"], "vitals": listedStacks["vitals"]})
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
		"a": "config:\n  aws:region: us-west-2\n  sce:studyEndDate: \"2027-13-01\"\n",
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
			bad + "/Pulumi.a.yaml:3: sce:studyEndDate: \"2027-13-01\" is not a date: write it as YYYY-MM-DD\n" +
				bad + "/Pulumi.b.yaml:3: sce:kind: \"project\" is not a stack kind: use environment (the default) or baseline\n" +
				bad + "/Pulumi.c.yaml:3: sce:vpcCidrs: unknown config key: did you mean sce:vpcCidr?\n"},
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
