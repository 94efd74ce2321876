package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/cloudinit"
	"github.com/sce-dev/sce/sce/internal/compute"
	"github.com/sce-dev/sce/sce/internal/keys"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/network"
	"github.com/sce-dev/sce/sce/internal/operations"
	"github.com/sce-dev/sce/sce/internal/warehouse"
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

// warehouseID is the warehouse cluster's identifier.
func (b *builder) warehouseID() string { return warehouse.ID(b.Names) }

// buildWarehouse creates the optional Redshift warehouse behind its
// security group; nothing without sce:warehouse.
func (b *builder) buildWarehouse() error {
	w := b.args.Warehouse
	if w == nil {
		return nil
	}
	sg, err := b.warehouseSecurityGroup()
	if err != nil {
		return err
	}
	b.warehouse, err = warehouse.New(b.Scope, warehouse.Args{
		KeyArn: b.key.Arn, NodeType: w.NodeType, NodeCount: w.NodeCount, DatabaseName: w.DatabaseName,
		SnapshotRetentionDays: w.SnapshotRetentionDays, LogRetentionDays: b.args.LogRetentionDays,
		SecurityGroupID: sg.ID(), SubnetIDs: network.SubnetIDs(b.net.Private),
		DataInArn: b.Names.BucketArn(string(BucketDataIn)), OutputArn: b.Names.BucketArn(string(BucketOutput)),
		PrivateTags: b.privateTags,
	})
	return err
}

// warehouseSecurityGroup admits 5439 from the workers' group only, lets the
// cluster reach S3 through the gateway endpoint (enhanced VPC routing), and
// lets the workers reach the cluster.
func (b *builder) warehouseSecurityGroup() (*ec2.SecurityGroup, error) {
	sg, _, err := compute.SecurityGroup(b.Scope, b.net.Vpc.ID(), cloudinit.Role("warehouse"), "Redshift warehouse of project "+b.pit+": 5439 in from the workers only", []compute.Rule{
		{Name: b.Names.Logical("warehouse-from-workers"), Ingress: true, Port: warehouse.Port, SourceGroup: b.compute.WorkerSG.ID(), Description: "Redshift from the workers only"},
		{Name: b.Names.Logical("warehouse-s3-out"), Port: 443, PrefixList: b.net.S3Endpoint.PrefixListId, Description: "COPY and UNLOAD to S3 through the project's gateway endpoint"},
	})
	if err != nil {
		return nil, err
	}
	if _, err := compute.NewRule(b.Scope, b.compute.WorkerSG, compute.Rule{Name: b.Names.Logical("worker-warehouse-out"), Port: warehouse.Port, SourceGroup: sg.ID(),
		Description: "Redshift queries from the workers to the project's warehouse"}); err != nil {
		return nil, fmt.Errorf("security group rule worker-warehouse-out: %w", err)
	}
	return sg, nil
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
