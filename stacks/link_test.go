package stacks_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// Tests of the link between a project stack and the account's baseline
// stack (sce:baselineStack): the project reads the baseline's outputs
// through a StackReference and re-exports the archive for close-out.

func TestProjectReExportsTheBaselineArchive(t *testing.T) {
	base := shippedPlan(t, "account").Outputs
	for _, stack := range []string{"hipaa", "omop"} {
		out := shippedPlan(t, stack).Outputs
		assert.Equal(t, "account", out["baselineStack"], stack)
		assert.Equal(t, base[sce.OutputArchiveBucketName], out[sce.OutputArchiveBucketName], stack)
		assert.Equal(t, base[sce.OutputArchiveKeyArn], out[sce.OutputArchiveKeyArn], stack)
		assert.Equal(t, base[sce.OutputAlertTopicArn], out[sce.OutputBaselineAlertTopicArn], stack)
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
				`account; deploy that stack once before any project (docs/deploying.md)`}},
		{"malformed", map[string]string{"sce:baselineStack": "a b"}, []string{
			`sce:baselineStack: "a b" is not a stack name: use stack, org/stack or org/project/stack`}},
		{"itself", map[string]string{"sce:baselineStack": "acme/sce/hipaa"}, []string{
			`sce:baselineStack: "acme/sce/hipaa" is this project's own stack: name the account's baseline stack`}},
		{"pit is the baseline's name", map[string]string{"sce:pit": "account"}, []string{
			`sce:pit: "account" is also the name of the baseline stack (and, by default, of its resources): ` +
				"the project's buckets, trail and key alias would clash with the baseline's; choose another PIT"}},
		{"not a baseline", map[string]string{"sce:baselineStack": "omop"}, []string{
			"sce:baselineStack: stack \"omop\" is a research project's stack (it exports pit), not the account's " +
				"baseline: name the baseline stack (sce:kind: baseline) here"}},
		{"region not the baseline's", map[string]string{"aws:region": "us-east-1", "sce:availabilityZone": "us-east-1a"}, []string{
			`aws:region: "us-east-1" is not the region of the baseline stack account (us-west-2, the region of its key): a ` +
				"baseline's AWS Config recorder and regional controls cover its own region only; deploy this project in " +
				"us-west-2, or deploy a baseline stack for us-east-1 and name it in sce:baselineStack"}},
		{"baseline setting", map[string]string{"sce:archiveRetentionYears": "7", "sce:adoptExistingRecorder": "true"}, []string{
			"sce:adoptExistingRecorder: is a baseline setting (sce:kind: baseline), but this is a project stack: set it in the baseline's stack file",
			"sce:archiveRetentionYears: is a baseline setting (sce:kind: baseline), but this is a project stack: set it in the baseline's stack file"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := planWithChanges(t, "hipaa", c.changes)
			assert.Equal(t, c.want, validationProblems(t, err))
		})
	}
}

func TestMissingBaselineStackFileIsLocated(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("Pulumi.hipaa.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.hipaa.yaml"), data, 0o600))

	_, err = stackfile.Plan(context.Background(), dir, "hipaa", stacks.Build, stacks.KnownConfigKeys())
	var cerrs stackfile.ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	path := filepath.Join(dir, "Pulumi.hipaa.yaml")
	assert.Equal(t, stackfile.ConfigErrors{{Path: path, Line: lineOf(t, string(data), "  sce:baselineStack:"), Key: "sce:baselineStack",
		Message: `names the stack "account", which has no stack file ` + filepath.Join(dir, "Pulumi.account.yaml") +
			` (stacks there: hipaa): write that stack's file, or name an existing stack`}}, cerrs)
}
