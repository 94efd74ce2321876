package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// abortMultipartDays is when unfinished multipart uploads are removed.
const abortMultipartDays = 7

// protected reports whether the bucket holds PHI or audit evidence and so is
// Protect'ed: only close-out lifts that, on purpose.
func (r BucketRole) protected() bool { return r != BucketAncillary }

// buildStorage creates every project bucket with its hardening resources.
// The access-log target comes first: the others log to it.
func (b *builder) buildStorage() error {
	for _, role := range BucketRoles {
		bk, err := b.newBucket(role)
		if err != nil {
			return fmt.Errorf("storage %s: %w", role, err)
		}
		b.buckets[role] = bk
	}
	return nil
}

// newBucket creates one project bucket: SSE-KMS with the project key except
// the access-log target, Object Lock (GOVERNANCE) on the logs bucket, access
// logging to the access-log target, noncurrent versions expiring.
func (b *builder) newBucket(role BucketRole) (*Bucket, error) {
	name := b.Names.Logical(string(role))
	args := &BucketArgs{
		BucketName: b.Names.Bucket(string(role)), Tags: b.bucketTags(role, name),
		Lifecycle: noncurrentVersionsRule(b.args.NoncurrentVersionDays),
		Policy:    b.bucketPolicyDoc(role), Protect: role.protected(),
		AccessLogPrefix: string(role) + "/",
	}
	if role != BucketAccessLogs {
		args.KmsKeyArn = b.key.Arn
		args.AccessLogTarget = b.buckets[BucketAccessLogs]
	}
	if role == BucketLogs {
		args.ObjectLock = &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
			Mode: pulumi.String("GOVERNANCE"), Days: pulumi.Int(b.args.AuditLockDays),
		}
	}
	return NewBucket(b.Ctx, name, args, b.Opts()...)
}

// bucketTags are the project tags, plus TagDataBucket on every bucket but
// the access-log target.
func (b *builder) bucketTags(role BucketRole, name string) pulumi.StringMap {
	if role == BucketAccessLogs {
		return b.Tags(name)
	}
	return projectTags(b.args, b.pit).Of(name, map[string]string{TagDataBucket: b.pit})
}

// bucketPolicyDoc is the policy of bucketPolicyDocument, once the key and
// the S3 endpoint exist.
func (b *builder) bucketPolicyDoc(role BucketRole) pulumi.StringOutput {
	return pulumi.All(b.key.Arn, b.net.S3Endpoint.ID()).ApplyT(func(v []any) (string, error) {
		return bucketPolicyDocument(b.Names, role, bucketPolicyInputs{
			KeyArn: v[0].(string), EndpointID: string(v[1].(pulumi.ID)), AdminRoleArn: b.args.AdminRoleArn,
		})
	}).(pulumi.StringOutput)
}

// noncurrentVersionsRule expires noncurrent versions after days and
// removes unfinished multipart uploads.
func noncurrentVersionsRule(days int) *s3.BucketLifecycleConfigurationV2RuleArgs {
	return &s3.BucketLifecycleConfigurationV2RuleArgs{
		Id:     pulumi.String("noncurrent-versions"),
		Status: pulumi.String("Enabled"),
		Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
		NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
			NoncurrentDays: pulumi.Int(days),
		},
		AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
			DaysAfterInitiation: pulumi.Int(abortMultipartDays),
		},
	}
}
