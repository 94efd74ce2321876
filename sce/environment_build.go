package sce

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/keys"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/operations"
)

// The builder steps below convert the public EnvironmentArgs into the
// narrow arguments of the concern packages under sce/internal and keep
// their results for the steps that depend on them.

// buildKey creates the project's customer-managed KMS key.
func (b *builder) buildKey() (err error) {
	a := keys.ProjectArgs{AdminRoleArn: b.args.AdminRoleArn}
	if b.args.Warehouse != nil {
		a.WarehouseID = b.warehouseID()
	}
	b.key, err = keys.Project(b.Scope, a)
	return err
}

// logGroup creates the project's KMS-encrypted log group /sce/<pit>/<role>
// with the configured retention.
func (b *builder) logGroup(role string) (*cloudwatch.LogGroup, error) {
	return loggroup.New(b.Scope, role, b.key.Arn, b.args.LogRetentionDays)
}

// instances are the project's bastion and workers.
func (b *builder) instances() operations.Instances {
	return operations.Instances{Bastion: b.compute.Bastion, Workers: b.compute.Workers}
}

// buildInstanceState sets the instances' running state.
func (b *builder) buildInstanceState() error {
	return operations.InstanceState(b.Scope, b.instances(), b.args.Suspended, b.args.Schedule != nil)
}

// buildSchedule stops the project's instances after working hours and,
// with AutoStart, starts them again; nothing without a schedule. The times
// were validated (see validateSchedule).
func (b *builder) buildSchedule() error {
	s := b.args.Schedule
	if s == nil {
		return nil
	}
	stop, _ := clock(s.Stop)
	start, _ := clock(s.Start)
	return operations.Schedule(b.Scope, operations.ScheduleArgs{
		KeyArn: b.key.Arn, Instances: b.instances(), TimeZone: s.TimeZone, Days: s.Days,
		Stop: stop, Start: start, AutoStart: s.AutoStart, Suspended: b.args.Suspended,
	})
}

// buildBudget creates the project's monthly cost budget.
func (b *builder) buildBudget() error {
	return operations.Budget(b.Scope, b.args.Budget.MonthlyUSD, b.args.AlertEmails)
}

// buildBackup backs up the project's instances and data volumes.
func (b *builder) buildBackup() error {
	return operations.Backup(b.Scope, operations.BackupArgs{
		KeyArn: b.key.Arn, MinRetentionDays: b.args.Backup.MinRetentionDays,
		MonthlyRetentionDays: b.args.Backup.MonthlyRetentionDays,
	})
}

// buildAlerts creates the alert topic, the trail's alarms and the rule that
// forwards the project's Config compliance changes.
func (b *builder) buildAlerts() (err error) {
	var buckets, rules []string
	for _, r := range BucketRoles {
		buckets = append(buckets, b.Names.Bucket(string(r)))
	}
	for _, r := range configRuleSpecs() {
		rules = append(rules, b.Names.ConfigRule(r.Slug))
	}
	b.alertTopic, err = alerts.Project(b.Scope, alerts.ProjectArgs{
		KeyArn: b.key.Arn, Emails: b.args.AlertEmails, TrailLogGroup: b.audit.logGroup.Name,
		Buckets: buckets, ConfigRules: rules,
	})
	return err
}

// logAlarm creates a metric filter on logGroup and an alarm notifying the
// project's alert topic.
func (b *builder) logAlarm(logGroup pulumi.StringInput, a alerts.Alarm) error {
	return alerts.NewLogAlarm(b.Scope, b.alertTopic.Arn, logGroup, a)
}
