package sce_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/sce"
)

func TestBackupVaultLockPlanSelection(t *testing.T) {
	p := hipaaPlan(t)
	vault := res(t, p, awstype.BackupVault, "hipaa-backup-vault")
	assert.Equal(t, "hipaa-backup-vault", vault.Inputs["name"])
	assert.Equal(t, []string{urnOf(t, p, tKey, "hipaa-key")}, vault.PropertyDependencies["kmsKeyArn"])
	assert.True(t, vault.Options.Protect, "the vault holds copies of PHI")
	lock := res(t, p, awstype.BackupVaultLockConfiguration, "hipaa-backup-vault-lock")
	assert.Equal(t, map[string]any{"backupVaultName": "hipaa-backup-vault", "minRetentionDays": 35.0, "changeableForDays": 3.0}, lock.Inputs)

	plan := res(t, p, awstype.BackupPlan, "hipaa-backup-plan")
	rules := plan.Inputs["rules"].([]any)
	require.Len(t, rules, 2)
	want := map[string][2]any{"daily": {"cron(0 5 ? * * *)", 35.0}, "monthly": {"cron(0 5 1 * ? *)", 365.0}}
	for _, r := range rules {
		rule := r.(map[string]any)
		w := want[rule["ruleName"].(string)]
		assert.Equal(t, w[0], rule["schedule"], rule["ruleName"])
		assert.Equal(t, map[string]any{"deleteAfter": w[1]}, rule["lifecycle"], rule["ruleName"])
		assert.Equal(t, "hipaa-backup-vault", rule["targetVaultName"])
		assert.Equal(t, map[string]any{sce.TagPIT: "hipaa"}, rule["recoveryPointTags"])
	}

	sel := res(t, p, awstype.BackupSelection, "hipaa-backup-selection")
	assert.Equal(t, []any{"arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:volume/*"}, sel.Inputs["resources"])
	assert.Equal(t, []any{map[string]any{"stringEquals": []any{map[string]any{"key": "aws:ResourceTag/sce:pit", "value": "hipaa"}}}},
		sel.Inputs["conditions"])
	assert.Equal(t, "arn:aws:iam::123456789012:role/hipaa-backup-role", sel.Inputs["iamRoleArn"])
	for _, policy := range []string{"AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"} {
		a := res(t, p, tAttach, "hipaa-backup-role-"+policy)
		assert.Equal(t, "arn:aws:iam::aws:policy/service-role/"+policy, a.Inputs["policyArn"])
		assert.Contains(t, sel.Dependencies, a.URN, "the selection waits for the role's permissions")
	}
	trust := statements(t, doc(t, res(t, p, tRole, "hipaa-backup-role").Inputs["assumeRolePolicy"]))
	assert.Equal(t, map[string]any{"Service": "backup.amazonaws.com"}, trust["BackupAssumesRole"]["Principal"])
}

func TestBackupRetentionValidation(t *testing.T) {
	a := hipaaArgs()
	a.Backup = sce.BackupArgs{MinRetentionDays: 7, MonthlyRetentionDays: 5}
	err := sce.Validate("hipaa", a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "sce:backup.minRetentionDays: is 7: keep daily recovery points 35 to 36500 days (the HIPAA conformance pack requires at least 35)")
	assert.Contains(t, err.Error(), "sce:backup.monthlyRetentionDays: is 5: keep monthly recovery points at least sce:backup.minRetentionDays (7) and at most 36500 days")
}
