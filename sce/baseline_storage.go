package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// Prefixes and periods of the baseline's buckets.
const (
	// configPrefix is where AWS Config delivers in the config bucket.
	configPrefix = "config"
	// archiveGlacierDays is when archived objects move to S3 Glacier Flexible Retrieval.
	archiveGlacierDays = 90
)

// ArchiveObjectsPrefix is where close-out puts the copies of a project's
// objects in the archive bucket, and all that the archive's lifecycle rule
// moves to Glacier: manifests, reports, checkpoints and locks are kept
// elsewhere in the bucket, in S3 Standard, so that they stay readable.
const ArchiveObjectsPrefix = "objects/"

// archiveChangeActions are the object writes and deletions the archive
// allows only to the administrator role.
func archiveChangeActions() []string {
	return []string{"s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold"}
}

// buildStorage creates the baseline's buckets, each hardened as a project
// bucket is: access-logs (SSE-S3, the log target), logs (account trail,
// Object Lock GOVERNANCE), config (Config history) and archive.
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
// version before its retention ends), moves to Glacier after
// archiveGlacierDays, and is protected and retained with all its hardening.
func (b *baselineBuilder) bucketArgs(role BucketRole, name string) *BucketArgs {
	args := &BucketArgs{
		BucketName: b.Names.Bucket(string(role)), Tags: b.bucketTags(role, name),
		Lifecycle: noncurrentVersionsRule(b.args.NoncurrentVersionDays),
		Policy:    b.bucketPolicyDoc(role), Protect: true, AccessLogPrefix: string(role) + "/",
	}
	if role == BucketAccessLogs {
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
		args.Lifecycle = archiveLifecycleRule()
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

// bucketPolicyDoc is the policy of baselineBucketPolicy, once the keys exist.
func (b *baselineBuilder) bucketPolicyDoc(role BucketRole) pulumi.StringOutput {
	key := b.key.Arn
	if role == BucketArchive {
		key = b.archiveKey.Arn
	}
	return key.ApplyT(func(arn string) (string, error) {
		return baselineBucketPolicy(b.Names, role, arn, b.args.AdminRoleArn)
	}).(pulumi.StringOutput)
}

// archiveLifecycleRule moves the current and noncurrent versions of the
// archived copies (under ArchiveObjectsPrefix) to Glacier after
// archiveGlacierDays and removes unfinished multipart uploads (only copies
// are uploaded in parts). It expires nothing: Object Lock decides how long
// versions are kept.
func archiveLifecycleRule() *s3.BucketLifecycleConfigurationV2RuleArgs {
	return &s3.BucketLifecycleConfigurationV2RuleArgs{
		Id:     pulumi.String("archive-to-glacier"),
		Status: pulumi.String("Enabled"),
		Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(ArchiveObjectsPrefix)},
		Transitions: s3.BucketLifecycleConfigurationV2RuleTransitionArray{&s3.BucketLifecycleConfigurationV2RuleTransitionArgs{
			Days: pulumi.Int(archiveGlacierDays), StorageClass: pulumi.String("GLACIER"),
		}},
		NoncurrentVersionTransitions: s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionTransitionArray{
			&s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionTransitionArgs{
				NoncurrentDays: pulumi.Int(archiveGlacierDays), StorageClass: pulumi.String("GLACIER"),
			}},
		AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
			DaysAfterInitiation: pulumi.Int(abortMultipartDays),
		},
	}
}

// baselineBucketPolicy is the policy of one baseline bucket: TLS only,
// bucket administration by the admin role only, no upload asking for
// another encryption type (or, for the archive, another key); per role, S3
// server access log delivery, CloudTrail delivery, AWS Config delivery, and
// archive reads and changes by the administrator role only.
func baselineBucketPolicy(n naming.Namer, role BucketRole, keyArn, adminRoleArn string) (string, error) {
	arn := n.BucketArn(string(role))
	stmts := []iamdoc.Statement{tlsOnlyStatement(arn), adminOnlyStatement(arn, adminRoleArn)}
	stmts = append(stmts, encryptionStatements(role, arn, keyArn)...)
	switch role {
	case BucketAccessLogs:
		stmts = append(stmts, accessLogDeliveryStatement(n, arn, []BucketRole{BucketLogs, BucketConfig, BucketArchive}))
	case BucketLogs:
		stmts = append(stmts, trailDeliveryStatements(n, arn)...)
	case BucketConfig:
		stmts = append(stmts, configDeliveryStatements(n, arn)...)
	case BucketArchive:
		stmts = append(stmts, archiveAccessStatements(arn, adminRoleArn)...)
	}
	return iamdoc.JSON(stmts...)
}

// configDeliveryStatements let AWS Config check the bucket and write its
// history under configPrefix, for this account only (docs/deployment-facts.md#3).
func configDeliveryStatements(n naming.Namer, arn string) []iamdoc.Statement {
	account := iamdoc.Conditions{"StringEquals": {"aws:SourceAccount": n.Account}}
	return []iamdoc.Statement{
		{Sid: "ConfigAclCheck", Effect: iamdoc.Allow, Principal: iamdoc.Service("config.amazonaws.com"),
			Action: "s3:GetBucketAcl", Resource: arn, Condition: account},
		{Sid: "ConfigBucketExistenceCheck", Effect: iamdoc.Allow, Principal: iamdoc.Service("config.amazonaws.com"),
			Action: "s3:ListBucket", Resource: arn, Condition: account},
		{Sid: "ConfigWrite", Effect: iamdoc.Allow, Principal: iamdoc.Service("config.amazonaws.com"), Action: "s3:PutObject",
			Resource: fmt.Sprintf("%s/%s/AWSLogs/%s/Config/*", arn, configPrefix, n.Account),
			Condition: iamdoc.Conditions{"StringEquals": {
				"aws:SourceAccount": n.Account, "s3:x-amz-acl": "bucket-owner-full-control"}}},
	}
}

// archiveAccessStatements deny reading, listing, writing and deleting
// archived objects to everyone but the administrator role, who archives
// projects at close-out.
func archiveAccessStatements(arn, adminRoleArn string) []iamdoc.Statement {
	except := iamdoc.Conditions{"ArnNotEquals": {"aws:PrincipalArn": adminRoleArn}}
	return []iamdoc.Statement{
		{Sid: "DenyReadExceptAdminRole", Effect: iamdoc.Deny, Principal: "*", Action: phiReadActions,
			Resource: []string{arn, arn + "/*"}, Condition: except},
		{Sid: "DenyChangesExceptAdminRole", Effect: iamdoc.Deny, Principal: "*", Action: archiveChangeActions(),
			Resource: arn + "/*", Condition: except},
	}
}
