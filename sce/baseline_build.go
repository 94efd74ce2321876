package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/account"
	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/audit"
	"github.com/sce-dev/sce/sce/internal/awsconfig"
	"github.com/sce-dev/sce/sce/internal/conformance"
	"github.com/sce-dev/sce/sce/internal/keys"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/storage"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// The builder steps below convert the public BaselineArgs into the narrow
// arguments of the concern packages under sce/internal and keep their
// results for the steps that depend on them. The baseline's buckets are
// the public Bucket component, so their arguments are built here.

// buildKeys creates the baseline key and the archive key.
func (b *baselineBuilder) buildKeys() error {
	k, err := keys.Baseline(b.Scope, b.args.AdminRoleArn, string(BucketArchive))
	if err != nil {
		return err
	}
	b.key, b.archiveKey = k.Key, k.Archive
	return nil
}

// buildAlertTopic creates the account's KMS-encrypted alert topic, before
// the buckets whose event notifications publish to it.
func (b *baselineBuilder) buildAlertTopic() (err error) {
	var buckets []string
	for _, r := range storage.BaselineRoles() {
		buckets = append(buckets, b.Names.Bucket(r))
	}
	b.topic, err = alerts.BaselineTopic(b.Scope, b.key.Arn, b.args.AlertEmails, buckets)
	return err
}

// buildAlarms creates the account trail's metric filters and alarms.
func (b *baselineBuilder) buildAlarms() error {
	return alerts.Baseline(b.Scope, b.topic.Arn, b.trail.LogGroup.Name)
}

// buildFindingAlerts creates the event rules that forward findings.
func (b *baselineBuilder) buildFindingAlerts() error {
	return alerts.Findings(b.Scope, b.topic.Arn)
}

// buildAccountDefaults sets the account's defaults: EBS encryption by
// default with the baseline key, the account-level S3 public access block,
// the IAM password policy and an IAM Access Analyzer for the account.
func (b *baselineBuilder) buildAccountDefaults() error {
	return account.Defaults(b.Scope, b.key.Arn)
}

// buildThreatDetection enables GuardDuty and Security Hub with their
// S3 protection and standards.
func (b *baselineBuilder) buildThreatDetection() error {
	return account.ThreatDetection(b.Scope)
}

// buildConfig creates AWS Config's recorder, delivery channel to the config
// bucket and recorder status; with AdoptExistingRecorder it leaves the
// account's recorder alone and the stack says how to import it.
func (b *baselineBuilder) buildConfig() (err error) {
	cb := b.buckets[BucketConfig]
	b.recorder, err = awsconfig.Recorder(b.Scope, awsconfig.Args{
		KeyArn: b.key.Arn, BucketName: cb.Name, BucketPolicy: cb.policy,
		Adopt: b.args.AdoptExistingRecorder, Import: b.recorderImport(),
	})
	return err
}

// buildConformancePack deploys the HIPAA conformance pack generated from
// the data file, after the recorder when the baseline manages it.
func (b *baselineBuilder) buildConformancePack() (err error) {
	b.pack, err = awsconfig.ConformancePack(b.Scope, conformance.HIPAATemplate(), b.recorder)
	return err
}

// recorderImport is empty when the stack manages the recorder; otherwise
// it says how to bring the existing recorder under the stack.
func (b *baselineBuilder) recorderImport() string {
	if !b.args.AdoptExistingRecorder {
		return ""
	}
	return awsconfig.ImportMessage(b.Ctx.Stack(), b.Ctx.Project(), BaselineType, b.name)
}

// buildStorage creates the baseline's buckets, each hardened as a project
// bucket is: access-logs (SSE-S3 and no Object Lock, the log target), logs
// (account trail, Object Lock with GOVERNANCE retention), config (Config
// history, no Object Lock: Config delivers to no bucket with it) and
// archive.
func (b *baselineBuilder) buildStorage() (err error) {
	if b.replication, err = newReplicationRole(b.Scope, storage.BaselineRoles(), b.key.Arn, b.archiveKey.Arn); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	for _, r := range storage.BaselineRoles() {
		role := BucketRole(r)
		name := b.Names.Logical(r)
		bk, err := NewBucket(b.Ctx, name, b.bucketArgs(role, name), b.Opts()...)
		if err != nil {
			return fmt.Errorf("storage %s: %w", role, err)
		}
		b.buckets[role] = bk
	}
	return nil
}

