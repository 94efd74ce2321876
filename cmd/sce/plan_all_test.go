package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/progress"
	"github.com/sce-dev/sce/stacks"
)

// fleetDir is a stacks directory of testProgram stacks: a and b plan, bad
// fails its validation of sce:pit.
func fleetDir(t *testing.T) string {
	return stacksDir(t, map[string]string{
		"a":   "config:\n  aws:region: us-west-2\n  sce:pit: a\n",
		"b":   "config:\n  aws:region: us-west-2\n  sce:pit: b\n",
		"bad": "config:\n  aws:region: us-west-2\n  sce:pit: bad\n",
	})
}

func TestPlanAllTable(t *testing.T) {
	dir := fleetDir(t)
	stdout, stderr, code := execute(t, "plan", "--all", "--stacks", dir)
	assert.Equal(t, 1, code)
	assert.Equal(t, offlineNotice+"\n\n"+
		"STACK  STATUS          RESOURCES  MANDATORY  ADVISORY  MONTHLY WORKING HOURS  MONTHLY ALWAYS ON\n"+
		"a      ok              3          0          0         $2.63                  $2.63\n"+
		"b      ok              3          0          0         $2.63                  $2.63\n"+
		"bad    failed: config  -          -          -         -                      -\n"+
		"\n3 stacks: 2 ok, 1 failed (bad)\n"+
		"6 resources, 0 mandatory violations and 0 advisory violations in the planned stacks\n"+
		"estimated monthly cost of the planned stacks, without the shared per-region fees: "+
		"$5.26 working hours / $5.26 always on\n", stdout)
	assert.Equal(t, "stack bad failed (config):\n  "+filepath.Join(dir, "Pulumi.bad.yaml")+
		`:3: sce:pit: "bad" is not allowed: pick another name`+"\n"+
		"sce: 1 of 3 stacks failed: bad\n", stderr)
}

