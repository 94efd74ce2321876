package stacks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// Tests of the baseline stack (sce:kind: baseline), Pulumi.account.yaml.

func TestBaselineStackConfigErrors(t *testing.T) {
	cases := []struct {
		name    string
		changes map[string]string
		want    []string
	}{
		{"project setting", map[string]string{"sce:vpcCidr": "10.9.0.0/16", "sce:baselineStack": "account"}, []string{
			"sce:vpcCidr: is a project setting, but this is a baseline stack (sce:kind: baseline): remove it",
			"sce:baselineStack: is a project setting, but this is a baseline stack (sce:kind: baseline): remove it"}},
		{"warehouse usage", map[string]string{"sce:usage": `{"warehouseStorageGb":10}`}, []string{
			"sce:usage.warehouseStorageGb: is set, but the stack has no warehouse (sce:warehouse), so nothing uses it and the " +
				"estimate prices no warehouse storage: remove it: a baseline stack has none"}},
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
			p, err := planWithChanges(t, "account", c.changes)
			assert.Nil(t, p)
			assert.Equal(t, c.want, validationProblems(t, err))
		})
	}
}

func TestBaselineConfigErrorsAreLocatedInItsFile(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("Pulumi.account.yaml")
	require.NoError(t, err)
	bad := strings.Replace(string(data), "sce:archiveRetentionYears: 6", "sce:archiveRetentionYears: 2", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.account.yaml"), []byte(bad), 0o600))
	_, err = stackfile.Plan(context.Background(), dir, "account", stacks.Build, stacks.KnownConfigKeys())
	var cerrs stackfile.ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	require.Len(t, cerrs, 1)
	assert.Equal(t, "sce:archiveRetentionYears", cerrs[0].Key)
	assert.Equal(t, lineOf(t, bad, "  sce:archiveRetentionYears:"), cerrs[0].Line)

	// A project whose baseline has a config error reports it in the baseline's file.
	hipaa, err := os.ReadFile("Pulumi.hipaa.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.hipaa.yaml"), hipaa, 0o600))
	_, err = stackfile.Plan(context.Background(), dir, "hipaa", stacks.Build, stacks.KnownConfigKeys())
	require.ErrorAs(t, err, &cerrs)
	assert.Equal(t, filepath.Join(dir, "Pulumi.account.yaml"), cerrs[0].Path)
}

func TestBaselineNameDefaultsToTheStack(t *testing.T) {
	p := shippedPlan(t, "account")
	assert.Equal(t, "account", p.Outputs["name"])
	assert.Len(t, p.Find(sce.BaselineType), 1)
	assert.Equal(t, "account", p.Find(sce.BaselineType)[0].Name)

	p, err := planWithChanges(t, "account", map[string]string{"sce:name": "acme"})
	require.NoError(t, err)
	assert.Equal(t, "acme-archive-123456789012-us-west-2", p.Outputs[sce.OutputArchiveBucketName])
	assert.Equal(t, "acme", p.Outputs["name"])
	require.Len(t, p.Find(sce.BaselineType), 1)
	assert.Equal(t, "acme", p.Find(sce.BaselineType)[0].Name)
}

func TestArchiveRetentionYearsFromConfig(t *testing.T) {
	p, err := planWithChanges(t, "account", map[string]string{"sce:archiveRetentionYears": "10"})
	require.NoError(t, err)
	var rule any
	for _, r := range p.Find(awstype.S3BucketObjectLockConfigurationV2) {
		if r.Name == "account-archive-object-lock" {
			rule = r.Inputs["rule"]
		}
	}
	assert.Equal(t, map[string]any{"defaultRetention": map[string]any{"mode": "COMPLIANCE", "years": float64(10)}}, rule)
}

func TestBaselineStackOutputs(t *testing.T) {
	out := shippedPlan(t, "account").Outputs
	assert.Equal(t, "account", out["name"], "the stack adds the baseline's name")
	assert.Equal(t, true, out[sce.OutputConfigRecorderManaged], "sce:adoptExistingRecorder is false")
	assert.Equal(t, "account-archive-123456789012-us-west-2", out[sce.OutputArchiveBucketName])
	assert.Len(t, out, 11, "the Baseline's ten outputs and its name")
}
