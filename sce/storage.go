package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// bucket is one project bucket with the resources others depend on.
type bucket struct {
	role       BucketRole
	bucket     *s3.BucketV2
	pab        *s3.BucketPublicAccessBlock
	versioning *s3.BucketVersioningV2
	policy     *s3.BucketPolicy
}

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

// newBucket creates one bucket and its hardening: versioning, public access
// block, owner-enforced ownership, default encryption, lifecycle, access
// logging (except the log target itself), Object Lock (logs), and policy.
func (b *builder) newBucket(role BucketRole) (*bucket, error) {
	name := b.names.logical(string(role))
	var opts []pulumi.ResourceOption
	if role.protected() {
		opts = append(opts, pulumi.Protect(true))
	}
	s3b, err := s3.NewBucketV2(b.ctx, name, &s3.BucketV2Args{
		Bucket:            pulumi.String(b.names.bucket(role)),
		ObjectLockEnabled: pulumi.Bool(role == BucketLogs),
		Tags:              b.bucketTags(role, name),
	}, b.opts(opts...)...)
	if err != nil {
		return nil, fmt.Errorf("bucket: %w", err)
	}
	bk := &bucket{role: role, bucket: s3b}
	steps := []func(*bucket, string) error{
		b.bucketVersioning, b.bucketLifecycle, b.bucketPublicAccessBlock, b.bucketOwnership, b.bucketEncryption,
		b.bucketLogging, b.bucketObjectLock, b.bucketPolicy,
	}
	for _, step := range steps {
		if err := step(bk, name); err != nil {
			return nil, err
		}
	}
	return bk, nil
}

// bucketTags are the project tags, plus TagDataBucket on every bucket but
// the access-log target.
func (b *builder) bucketTags(role BucketRole, name string) pulumi.StringMap {
	if role == BucketAccessLogs {
		return b.tags(name)
	}
	return projectTags(b.args, b.pit, name, map[string]string{TagDataBucket: b.pit})
}

func (b *builder) bucketVersioning(bk *bucket, name string) error {
	v, err := s3.NewBucketVersioningV2(b.ctx, name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  bk.bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, b.opts()...)
	if err != nil {
		return fmt.Errorf("versioning: %w", err)
	}
	bk.versioning = v
	return nil
}

// bucketLifecycle expires noncurrent versions after the configured days and
// removes unfinished multipart uploads; it waits for versioning, as S3 asks.
func (b *builder) bucketLifecycle(bk *bucket, name string) error {
	_, err := s3.NewBucketLifecycleConfigurationV2(b.ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bk.bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("noncurrent-versions"),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
				NoncurrentDays: pulumi.Int(b.args.NoncurrentVersionDays),
			},
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(abortMultipartDays),
			},
		}},
	}, b.opts(pulumi.DependsOn([]pulumi.Resource{bk.versioning}))...)
	if err != nil {
		return fmt.Errorf("lifecycle: %w", err)
	}
	return nil
}

func (b *builder) bucketPublicAccessBlock(bk *bucket, name string) error {
	pab, err := s3.NewBucketPublicAccessBlock(b.ctx, name+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bk.bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, b.opts()...)
	if err != nil {
		return fmt.Errorf("public access block: %w", err)
	}
	bk.pab = pab
	return nil
}

func (b *builder) bucketOwnership(bk *bucket, name string) error {
	_, err := s3.NewBucketOwnershipControls(b.ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bk.bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, b.opts()...)
	if err != nil {
		return fmt.Errorf("ownership controls: %w", err)
	}
	return nil
}

// bucketEncryption sets default encryption: SSE-KMS with the project key and
// an S3 Bucket Key, except the access-log target, which S3 requires to use
// SSE-S3 (deployment fact 8).
func (b *builder) bucketEncryption(bk *bucket, name string) error {
	def := &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
		SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: b.key.Arn,
	}
	bucketKey := pulumi.Bool(true)
	if bk.role == BucketAccessLogs {
		def = &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm: pulumi.String("AES256"),
		}
		bucketKey = pulumi.Bool(false)
	}
	_, err := s3.NewBucketServerSideEncryptionConfigurationV2(b.ctx, name+"-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bk.bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: def, BucketKeyEnabled: bucketKey,
		}},
	}, b.opts()...)
	if err != nil {
		return fmt.Errorf("encryption: %w", err)
	}
	return nil
}

// bucketLogging sends server access logs to the access-logs bucket under
// "<role>/", after that bucket's policy lets the logging service write.
func (b *builder) bucketLogging(bk *bucket, name string) error {
	if bk.role == BucketAccessLogs {
		return nil
	}
	target := b.buckets[BucketAccessLogs]
	_, err := s3.NewBucketLoggingV2(b.ctx, name+"-logging", &s3.BucketLoggingV2Args{
		Bucket:       bk.bucket.ID(),
		TargetBucket: target.bucket.ID(),
		TargetPrefix: pulumi.String(string(bk.role) + "/"),
	}, b.opts(pulumi.DependsOn([]pulumi.Resource{target.policy}))...)
	if err != nil {
		return fmt.Errorf("access logging: %w", err)
	}
	return nil
}

// bucketObjectLock sets the logs bucket's default retention (GOVERNANCE):
// audit logs cannot be deleted or overwritten before it ends, except by a
// role allowed to bypass governance retention (close-out).
func (b *builder) bucketObjectLock(bk *bucket, name string) error {
	if bk.role != BucketLogs {
		return nil
	}
	_, err := s3.NewBucketObjectLockConfigurationV2(b.ctx, name+"-object-lock", &s3.BucketObjectLockConfigurationV2Args{
		Bucket:            bk.bucket.ID(),
		ObjectLockEnabled: pulumi.String("Enabled"),
		Rule: &s3.BucketObjectLockConfigurationV2RuleArgs{
			DefaultRetention: &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
				Mode: pulumi.String("GOVERNANCE"), Days: pulumi.Int(b.args.AuditLockDays),
			},
		},
	}, b.opts()...)
	if err != nil {
		return fmt.Errorf("object lock: %w", err)
	}
	return nil
}

// bucketPolicy attaches the policy of bucketPolicyDocument, after the public
// access block (S3 rejects concurrent changes to both).
func (b *builder) bucketPolicy(bk *bucket, name string) error {
	doc := pulumi.All(b.key.Arn, b.net.s3Endpoint.ID()).ApplyT(func(v []any) (string, error) {
		return bucketPolicyDocument(b.names, bk.role, bucketPolicyInputs{
			KeyArn: v[0].(string), EndpointID: string(v[1].(pulumi.ID)), AdminRoleArn: b.args.AdminRoleArn,
		})
	}).(pulumi.StringOutput)
	p, err := s3.NewBucketPolicy(b.ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: bk.bucket.ID(), Policy: doc,
	}, b.opts(pulumi.DependsOn([]pulumi.Resource{bk.pab}))...)
	if err != nil {
		return fmt.Errorf("policy: %w", err)
	}
	bk.policy = p
	return nil
}