// bucketArgs describe one baseline bucket. The archive keeps every version
// under Object Lock in COMPLIANCE mode (no one, root included, can delete a
// version before its retention ends), moves to Glacier after 90 days, and
// is protected and retained with all its hardening.
func (b *baselineBuilder) bucketArgs(role BucketRole, name string) *BucketArgs {
	args := &BucketArgs{
		BucketName: b.Names.Bucket(string(role)), Tags: b.bucketTags(role, name),
		Lifecycle: storage.NoncurrentVersionsRule(b.args.NoncurrentVersionDays),
		Policy:    b.bucketPolicyDoc(role, false), Protect: true, AccessLogPrefix: string(role) + "/",
	}
	args.Notifications = &BucketNotifications{TopicArn: b.topic.Arn, Events: storage.NotificationEvents(string(role)),
		DependsOn: []pulumi.Resource{b.topic.Policy, b.key}}
	replicaKey := b.key.Arn
	if role == BucketArchive {
		replicaKey = b.archiveKey.Arn
	}
	args.Replication = b.replication.of(b.bucketPolicyDoc(role, true), replicaKey,
		tags.OfBaseline(b.name, b.args.Owner, naming.ReplicaName(name), map[string]string{TagDataBucket: b.name}))
	if role == BucketAccessLogs {
		args.AccessLogDestination = true
		return args
	}
	args.KmsKeyArn = b.key.Arn
	args.AccessLogTarget = b.buckets[BucketAccessLogs]
	switch role {
	case BucketConfig:
		args.ConfigDelivery = true
	case BucketLogs:
		args.ObjectLock = &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
			Mode: pulumi.String("GOVERNANCE"), Days: pulumi.Int(b.args.AuditLockDays),
		}
	case BucketArchive:
		args.KmsKeyArn = b.archiveKey.Arn
		args.ObjectLock = &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
			Mode: pulumi.String("COMPLIANCE"), Years: pulumi.Int(b.args.ArchiveRetentionYears),
		}
		args.Lifecycle = storage.ArchiveLifecycleRule()
		args.RetainOnDelete = true
	}
	return args
}

// bucketTags are the baseline tags, plus TagDataBucket on every bucket but
// the access-log target.
func (b *baselineBuilder) bucketTags(role BucketRole, name string) pulumi.StringMap {
	if role == BucketAccessLogs {
		return b.Tags(name)
	}
	return tags.OfBaseline(b.name, b.args.Owner, name, map[string]string{TagDataBucket: b.name})
}

// bucketPolicyDoc is the bucket's storage.BaselinePolicy (or, for its
// replica, storage.BaselineReplicaPolicy), once the keys exist.
func (b *baselineBuilder) bucketPolicyDoc(role BucketRole, replica bool) pulumi.StringOutput {
	key := b.key.Arn
	if role == BucketArchive {
		key = b.archiveKey.Arn
	}
	policy := storage.BaselinePolicy
	if replica {
		policy = storage.BaselineReplicaPolicy
	}
	return key.ApplyT(func(arn string) (string, error) {
		return policy(b.Names, string(role), arn, b.args.AdminRoleArn, audit.TrailPrefix)
	}).(pulumi.StringOutput)
}

// buildTrail creates the account trail: multi-region, management events
// (read and write) and the object-level reads and writes of every bucket of
// the account, KMS-encrypted, log-file validation on, delivered to the logs
// bucket and to CloudWatch Logs. Recording every bucket (not a list) is
// what the official conformance rule cloudtrail-s3-dataevents-enabled
// requires, and it covers buckets sce does not create; each project's own
// trail keeps a second copy of its PHI buckets' events beside its logs.
// CloudTrail's own deliveries into the logs bucket are data events too:
// each delivery is one event in a later delivery, a bounded overhead, not
// a loop.
func (b *baselineBuilder) buildTrail() error {
	logs, archive := b.buckets[BucketLogs], b.buckets[BucketArchive]
	trail, err := audit.NewTrail(b.Scope, audit.TrailArgs{
		LogsBucket: logs.Name, LogsPolicy: logs.policy, KeyArn: b.key.Arn, RetentionDays: b.args.LogRetentionDays,
		DataResources: audit.AllBuckets(b.Names.Partition),
		After:         []pulumi.Resource{archive.bucket},
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	b.trail = trail
	return nil
}
