package storage

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// Prefixes and periods of the baseline's buckets.
const (
	// ConfigPrefix is where AWS Config delivers in the config bucket.
	ConfigPrefix = "config"
	// archiveGlacierDays is when archived objects move to S3 Glacier Flexible Retrieval.
	archiveGlacierDays = 90
	// ArchiveObjectsPrefix is where close-out puts the copies of a
	// project's objects in the archive bucket, and all that the archive's
	// lifecycle rule moves to Glacier.
	ArchiveObjectsPrefix = "objects/"
)

// BaselineRoles lists the baseline's buckets in creation order: the
// access-log target first, because every other bucket logs to it.
func BaselineRoles() []string { return []string{AccessLogs, Logs, Config, Archive} }

// BaselineLogged are the baseline buckets that log to its access-log target.
func BaselineLogged() []string { return []string{Logs, Config, Archive} }

// archiveChangeActions are the object writes and deletions the archive
// allows only to the administrator role.
func archiveChangeActions() []string {
	return []string{"s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold"}
}

// ArchiveLifecycleRule moves the current and noncurrent versions of the
// archived copies (under ArchiveObjectsPrefix) to Glacier after
// archiveGlacierDays and removes unfinished multipart uploads (only copies
// are uploaded in parts). It expires nothing: Object Lock decides how long
// versions are kept.
func ArchiveLifecycleRule() *s3.BucketLifecycleConfigurationV2RuleArgs {
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
		AbortIncompleteMultipartUpload: abortMultipart(),
	}
}

// BaselinePolicy is the policy of one baseline bucket: TLS only, bucket
// administration by the admin role only, no upload asking for another
// encryption type (or, for the archive, another key); per role, S3 server
// access log delivery, CloudTrail delivery under trailPrefix, AWS Config
// delivery, and archive reads and changes by the administrator role only.
// Every bucket lets only the replication role replicate into it.
func BaselinePolicy(n naming.Namer, role, keyArn, adminRoleArn, trailPrefix string) (string, error) {
	return iamdoc.JSON(baselineStatements(n, role, n.BucketArn(role), keyArn, adminRoleArn, trailPrefix, false)...)
}

// BaselineReplicaPolicy is the policy of the replica of a baseline bucket
// of role: the Denies of the bucket's own policy, for the replica's ARN,
// without the Allows that let services deliver to the source (the
// archive's replica is as closed as the archive).
func BaselineReplicaPolicy(n naming.Namer, role, keyArn, adminRoleArn, trailPrefix string) (string, error) {
	return iamdoc.JSON(baselineStatements(n, role, n.ReplicaBucketArn(role), keyArn, adminRoleArn, trailPrefix, true)...)
}

// baselineStatements are the statements of the policy of the baseline
// bucket arn of role, or of its replica.
func baselineStatements(n naming.Namer, role, arn, keyArn, adminRoleArn, trailPrefix string, replica bool) []iamdoc.Statement {
	stmts := []iamdoc.Statement{tlsOnlyStatement(arn), adminOnlyStatement(arn, adminRoleArn), replicationOnlyStatement(n, arn)}
	stmts = append(stmts, encryptionStatements(encryptionRole(role, replica), arn, keyArn)...)
	switch role {
	case AccessLogs:
		stmts = append(stmts, accessLogDeliveryStatement(n, arn, BaselineLogged()))
	case Logs:
		stmts = append(stmts, objectLockStatements(arn, adminRoleArn, "")...)
		stmts = append(stmts, trailDeliveryStatements(n, arn, trailPrefix)...)
	case Config:
		// No Object Lock (AWS Config delivers to no bucket with it); the
		// statements still keep retentions to the admin role on a config
		// bucket an earlier sce created locked.
		stmts = append(stmts, objectLockStatements(arn, adminRoleArn, "")...)
		stmts = append(stmts, configDeliveryStatements(n, arn)...)
	case Archive:
		stmts = append(stmts, archiveAccessStatements(n, arn, adminRoleArn)...)
	}
	if replica {
		return denies(stmts)
	}
	return stmts
}

// configDeliveryStatements let AWS Config check the bucket and write its
// history under ConfigPrefix, for this account only (docs/deployment-facts.md#3).
func configDeliveryStatements(n naming.Namer, arn string) []iamdoc.Statement {
	account := iamdoc.Conditions{"StringEquals": {"aws:SourceAccount": n.Account}}
	return []iamdoc.Statement{
		{Sid: "ConfigAclCheck", Effect: iamdoc.Allow, Principal: iamdoc.Service("config.amazonaws.com"),
			Action: "s3:GetBucketAcl", Resource: arn, Condition: account},
		{Sid: "ConfigBucketExistenceCheck", Effect: iamdoc.Allow, Principal: iamdoc.Service("config.amazonaws.com"),
			Action: "s3:ListBucket", Resource: arn, Condition: account},
		{Sid: "ConfigWrite", Effect: iamdoc.Allow, Principal: iamdoc.Service("config.amazonaws.com"), Action: "s3:PutObject",
			Resource: fmt.Sprintf("%s/%s/AWSLogs/%s/Config/*", arn, ConfigPrefix, n.Account),
			Condition: iamdoc.Conditions{"StringEquals": {
				"aws:SourceAccount": n.Account, "s3:x-amz-acl": "bucket-owner-full-control"}}},
	}
}

// archiveAccessStatements deny reading, listing, writing and deleting
// archived objects to everyone but the administrator role, who archives
// projects at close-out; the replication role may also list the bucket,
// as replication does (its reads are GetObjectVersionForReplication, which
// only it may call).
func archiveAccessStatements(n naming.Namer, arn, adminRoleArn string) []iamdoc.Statement {
	return []iamdoc.Statement{
		{Sid: "DenyReadExceptAdminRole", Effect: iamdoc.Deny, Principal: "*", Action: phiReadActions(),
			Resource: []string{arn, arn + "/*"}, Condition: principalNot(adminRoleArn)},
		{Sid: "DenyListExceptAdminAndReplicationRole", Effect: iamdoc.Deny, Principal: "*", Action: phiListAction,
			Resource: arn, Condition: principalNot(adminRoleArn, ReplicationRoleArn(n))},
		{Sid: "DenyChangesExceptAdminRole", Effect: iamdoc.Deny, Principal: "*", Action: archiveChangeActions(),
			Resource: arn + "/*", Condition: iamdoc.Conditions{"ArnNotEquals": {"aws:PrincipalArn": adminRoleArn}}},
	}
}
