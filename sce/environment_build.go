package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/audit"
	"github.com/sce-dev/sce/sce/internal/cloudinit"
	"github.com/sce-dev/sce/sce/internal/compute"
	"github.com/sce-dev/sce/sce/internal/endpoints"
	"github.com/sce-dev/sce/sce/internal/keys"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/network"
	"github.com/sce-dev/sce/sce/internal/operations"
	"github.com/sce-dev/sce/sce/internal/patching"
	"github.com/sce-dev/sce/sce/internal/storage"
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

// instances are the project's bastion and workers.
func (b *builder) instances() operations.Instances {
	return operations.Instances{Bastion: b.compute.Bastion, Workers: b.compute.Workers}
}

// buildInstanceState sets the instances' running state.
func (b *builder) buildInstanceState() error {
	return operations.InstanceState(b.Scope, b.instances(), b.args.Suspended, b.args.Schedule != nil)
}

// buildSchedule stops the project's instances after working hours and,
// with AutoStart, starts them again; nothing without a schedule.
func (b *builder) buildSchedule() error {
	h := b.workingHours()
	if h == nil {
		return nil
	}
	return operations.Schedule(b.Scope, operations.ScheduleArgs{
		WorkingHours: *h, KeyArn: b.key.Arn, Instances: b.instances(), Suspended: b.args.Suspended,
	})
}

// workingHours are sce:schedule's working hours; nil without a schedule.
// The times were validated (see validateSchedule).
func (b *builder) workingHours() *operations.WorkingHours {
	s := b.args.Schedule
	if s == nil {
		return nil
	}
	stop, _ := clock(s.Stop)
	start, _ := clock(s.Start)
	return &operations.WorkingHours{TimeZone: s.TimeZone, Days: s.Days, Stop: stop, Start: start, AutoStart: s.AutoStart}
}

