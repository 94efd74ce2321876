package operations

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// Backup schedules (UTC, AWS Backup's cron format) and windows.
const (
	backupDailySchedule   = "cron(0 5 ? * * *)"
	backupMonthlySchedule = "cron(0 5 1 * ? *)"
	// backupStartWindowMinutes and backupCompletionWindowMinutes bound a job.
	backupStartWindowMinutes      = 60
	backupCompletionWindowMinutes = 480
	// backupLockChangeableDays is the vault lock's grace time: for 3 days
	// (the shortest AWS Backup allows) a wrong lock can still be removed;
	// afterwards it is immutable (compliance mode) and nobody, not even the
	// account's root user, deletes a recovery point before its minimum
	// retention nor removes the lock.
	backupLockChangeableDays = 3
)

// backupServicePolicies returns the AWS-managed policies of the AWS Backup
// service role: AWS keeps them in step with the resource types Backup
// supports, they allow only what Backup does on behalf of the account
// (snapshots, AMIs, restores, grants on the keys of backed-up resources),
// and they are what AWS's own default backup role uses. The project key's
// policy admits them through its account statement.
func backupServicePolicies() []string {
	return []string{
		"service-role/AWSBackupServiceRolePolicyForBackup",
		"service-role/AWSBackupServiceRolePolicyForRestores",
	}
}

// BackupArgs are the inputs of Backup.
type BackupArgs struct {
	// KeyArn is the project key, which encrypts the vault.
	KeyArn pulumi.StringOutput
	// MinRetentionDays is how long every recovery point is kept, and the
	// vault lock's minimum retention.
	MinRetentionDays int
	// MonthlyRetentionDays is how long the monthly recovery points are kept.
	MonthlyRetentionDays int
}

// Backup backs up the project's instances and data volumes: a vault
// encrypted with the project key, locked for the minimum retention and
// denying manual deletion of its recovery points, a plan with a daily and
// a monthly rule, and a selection of every EC2 instance and EBS volume
// tagged with the project's PIT. A suspended project keeps its backups (its
// stopped instances are still backed up).
//
// The vault, its lock and its access policy are retained on delete: AWS
// refuses to delete a vault that still holds recovery points, and the lock
// keeps them until their retention ends, so `pulumi destroy` (close-out)
// leaves the three in the account, out of the stack's state, and close-out
// reports the vault and its recovery points as kept on purpose.
func Backup(s scope.Scope, a BackupArgs) error {
	vaultName := s.Names.Logical("backup-vault")
	vault, err := backup.NewVault(s.Ctx, vaultName, &backup.VaultArgs{
		Name: pulumi.String(vaultName), KmsKeyArn: a.KeyArn, Tags: s.Tags(vaultName),
	}, s.Opts(pulumi.Protect(true), pulumi.RetainOnDelete(true))...)
	if err != nil {
		return fmt.Errorf("backup vault: %w", err)
	}
	if _, err := backup.NewVaultLockConfiguration(s.Ctx, vaultName+"-lock", &backup.VaultLockConfigurationArgs{
		BackupVaultName:   vault.Name,
		MinRetentionDays:  pulumi.Int(a.MinRetentionDays),
		ChangeableForDays: pulumi.Int(backupLockChangeableDays),
	}, s.Opts(pulumi.RetainOnDelete(true))...); err != nil {
		return fmt.Errorf("backup vault lock: %w", err)
	}
	if err := backupVaultPolicy(s, vault); err != nil {
		return err
	}
	plan, err := backupPlan(s, a, vault)
	if err != nil {
		return err
	}
	role, attachments, err := backupRole(s)
	if err != nil {
		return err
	}
	name := s.Names.Logical("backup-selection")
	_, err = backup.NewSelection(s.Ctx, name, &backup.SelectionArgs{
		Name:       pulumi.String(name),
		PlanId:     plan.ID(),
		IamRoleArn: role.Arn,
		Resources: pulumi.StringArray{
			pulumi.String(fmt.Sprintf("arn:%s:ec2:*:*:instance/*", s.Names.Partition)),
			pulumi.String(fmt.Sprintf("arn:%s:ec2:*:*:volume/*", s.Names.Partition)),
		},
		Conditions: backup.SelectionConditionArray{&backup.SelectionConditionArgs{
			StringEquals: backup.SelectionConditionStringEqualArray{&backup.SelectionConditionStringEqualArgs{
				Key: pulumi.String("aws:ResourceTag/" + tags.PIT), Value: pulumi.String(s.Names.PIT),
			}},
		}},
	}, s.Opts(pulumi.DependsOn(attachments))...)
	if err != nil {
		return fmt.Errorf("backup selection: %w", err)
	}
	return nil
}

