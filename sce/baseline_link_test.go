package sce_test

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// runStack plans a shipped stack with changes to its config ("" deletes a
// key), resolving stack references from the shipped stack files.
func runStack(t *testing.T, stack string, changes map[string]string) (*plan.Plan, error) {
	t.Helper()
	cfg := maps.Clone(stackPlan(t, stack).Config)
	for k, v := range changes {
		if v == "" {
			delete(cfg, k)
		} else {
			cfg[k] = v
		}
	}
	return plan.Run(context.Background(), plan.RunOptions{Stack: stack, Config: cfg, Program: stacks.Build,
		StackReferences: shippedStacks()})
}

// problems returns the validation problems of err as "key: message" lines.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var verrs sce.ValidationErrors
	require.True(t, errors.As(err, &verrs), "want ValidationErrors, got %v", err)
	var out []string
	for _, e := range verrs {
		out = append(out, e.Error())
	}
	return out
}

func TestProjectReExportsTheBaselineArchive(t *testing.T) {
	base := accountPlan(t).Outputs
	for _, stack := range []string{"hipaa", "omop"} {
		out := stackPlan(t, stack).Outputs
		assert.Equal(t, "account", out["baselineStack"], stack)
		assert.Equal(t, base["archiveBucketName"], out["archiveBucketName"], stack)
		assert.Equal(t, base["archiveKeyArn"], out["archiveKeyArn"], stack)
		assert.Equal(t, base["alertTopicArn"], out["baselineAlertTopicArn"], stack)
	}
}

func TestProjectStackLinkErrors(t *testing.T) {
	cases := []struct {
		name    string
		changes map[string]string
		want    []string
	}{
		{"no baseline stack", map[string]string{"sce:baselineStack": ""}, []string{
			`sce:baselineStack: is required: the name of the account's baseline stack (sce:kind: baseline), for example ` +
				`account; deploy that stack once before any project (README "First-time setup")`}},
		{"malformed", map[string]string{"sce:baselineStack": "a b"}, []string{
			`sce:baselineStack: "a b" is not a stack name: use stack, org/stack or org/project/stack`}},
		{"itself", map[string]string{"sce:baselineStack": "acme/sce/hipaa"}, []string{
			`sce:baselineStack: "acme/sce/hipaa" is this project's own stack: name the account's baseline stack`}},
		{"pit is the baseline's name", map[string]string{"sce:pit": "account"}, []string{
			`sce:pit: "account" is also the name of the baseline stack (and, by default, of its resources): ` +
				"the project's buckets, trail and key alias would clash with the baseline's; choose another PIT"}},
		{"not a baseline", map[string]string{"sce:baselineStack": "omop"}, []string{
			"sce:baselineStack: stack \"omop\" is not a deployed baseline (it has no output configRecorderManaged): " +
				"name the account's baseline stack " +
				"(sce:kind: baseline) and run `pulumi up -s omop` before this project"}},
		{"baseline setting", map[string]string{"sce:archiveRetentionYears": "7", "sce:adoptExistingRecorder": "true"}, []string{
			"sce:adoptExistingRecorder: is a baseline setting (sce:kind: baseline), but this is a project stack: set it in the baseline's stack file",
			"sce:archiveRetentionYears: is a baseline setting (sce:kind: baseline), but this is a project stack: set it in the baseline's stack file"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := runStack(t, "hipaa", c.changes)
			assert.Equal(t, c.want, problems(t, err))
		})
	}
}

func TestMissingBaselineStackFileIsLocated(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../stacks/Pulumi.hipaa.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.hipaa.yaml"), data, 0o600))
	line := 1 + strings.Count(string(data[:strings.Index(string(data), "  sce:baselineStack:")]), "\n")

	_, err = stackfile.Plan(context.Background(), dir, "hipaa", stacks.Build, stacks.KnownConfigKeys())
	var cerrs stackfile.ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	path := filepath.Join(dir, "Pulumi.hipaa.yaml")
	assert.Equal(t, stackfile.ConfigErrors{{Path: path, Line: line, Key: "sce:baselineStack",
		Message: `names the stack "account", which has no stack file ` + filepath.Join(dir, "Pulumi.account.yaml") +
			` (stacks there: hipaa): write that stack's file, or name an existing stack`}}, cerrs)
}

func TestBaselineStackConfigErrors(t *testing.T) {
	cases := []struct {
		name    string
		changes map[string]string
		want    []string
	}{
		{"project setting", map[string]string{"sce:vpcCidr": "10.9.0.0/16", "sce:baselineStack": "account"}, []string{
			"sce:vpcCidr: is a project setting, but this is a baseline stack (sce:kind: baseline): remove it",
			"sce:baselineStack: is a project setting, but this is a baseline stack (sce:kind: baseline): remove it"}},
		{"not a flag", map[string]string{"sce:adoptExistingRecorder": "maybe"}, []string{
			`sce:adoptExistingRecorder: "maybe" is not true or false`}},
		{"type error with validation", map[string]string{"sce:archiveRetentionYears": "six", "sce:owner": ""}, []string{
			`sce:archiveRetentionYears: "six" is not a whole number`,
			"sce:owner: is required: the accountable contact for the account's controls, usually the security team's e-mail"}},
		{"validation", map[string]string{"sce:archiveRetentionYears": "3", "sce:name": "Acct"}, []string{
			`sce:name: "Acct" must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'`,
			"sce:archiveRetentionYears: 3 years is less than the 6 years HIPAA requires documentation to be kept " +
				"(45 CFR 164.316(b)(2)(i)): use 6 to 100"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := runStack(t, baselineStack, c.changes)
			assert.Nil(t, p)
			assert.Equal(t, c.want, problems(t, err))
		})
	}
}

func TestBaselineConfigErrorsAreLocatedInItsFile(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../stacks/Pulumi.account.yaml")
	require.NoError(t, err)
	bad := strings.Replace(string(data), "sce:archiveRetentionYears: 6", "sce:archiveRetentionYears: 2", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.account.yaml"), []byte(bad), 0o600))
	_, err = stackfile.Plan(context.Background(), dir, "account", stacks.Build, stacks.KnownConfigKeys())
	var cerrs stackfile.ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	require.Len(t, cerrs, 1)
	assert.Equal(t, "sce:archiveRetentionYears", cerrs[0].Key)
	assert.Equal(t, 1+strings.Count(bad[:strings.Index(bad, "  sce:archiveRetentionYears:")], "\n"), cerrs[0].Line)

	// A project whose baseline has a config error reports it in the baseline's file.
	hipaa, err := os.ReadFile("../stacks/Pulumi.hipaa.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.hipaa.yaml"), hipaa, 0o600))
	_, err = stackfile.Plan(context.Background(), dir, "hipaa", stacks.Build, stacks.KnownConfigKeys())
	require.ErrorAs(t, err, &cerrs)
	assert.Equal(t, filepath.Join(dir, "Pulumi.account.yaml"), cerrs[0].Path)
}
