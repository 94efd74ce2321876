package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
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

// backupServicePolicies are the AWS-managed policies of the AWS Backup
// service role: AWS keeps them in step with the resource types Backup
// supports, they allow only what Backup does on behalf of the account
// (snapshots, AMIs, restores, grants on the keys of backed-up resources),
// and they are what AWS's own default backup role uses. The project key's
// policy admits them through its account statement.
var backupServicePolicies = []string{
	"service-role/AWSBackupServiceRolePolicyForBackup",
	"service-role/AWSBackupServiceRolePolicyForRestores",
}

// buildBackup backs up the project's instances and data volumes: a vault
// encrypted with the project key and locked for the minimum retention, a
// plan with a daily and a monthly rule, and a selection of every EC2
// instance and EBS volume tagged with the project's PIT. A suspended
// project keeps its backups (its stopped instances are still backed up).
func (b *builder) buildBackup() error {
	vaultName := b.Names.Logical("backup-vault")
	vault, err := backup.NewVault(b.Ctx, vaultName, &backup.VaultArgs{
		Name: pulumi.String(vaultName), KmsKeyArn: b.key.Arn, Tags: b.Tags(vaultName),
	}, b.Opts(pulumi.Protect(true))...)
	if err != nil {
		return fmt.Errorf("backup vault: %w", err)
	}
	if _, err := backup.NewVaultLockConfiguration(b.Ctx, vaultName+"-lock", &backup.VaultLockConfigurationArgs{
		BackupVaultName:   vault.Name,
		MinRetentionDays:  pulumi.Int(b.args.Backup.MinRetentionDays),
		ChangeableForDays: pulumi.Int(backupLockChangeableDays),
	}, b.Opts()...); err != nil {
		return fmt.Errorf("backup vault lock: %w", err)
	}
	plan, err := b.backupPlan(vault)
	if err != nil {
		return err
	}
	role, attachments, err := b.backupRole()
	if err != nil {
		return err
	}
	name := b.Names.Logical("backup-selection")
	_, err = backup.NewSelection(b.Ctx, name, &backup.SelectionArgs{
		Name:       pulumi.String(name),
		PlanId:     plan.ID(),
		IamRoleArn: role.Arn,
		Resources: pulumi.StringArray{
			pulumi.String(fmt.Sprintf("arn:%s:ec2:*:*:instance/*", b.Names.Partition)),
			pulumi.String(fmt.Sprintf("arn:%s:ec2:*:*:volume/*", b.Names.Partition)),
		},
		Conditions: backup.SelectionConditionArray{&backup.SelectionConditionArgs{
			StringEquals: backup.SelectionConditionStringEqualArray{&backup.SelectionConditionStringEqualArgs{
				Key: pulumi.String("aws:ResourceTag/" + TagPIT), Value: pulumi.String(b.pit),
			}},
		}},
	}, b.Opts(pulumi.DependsOn(attachments))...)
	if err != nil {
		return fmt.Errorf("backup selection: %w", err)
	}
	return nil
}

// backupPlan creates the plan: daily points kept the minimum retention,
// monthly points kept longer. Copies to a second region are not made.
func (b *builder) backupPlan(vault *backup.Vault) (*backup.Plan, error) {
	rule := func(name, schedule string, days int) *backup.PlanRuleArgs {
		return &backup.PlanRuleArgs{
			RuleName: pulumi.String(name), TargetVaultName: vault.Name, Schedule: pulumi.String(schedule),
			StartWindow: pulumi.Int(backupStartWindowMinutes), CompletionWindow: pulumi.Int(backupCompletionWindowMinutes),
			Lifecycle:         &backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(days)},
			RecoveryPointTags: pulumi.StringMap{TagPIT: pulumi.String(b.pit)},
		}
	}
	name := b.Names.Logical("backup-plan")
	plan, err := backup.NewPlan(b.Ctx, name, &backup.PlanArgs{
		Name: pulumi.String(name),
		Rules: backup.PlanRuleArray{
			rule("daily", backupDailySchedule, b.args.Backup.MinRetentionDays),
			rule("monthly", backupMonthlySchedule, b.args.Backup.MonthlyRetentionDays),
		},
		Tags: b.Tags(name),
	}, b.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("backup plan: %w", err)
	}
	return plan, nil
}

// backupRole creates the role AWS Backup assumes for the project's jobs,
// with the AWS-managed backup and restore policies attached.
func (b *builder) backupRole() (*iam.Role, []pulumi.Resource, error) {
	name := b.Names.Logical("backup-role")
	trust, err := iamdoc.JSON(iamdoc.Statement{Sid: "BackupAssumesRole", Effect: iamdoc.Allow, Principal: iamdoc.Service("backup.amazonaws.com"), Action: "sts:AssumeRole"})
	if err != nil {
		return nil, nil, fmt.Errorf("backup trust policy: %w", err)
	}
	r, err := iam.NewRole(b.Ctx, name, &iam.RoleArgs{Name: pulumi.String(name), AssumeRolePolicy: pulumi.String(trust), Tags: b.Tags(name)}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("backup role: %w", err)
	}
	var attachments []pulumi.Resource
	for _, p := range backupServicePolicies {
		a, err := iam.NewRolePolicyAttachment(b.Ctx, name+"-"+p[len("service-role/"):], &iam.RolePolicyAttachmentArgs{
			Role: r.Name, PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/%s", b.Names.Partition, p)),
		}, b.Opts()...)
		if err != nil {
			return nil, nil, fmt.Errorf("backup role policy %s: %w", p, err)
		}
		attachments = append(attachments, a)
	}
	return r, attachments, nil
}