// vaultDeletionDenied are the actions the vault access policy denies to
// every principal: deleting a recovery point, shortening its lifecycle, and
// replacing the policy that denies both. These three are what the official
// conformance rule backup-recovery-point-manual-deletion-disabled looks for
// in a Deny statement.
func vaultDeletionDenied() []string {
	return []string{"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"}
}

// backupVaultPolicy gives the vault an access policy that denies manual
// deletion of recovery points to everyone, the account's administrators
// included (AWS Backup's own lifecycle expiry is not a principal's call and
// still deletes points whose retention has ended). Because the policy also
// denies replacing itself, changing it later takes deleting it first
// (backup:DeleteBackupVaultAccessPolicy, which an administrator may do, and
// which the trail records), then `pulumi up`.
func backupVaultPolicy(s scope.Scope, vault *backup.Vault) error {
	doc, err := iamdoc.JSON(iamdoc.Statement{
		Sid: "DenyManualRecoveryPointDeletion", Effect: iamdoc.Deny, Principal: iamdoc.AWSPrincipal("*"),
		Action: vaultDeletionDenied(), Resource: "*",
	})
	if err != nil {
		return fmt.Errorf("backup vault policy: %w", err)
	}
	name := s.Names.Logical("backup-vault-policy")
	if _, err := backup.NewVaultPolicy(s.Ctx, name, &backup.VaultPolicyArgs{
		BackupVaultName: vault.Name, Policy: pulumi.String(doc),
	}, s.Opts(pulumi.RetainOnDelete(true))...); err != nil {
		return fmt.Errorf("backup vault policy: %w", err)
	}
	return nil
}

// backupPlan creates the plan: daily points kept the minimum retention,
// monthly points kept longer. Copies to a second region are not made.
func backupPlan(s scope.Scope, a BackupArgs, vault *backup.Vault) (*backup.Plan, error) {
	rule := func(name, schedule string, days int) *backup.PlanRuleArgs {
		return &backup.PlanRuleArgs{
			RuleName: pulumi.String(name), TargetVaultName: vault.Name, Schedule: pulumi.String(schedule),
			StartWindow: pulumi.Int(backupStartWindowMinutes), CompletionWindow: pulumi.Int(backupCompletionWindowMinutes),
			Lifecycle:         &backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(days)},
			RecoveryPointTags: pulumi.StringMap{tags.PIT: pulumi.String(s.Names.PIT)},
		}
	}
	name := s.Names.Logical("backup-plan")
	plan, err := backup.NewPlan(s.Ctx, name, &backup.PlanArgs{
		Name: pulumi.String(name),
		Rules: backup.PlanRuleArray{
			rule("daily", backupDailySchedule, a.MinRetentionDays),
			rule("monthly", backupMonthlySchedule, a.MonthlyRetentionDays),
		},
		Tags: s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("backup plan: %w", err)
	}
	return plan, nil
}

// backupRole creates the role AWS Backup assumes for the project's jobs,
// with the AWS-managed backup and restore policies attached.
func backupRole(s scope.Scope) (*iam.Role, []pulumi.Resource, error) {
	name := s.Names.Logical("backup-role")
	trust, err := iamdoc.TrustPolicy(s.Names.Account, "backup.amazonaws.com", nil) // only for this account's backups (confused deputy)
	if err != nil {
		return nil, nil, fmt.Errorf("backup trust policy: %w", err)
	}
	r, err := iam.NewRole(s.Ctx, name, &iam.RoleArgs{Name: pulumi.String(name), AssumeRolePolicy: pulumi.String(trust), Tags: s.Tags(name)}, s.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("backup role: %w", err)
	}
	var attachments []pulumi.Resource
	for _, p := range backupServicePolicies() {
		a, err := iam.NewRolePolicyAttachment(s.Ctx, name+"-"+p[len("service-role/"):], &iam.RolePolicyAttachmentArgs{
			Role: r.Name, PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", s.Names.Partition, p)),
		}, s.Opts()...)
		if err != nil {
			return nil, nil, fmt.Errorf("backup role policy %s: %w", p, err)
		}
		attachments = append(attachments, a)
	}
	return r, attachments, nil
}
