package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/audit"
	"github.com/sce-dev/sce/sce/internal/storage"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// ArchiveObjectsPrefix is where close-out puts the copies of a project's
// objects in the archive bucket, and all that the archive's lifecycle rule
// moves to Glacier: manifests, reports, checkpoints and locks are kept
// elsewhere in the bucket, in S3 Standard, so that they stay readable.
const ArchiveObjectsPrefix = storage.ArchiveObjectsPrefix

// buildStorage creates the baseline's buckets, each hardened as a project
// bucket is: access-logs (SSE-S3 and no Object Lock, the log target), logs
// (account trail, Object Lock with GOVERNANCE retention), config (Config
// history, Object Lock without default retention) and archive.
func (b *baselineBuilder) buildStorage() error {
	for _, role := range baselineBucketRoles() {
		name := b.Names.Logical(string(role))
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
		Policy:    b.bucketPolicyDoc(role), Protect: true, AccessLogPrefix: string(role) + "/",
	}
	if role == BucketAccessLogs {
		args.AccessLogDestination = true
		return args
	}
	args.KmsKeyArn = b.key.Arn
	args.AccessLogTarget = b.buckets[BucketAccessLogs]
	switch role {
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

// bucketPolicyDoc is the bucket's storage.BaselinePolicy, once the keys exist.
func (b *baselineBuilder) bucketPolicyDoc(role BucketRole) pulumi.StringOutput {
	key := b.key.Arn
	if role == BucketArchive {
		key = b.archiveKey.Arn
	}
	return key.ApplyT(func(arn string) (string, error) {
		return storage.BaselinePolicy(b.Names, string(role), arn, b.args.AdminRoleArn, audit.TrailPrefix)
	}).(pulumi.StringOutput)
}