// buildWarehouseSchedule pauses the warehouse with the instances after
// working hours (and resumes it with them), and keeps it paused while the
// project is suspended; nothing without a warehouse.
func (b *builder) buildWarehouseSchedule() error {
	if b.warehouse == nil {
		return nil
	}
	return operations.WarehouseSchedule(b.Scope, operations.WarehouseScheduleArgs{
		ClusterID: b.warehouseID(), ClusterArn: warehouse.Arn(b.Names), Cluster: b.warehouse.Cluster,
		Hours: b.workingHours(), Suspended: b.args.Suspended,
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

// buildAlertTopic creates the project's alert topic, before the buckets
// whose event notifications publish to it.
func (b *builder) buildAlertTopic() (err error) {
	b.alertTopic, err = alerts.ProjectTopic(b.Scope, b.alertArgs())
	return err
}

// buildAlerts creates the trail's alarms and the rule that forwards the
// project's Config compliance changes to the alert topic.
func (b *builder) buildAlerts() error {
	a := b.alertArgs()
	a.TrailLogGroup = b.trail.LogGroup.Name
	return alerts.Project(b.Scope, b.alertTopic.Arn, a)
}

// alertArgs are the alert topic's and alarms' inputs but the trail's log
// group.
func (b *builder) alertArgs() alerts.ProjectArgs {
	var buckets, rules []string
	for _, r := range BucketRoles() {
		buckets = append(buckets, b.Names.Bucket(string(r)))
	}
	for _, r := range audit.RuleSpecs() {
		rules = append(rules, b.Names.ConfigRule(r.Slug))
	}
	return alerts.ProjectArgs{
		KeyArn: b.key.Arn, Emails: b.args.AlertEmails, Buckets: buckets, ConfigRules: rules,
		EventRules: []string{b.Names.EventRuleArn(patching.ComplianceRuleSlug)}, Alarms: b.alarmSlugs(),
	}
}

// alarmSlugs are the slugs of the alarms that concerns other than the
// trail's create and that notify the alert topic: the SSH alarms of
// compute (whose slugs do not depend on the researchers) and, with the
// DNS Firewall (egress allowlist or none), its blocked-query alarm. The
// topic's policy names each by its ARN, so an alarm missing here could not
// publish.
func (b *builder) alarmSlugs() []string {
	slugs := alerts.Slugs(compute.SSHAlarms(nil))
	if b.args.Egress.filtersDNS() {
		slugs = append(slugs, network.BlockedQueriesAlarm().Slug)
	}
	return slugs
}

// buildStorage creates every project bucket with its hardening resources.
// The access-log target comes first: the others log to it.
func (b *builder) buildStorage() (err error) {
	var roles []string
	for _, r := range BucketRoles() {
		roles = append(roles, string(r))
	}
	if b.replication, err = newReplicationRole(b.Scope, roles, b.key.Arn); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	for _, role := range BucketRoles() {
		bk, err := b.newBucket(role)
		if err != nil {
			return fmt.Errorf("storage %s: %w", role, err)
		}
		b.buckets[role] = bk
	}
	return nil
}

// newBucket creates one project bucket: SSE-KMS with the project key,
// access logging to the access-log target and Object Lock, except on the
// access-log target itself (AccessLogDestination); a default retention
// (GOVERNANCE) on the logs bucket only, so that close-out can still empty
// the others; noncurrent versions expiring.
func (b *builder) newBucket(role BucketRole) (*Bucket, error) {
	name := b.Names.Logical(string(role))
	args := &BucketArgs{
		BucketName: b.Names.Bucket(string(role)), Tags: b.bucketTags(role, name),
		Lifecycle: storage.NoncurrentVersionsRule(b.args.NoncurrentVersionDays),
		Policy:    b.bucketPolicyDoc(role, false), Protect: storage.Protected(string(role)),
		AccessLogPrefix: string(role) + "/",
	}
	replicaName := naming.ReplicaName(name)
	args.Replication = b.replication.of(b.bucketPolicyDoc(role, true), b.key.Arn, projectTags(b.args, b.pit).Of(replicaName, map[string]string{TagDataBucket: b.pit}))
	if role == BucketAccessLogs {
		args.AccessLogDestination = true
	} else {
		args.KmsKeyArn = b.key.Arn
		args.AccessLogTarget = b.buckets[BucketAccessLogs]
	}
	args.Notifications = b.bucketNotifications(string(role))
	if role == BucketEgress {
		args.Lifecycle = storage.EgressLifecycleRule(b.args.Airlock.ExpireDays, b.args.NoncurrentVersionDays)
	}
	if role == BucketLogs {
		args.ObjectLock = &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
			Mode: pulumi.String("GOVERNANCE"), Days: pulumi.Int(b.args.AuditLockDays),
		}
	}
	return NewBucket(b.Ctx, name, args, b.Opts()...)
}

// bucketNotifications send the events storage.NotificationEvents chooses
// for role to the alert topic, once its policy and the key that encrypts
// it exist.
func (b *builder) bucketNotifications(role string) *BucketNotifications {
	return &BucketNotifications{TopicArn: b.alertTopic.Arn, Events: storage.NotificationEvents(role),
		DependsOn: []pulumi.Resource{b.alertTopic.Policy, b.key}}
}

// bucketTags are the project tags, plus TagDataBucket on every bucket but
// the access-log target.
func (b *builder) bucketTags(role BucketRole, name string) pulumi.StringMap {
	if role == BucketAccessLogs {
		return b.Tags(name)
	}
	return projectTags(b.args, b.pit).Of(name, map[string]string{TagDataBucket: b.pit})
}

// bucketPolicyDoc is the bucket's storage.ProjectPolicy (or, for its
// replica, storage.ProjectReplicaPolicy), once the key and the S3 endpoint
// exist.
func (b *builder) bucketPolicyDoc(role BucketRole, replica bool) pulumi.StringOutput {
	policy := storage.ProjectPolicy
	if replica {
		policy = storage.ProjectReplicaPolicy
	}
	var logged []string
	for _, r := range BucketRoles() {
		if r != BucketAccessLogs {
			logged = append(logged, string(r))
		}
	}
	dnsPrefix := ""
	if b.args.Egress.filtersDNS() {
		dnsPrefix = network.DNSQueryLogPrefix
	}
	return pulumi.All(b.key.Arn, b.net.S3Endpoint.ID()).ApplyT(func(v []any) (string, error) {
		return policy(b.Names, string(role), storage.PolicyArgs{
			KeyArn: v[0].(string), EndpointID: string(v[1].(pulumi.ID)), AdminRoleArn: b.args.AdminRoleArn,
			TrailPrefix: audit.TrailPrefix, FlowLogPrefix: network.FlowLogPrefix, DNSQueryLogPrefix: dnsPrefix, Logged: logged,
			ApproverRoleArn: storage.ApproverRoleArn(b.Names), Recipients: b.args.Airlock.Recipients,
		})
	}).(pulumi.StringOutput)
}

// buildAuditTrail creates the project trail: multi-region, KMS-encrypted,
// log-file validation on, delivering to the logs bucket and to a log group,
// with S3 data events (read and write) on the PHI buckets, the egress
// bucket and their replicas so every object access (and every download of released results)
// is recorded with who and when.
func (b *builder) buildAuditTrail() (err error) {
	var phi []string
	for _, r := range BucketRoles() {
		if r.PHI() || r == BucketEgress {
			phi = append(phi, b.Names.BucketArn(string(r)), b.Names.ReplicaBucketArn(string(r)))
		}
	}
	logs := b.buckets[BucketLogs]
	b.trail, err = audit.NewTrail(b.Scope, audit.TrailArgs{
		LogsBucket: logs.Name, LogsPolicy: logs.policy, KeyArn: b.key.Arn,
		RetentionDays: b.args.LogRetentionDays, DataResources: audit.BucketObjects(phi),
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// buildConfigRules creates the project's Config rules and the automatic
// remediation of SSH open to the world.
func (b *builder) buildConfigRules() error {
	return audit.ConfigRules(b.Scope, b.key.Arn)
}

// buildAirlock creates the airlock's approver role, assumable by the
// configured reviewers only, and the worker role's airlock policy. The
// policy attachment takes the worker role's name from the role itself, so
// it follows the role (a renamed role cannot leave the policy attached to
// nothing) and waits for it.
func (b *builder) buildAirlock() error {
	if _, err := storage.Approver(b.Scope, storage.ApproverArgs{Reviewers: b.args.Airlock.Reviewers, KeyArn: b.key.Arn}); err != nil {
		return fmt.Errorf("airlock: %w", err)
	}
	doc, err := storage.WorkerAirlockPolicy(b.Names)
	if err != nil {
		return fmt.Errorf("airlock: worker policy: %w", err)
	}
	name := b.Names.Logical("worker-airlock")
	policy, err := iam.NewPolicy(b.Ctx, name+"-policy", &iam.PolicyArgs{
		Name: pulumi.String(name), Description: pulumi.String("The airlock's permissions of the role " + b.Names.Logical("worker-role")),
		Policy: pulumi.String(doc), Tags: b.Tags(name + "-policy"),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("airlock: worker policy: %w", err)
	}
	_, err = iam.NewRolePolicyAttachment(b.Ctx, name+"-policy-attachment", &iam.RolePolicyAttachmentArgs{
		Role: b.compute.WorkerRole.Name, PolicyArn: policy.Arn,
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("airlock: worker policy attachment: %w", err)
	}
	return nil
}

// buildPatching patches and inventories the project's instances through
// Systems Manager, in a weekly window inside the working-hours schedule
// when there is one (validated by validatePatching).
func (b *builder) buildPatching() error {
	w := patching.Window{Schedule: patching.UnscheduledWindow, TimeZone: "UTC"}
	if b.args.Schedule != nil {
		w, _ = patchWindow(*b.args.Schedule)
	}
	return patching.Patching(b.Scope, patching.Args{
		ApproveAfterDays: b.args.Patching.ApproveAfterDays, Window: w,
		InstanceIDs: b.instances().IDs(), Topic: b.alertTopic.Arn,
	})
}

// buildEndpoints creates the interface endpoints of the instances'
// management traffic in the private subnets. KMS gets one where instances
// call it: without a bastion the project's session preferences encrypt
// every session with the project key, which the agent decrypts from the
// instance; without a NAT gateway (sce:egress none) IT's own sessions,
// under the account's preferences that may encrypt too, have no other way.
func (b *builder) buildEndpoints() error {
	_, err := endpoints.Interface(b.Scope, endpoints.Args{
		Region: b.args.Region, VpcID: b.net.Vpc.ID(), VpcCidr: b.args.Network.VpcCidr, SubnetIDs: network.SubnetIDs(b.net.Private),
		KMS: !b.args.Access.HasBastion() || b.args.Egress.Mode == EgressNone,
	})
	return err
}