func TestPlanAllJSONCountsMandatoryViolations(t *testing.T) {
	dir := fleetDir(t)
	stdout, stderr, code := executeWith(t, policyApp(), "plan", "--all", "--stacks", dir, "--format", "json")
	assert.Equal(t, 1, code)
	var r struct {
		Stacks  []map[string]any `json:"stacks"`
		Summary map[string]any   `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &r), "stdout is the JSON report only")
	require.Len(t, r.Stacks, 3)
	monthly := map[string]any{
		"monthly": map[string]any{"suspended": 2.63, "workingHours": 2.63, "alwaysOn": 2.63},
		"atLeast": map[string]any{"suspended": false, "workingHours": false, "alwaysOn": false},
	}
	for i, name := range []string{"a", "b"} {
		assert.Equal(t, map[string]any{"stack": name, "ok": false, "failure": "mandatory",
			"error":     fmt.Sprintf("stack %s has 16 mandatory policy violations: fix them (see docs/policy-pack.md)", name),
			"resources": 3.0, "mandatory": 16.0, "advisory": 0.0, "monthly": monthly}, r.Stacks[i])
	}
	assert.Equal(t, map[string]any{"stack": "bad", "ok": false, "failure": "config",
		"error":     filepath.Join(dir, "Pulumi.bad.yaml") + `:3: sce:pit: "bad" is not allowed: pick another name`,
		"resources": 0.0, "mandatory": 0.0, "advisory": 0.0}, r.Stacks[2])
	assert.Equal(t, map[string]any{"stacks": 3.0, "failed": 3.0, "failedStacks": []any{"a", "b", "bad"},
		"resources": 6.0, "mandatory": 32.0, "advisory": 0.0, "monthly": map[string]any{
			"monthly": map[string]any{"suspended": 5.26, "workingHours": 5.26, "alwaysOn": 5.26},
			"atLeast": monthly["atLeast"]}}, r.Summary)
	assert.Contains(t, stderr, "stack a failed (mandatory):\n  stack a has 16 mandatory policy violations: "+
		"fix them (see docs/policy-pack.md)\n  sce plan a lists them\n")
	assert.Contains(t, stderr, "sce: 3 of 3 stacks failed: a, b, bad\n")
}

func TestPlanAllPassesWhenEveryStackPlans(t *testing.T) {
	dir := stacksDir(t, map[string]string{"a": devStack})
	stdout, stderr, code := execute(t, "plan", "--all", "--stacks", dir)
	assert.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr, "no terminal: no progress bar")
	assert.Contains(t, stdout, "\n1 stack: 1 ok, 0 failed\n")
}

func TestPlanAllUsage(t *testing.T) {
	dir := fleetDir(t)
	empty := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--all", "a", "--stacks", dir}, `sce: --all plans every stack: give no stack name (got "a")`},
		{[]string{"plan", "--all", "--stacks", dir, "--out", "x.json"}, "sce: --out writes one stack's plan: it does not go with --all"},
		{[]string{"plan", "--all", "--stacks", dir, "--format", "yaml"}, `sce: unknown --format "yaml": use table or json`},
		{[]string{"plan", "--all", "--stacks", empty}, "sce: no stack files (Pulumi.<stack>.yaml) in " + empty + ": pass --stacks DIR"},
		{[]string{"plan"}, "sce: accepts 1 arg(s), received 0: usage: sce plan <stack> | --all [flags]"},
	}
	for _, tt := range tests {
		stdout, stderr, code := execute(t, tt.args...)
		assert.Equal(t, 2, code, tt.args)
		assert.Empty(t, stdout, tt.args)
		assert.Equal(t, tt.want+"\n", stderr, tt.args)
	}
}

func TestPlanAllDrawsProgress(t *testing.T) {
	dir := fleetDir(t)
	a := testApp()
	a.policies = newPackLoader(nil)
	fp, err := newFleetPlanner(context.Background(), a, dir, "")
	require.NoError(t, err)
	var out bytes.Buffer
	r := fp.planAll(context.Background(), []string{"a", "b", "bad"}, progress.New(&out, "planning 3 stacks", true))
	assert.Equal(t, 1, r.Summary.Failed)
	assert.True(t, strings.HasPrefix(out.String(), "\r\x1b[Kplanning 3 stacks [........................]   0% 0/3 0s"), out.String())
	assert.Contains(t, out.String(), "[########################] 100% 3/3 ")
	assert.True(t, strings.HasSuffix(out.String(), "\n"), "the bar's line is ended")
}

// TestPlanAllComparesTheStacks: --all runs the checks sce plan runs
// against the other stacks of the directory, reading it once: two projects
// with one PIT both fail as config errors, before either is planned.
func TestPlanAllComparesTheStacks(t *testing.T) {
	dir := stacksDir(t, map[string]string{
		"a":  "config:\n  aws:region: us-west-2\n  sce:pit: a\n",
		"a2": "config:\n  aws:region: us-west-2\n  sce:pit: a\n",
		"b":  "config:\n  aws:region: us-west-2\n  sce:pit: b\n",
	})
	a := testApp()
	a.neighbours = stacks.CheckNeighbours
	stdout, stderr, code := executeWith(t, a, "plan", "--all", "--stacks", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout, "\n3 stacks: 1 ok, 2 failed (a, a2)\n")
	assert.Contains(t, stderr, "stack a failed (config):\n  "+filepath.Join(dir, "Pulumi.a.yaml")+
		`:3: sce:pit: "a" is also the PIT of stack a2 (`+filepath.Join(dir, "Pulumi.a2.yaml")+":3)")
	assert.Contains(t, stderr, "stack a2 failed (config):\n  "+filepath.Join(dir, "Pulumi.a2.yaml")+
		`:3: sce:pit: "a" is also the PIT of stack a (`+filepath.Join(dir, "Pulumi.a.yaml")+":3)")
	assert.True(t, strings.HasSuffix(stderr, "sce: 2 of 3 stacks failed: a, a2\n"), stderr)
}

// countRuns wraps program to count its runs by stack.
func countRuns(program plan.Program) (plan.Program, func() map[string]int) {
	var mu sync.Mutex
	runs := map[string]int{}
	counted := func(ctx *pulumi.Context) (pulumi.Map, error) {
		mu.Lock()
		runs[ctx.Stack()]++
		mu.Unlock()
		return program(ctx)
	}
	return counted, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		return maps.Clone(runs)
	}
}

// TestPlanAllPlansTheBaselineOnce: the account baseline, which every
// project references, is planned once for its own line and for the
// projects' references, with every stack planned at the same time; its own
// line is the plan the projects read.
func TestPlanAllPlansTheBaselineOnce(t *testing.T) {
	dir := repoStacks(t)
	a := defaultApp()
	a.policyPack = nil
	a.policies = newPackLoader(nil)
	var runs func() map[string]int
	a.build, runs = countRuns(a.build)
	fp, err := newFleetPlanner(context.Background(), a, dir, "")
	require.NoError(t, err)
	names := []string{"account", "hipaa", "omop"}
	fp.workers = len(names)
	// A wait that never ends fails the test instead of hanging the run.
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	r := fp.planAll(ctx, names, progress.New(io.Discard, "", false))
	require.Equal(t, 0, r.Summary.Failed, "%+v", r.Stacks)
	assert.Equal(t, map[string]int{"account": 1, "hipaa": 1, "omop": 1}, runs())
}

// TestPlanAllNamesThePolicyConfig: with --policy-config, the table and the
// JSON name the file and the rules it disabled or moved, so that the fleet's
// "0 mandatory violations" is never read without them; without one, the
// table has no such line and the JSON says so with an empty file.
func TestPlanAllNamesThePolicyConfig(t *testing.T) {
	dir := stacksDir(t, map[string]string{"a": devStack})
	cfg := filepath.Join(t.TempDir(), "policy.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"deny_tags_pit": "disabled", "deny_kms_deletion_window": "advisory"}`), 0o600))
	stdout, stderr, code := executeWith(t, policyApp(), "plan", "--all", "--stacks", dir, "--policy-config", cfg)
	require.Equal(t, 1, code, stdout+stderr)
	assert.True(t, strings.HasSuffix(stdout, "always on\npolicy config "+cfg+": disabled 1 rule (deny_tags_pit), "+
		"changed the level of 1 rule (deny_kms_deletion_window)\n"), stdout)

	stdout, _, _ = executeWith(t, policyApp(), "plan", "--all", "--stacks", dir, "--policy-config", cfg, "--format", "json")
	var r struct {
		PolicyConfig map[string]any `json:"policyConfig"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &r))
	assert.Equal(t, map[string]any{"file": cfg, "disabled": []any{"deny_tags_pit"}, "changed": []any{"deny_kms_deletion_window"}},
		r.PolicyConfig)

	stdout, _, _ = executeWith(t, policyApp(), "plan", "--all", "--stacks", dir)
	assert.NotContains(t, stdout, "policy config")
	stdout, _, _ = executeWith(t, policyApp(), "plan", "--all", "--stacks", dir, "--format", "json")
	require.NoError(t, json.Unmarshal([]byte(stdout), &r))
	assert.Equal(t, map[string]any{"file": "", "disabled": []any{}, "changed": []any{}}, r.PolicyConfig)
}
