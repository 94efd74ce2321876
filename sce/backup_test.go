package sce_test

import (
	"strings"
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
	assert.Equal(t, []string{vault.URN}, lock.PropertyDependencies["backupVaultName"])

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
	assert.Equal(t, map[string]any{"Sid": "AssumeRoleFrombackup.amazonaws.com", "Effect": "Allow",
		"Principal": map[string]any{"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": "123456789012"}}},
		trust["AssumeRoleFrombackup.amazonaws.com"], "AWS Backup assumes the role only for this account's backups")
}

// TestBackupVaultDeniesManualDeletion checks the vault access policy the
// official rule backup-recovery-point-manual-deletion-disabled looks for:
// one Deny statement, for every principal, of deleting recovery points,
// changing their lifecycle and replacing the policy.
func TestBackupVaultDeniesManualDeletion(t *testing.T) {
	p := hipaaPlan(t)
	vault := res(t, p, awstype.BackupVault, "hipaa-backup-vault")
	pol := res(t, p, tBackupVaultPolicy, "hipaa-backup-vault-policy")
	assert.Equal(t, "hipaa-backup-vault", pol.Inputs["backupVaultName"])
	assert.Equal(t, []string{vault.URN}, pol.PropertyDependencies["backupVaultName"])
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"DenyManualRecoveryPointDeletion","Effect":"Deny",
		"Principal":{"AWS":"*"},"Action":["backup:DeleteRecoveryPoint","backup:UpdateRecoveryPointLifecycle",
		"backup:PutBackupVaultAccessPolicy"],"Resource":"*"}]}`, pol.Inputs["policy"].(string))
	assert.Len(t, p.Find(tBackupVaultPolicy), 1)
}

// TestBackupVaultOutlivesDestroy checks that the vault, its lock and its
// policy are retained on delete, so close-out's `pulumi destroy` does not
// fail on a vault that still holds locked recovery points; nothing else of
// the backup concern is.
func TestBackupVaultOutlivesDestroy(t *testing.T) {
	p := hipaaPlan(t)
	retained := map[string]bool{}
	for _, r := range p.Resources {
		if r.Options.RetainOnDelete && strings.HasPrefix(r.Type, "aws:backup/") {
			retained[r.Type+" "+r.Name] = true
		}
	}
	assert.Equal(t, map[string]bool{
		awstype.BackupVault + " hipaa-backup-vault":                       true,
		awstype.BackupVaultLockConfiguration + " hipaa-backup-vault-lock": true,
		tBackupVaultPolicy + " hipaa-backup-vault-policy":                 true,
	}, retained)
	assert.True(t, res(t, p, awstype.BackupVault, "hipaa-backup-vault").Options.Protect, "retained and still protected until close-out")
}

func TestBackupRetentionValidation(t *testing.T) {
	a := hipaaArgs()
	a.Backup = sce.BackupArgs{MinRetentionDays: 7, MonthlyRetentionDays: 5}
	err := sce.Validate("hipaa", a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "sce:backup.minRetentionDays: is 7: keep daily recovery points 35 to 36500 days (the HIPAA conformance pack requires at least 35)")
	assert.Contains(t, err.Error(), "sce:backup.monthlyRetentionDays: is 5: keep monthly recovery points at least sce:backup.minRetentionDays (7) and at most 36500 days")
}
