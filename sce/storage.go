package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// bucket is one hardened bucket with the resources others depend on.
type bucket struct {
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

// bucketSpec describes one bucket and its hardening. Versioning, the public
// access block, owner-enforced ownership, default encryption and a bucket
// policy have no switch: every bucket gets them.
type bucketSpec struct {
	role     BucketRole
	logical  string
	physical string
	tags     pulumi.StringMap
	// keyArn is the SSE-KMS key (with an S3 Bucket Key); nil means SSE-S3,
	// which S3 requires of server access log targets (docs/deployment-facts.md#8).
	keyArn pulumi.StringInput
	// lifecycle is the bucket's one lifecycle rule.
	lifecycle *s3.BucketLifecycleConfigurationV2RuleArgs
	// lock, when set, enables Object Lock at creation with this default retention.
	lock *s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs
	// logTarget, when set, receives the bucket's server access logs under "<role>/".
	logTarget *bucket
	// policy is the bucket policy document.
	policy pulumi.StringInput
	// protect and retain set Protect on the bucket and RetainOnDelete on the
	// bucket and every hardening resource, so a retained bucket stays hardened.
	protect, retain bool
}

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
func (b *builder) newBucket(role BucketRole) (*bucket, error) {
	name := b.names.logical(string(role))
	spec := bucketSpec{
		role: role, logical: name, physical: b.names.bucket(role), tags: b.bucketTags(role, name),
		lifecycle: noncurrentVersionsRule(b.args.NoncurrentVersionDays),
		policy:    b.bucketPolicyDoc(role), protect: role.protected(),
	}
	if role != BucketAccessLogs {
		spec.keyArn = b.key.Arn
		spec.logTarget = b.buckets[BucketAccessLogs]
	}
	if role == BucketLogs {
		spec.lock = &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
			Mode: pulumi.String("GOVERNANCE"), Days: pulumi.Int(b.args.AuditLockDays),
		}
	}
	return b.newHardenedBucket(spec)
}

// bucketTags are the project tags, plus TagDataBucket on every bucket but
// the access-log target.
func (b *builder) bucketTags(role BucketRole, name string) pulumi.StringMap {
	if role == BucketAccessLogs {
		return b.tags(name)
	}
	return projectTags(b.args, b.pit, name, map[string]string{TagDataBucket: b.pit})
}

// bucketPolicyDoc is the policy of bucketPolicyDocument, once the key and
// the S3 endpoint exist.
func (b *builder) bucketPolicyDoc(role BucketRole) pulumi.StringOutput {
	return pulumi.All(b.key.Arn, b.net.s3Endpoint.ID()).ApplyT(func(v []any) (string, error) {
		return bucketPolicyDocument(b.names, role, bucketPolicyInputs{
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

// newHardenedBucket creates the bucket of spec and its hardening:
// versioning, lifecycle, public access block, owner-enforced ownership,
// default encryption, access logging, Object Lock and policy.
func (s scope) newHardenedBucket(spec bucketSpec) (*bucket, error) {
	var opts []pulumi.ResourceOption
	if spec.protect {
		opts = append(opts, pulumi.Protect(true))
	}
	s3b, err := s3.NewBucketV2(s.ctx, spec.logical, &s3.BucketV2Args{
		Bucket:            pulumi.String(spec.physical),
		ObjectLockEnabled: pulumi.Bool(spec.lock != nil),
		Tags:              spec.tags,
	}, s.opts(append(opts, spec.retained()...)...)...)
	if err != nil {
		return nil, fmt.Errorf("bucket: %w", err)
	}
	bk := &bucket{bucket: s3b}
	steps := []func(*bucket, bucketSpec) error{
		s.bucketVersioning, s.bucketLifecycle, s.bucketPublicAccessBlock, s.bucketOwnership, s.bucketEncryption,
		s.bucketLogging, s.bucketObjectLock, s.bucketPolicy,
	}
	for _, step := range steps {
		if err := step(bk, spec); err != nil {
			return nil, err
		}
	}
	return bk, nil
}

// retained is the RetainOnDelete option when the spec asks for it.
func (spec bucketSpec) retained() []pulumi.ResourceOption {
	if spec.retain {
		return []pulumi.ResourceOption{pulumi.RetainOnDelete(true)}
	}
	return nil
}

// subOpts are the options of a hardening resource: parent, retention, extra.
func (s scope) subOpts(spec bucketSpec, extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return s.opts(append(spec.retained(), extra...)...)
}

func (s scope) bucketVersioning(bk *bucket, spec bucketSpec) error {
	v, err := s3.NewBucketVersioningV2(s.ctx, spec.logical+"-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  bk.bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, s.subOpts(spec)...)
	if err != nil {
		return fmt.Errorf("versioning: %w", err)
	}
	bk.versioning = v
	return nil
}

// bucketLifecycle sets the spec's lifecycle rule; it waits for versioning,
// as S3 asks.
func (s scope) bucketLifecycle(bk *bucket, spec bucketSpec) error {
	_, err := s3.NewBucketLifecycleConfigurationV2(s.ctx, spec.logical+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bk.bucket.ID(),
		Rules:  s3.BucketLifecycleConfigurationV2RuleArray{spec.lifecycle},
	}, s.subOpts(spec, pulumi.DependsOn([]pulumi.Resource{bk.versioning}))...)
	if err != nil {
		return fmt.Errorf("lifecycle: %w", err)
	}
	return nil
}

func (s scope) bucketPublicAccessBlock(bk *bucket, spec bucketSpec) error {
	pab, err := s3.NewBucketPublicAccessBlock(s.ctx, spec.logical+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bk.bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, s.subOpts(spec)...)
	if err != nil {
		return fmt.Errorf("public access block: %w", err)
	}
	bk.pab = pab
	return nil
}

func (s scope) bucketOwnership(bk *bucket, spec bucketSpec) error {
	_, err := s3.NewBucketOwnershipControls(s.ctx, spec.logical+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bk.bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, s.subOpts(spec)...)
	if err != nil {
		return fmt.Errorf("ownership controls: %w", err)
	}
	return nil
}

// bucketEncryption sets default encryption: SSE-KMS with the spec's key and
// an S3 Bucket Key, or SSE-S3 when the spec has no key.
func (s scope) bucketEncryption(bk *bucket, spec bucketSpec) error {
	def := &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
		SseAlgorithm: pulumi.String("AES256"),
	}
	bucketKey := pulumi.Bool(false)
	if spec.keyArn != nil {
		def = &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: spec.keyArn,
		}
		bucketKey = pulumi.Bool(true)
	}
	_, err := s3.NewBucketServerSideEncryptionConfigurationV2(s.ctx, spec.logical+"-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bk.bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: def, BucketKeyEnabled: bucketKey,
		}},
	}, s.subOpts(spec)...)
	if err != nil {
		return fmt.Errorf("encryption: %w", err)
	}
	return nil
}

// bucketLogging sends server access logs to the spec's log target under
// "<role>/", after that bucket's policy lets the logging service write.
func (s scope) bucketLogging(bk *bucket, spec bucketSpec) error {
	if spec.logTarget == nil {
		return nil
	}
	target := spec.logTarget
	_, err := s3.NewBucketLoggingV2(s.ctx, spec.logical+"-logging", &s3.BucketLoggingV2Args{
		Bucket:       bk.bucket.ID(),
		TargetBucket: target.bucket.ID(),
		TargetPrefix: pulumi.String(string(spec.role) + "/"),
	}, s.subOpts(spec, pulumi.DependsOn([]pulumi.Resource{target.policy}))...)
	if err != nil {
		return fmt.Errorf("access logging: %w", err)
	}
	return nil
}

// bucketObjectLock sets the default retention of a bucket created with
// Object Lock: objects cannot be deleted or overwritten before it ends
// (GOVERNANCE: except by a role allowed to bypass it; COMPLIANCE: by no one).
func (s scope) bucketObjectLock(bk *bucket, spec bucketSpec) error {
	if spec.lock == nil {
		return nil
	}
	_, err := s3.NewBucketObjectLockConfigurationV2(s.ctx, spec.logical+"-object-lock", &s3.BucketObjectLockConfigurationV2Args{
		Bucket:            bk.bucket.ID(),
		ObjectLockEnabled: pulumi.String("Enabled"),
		Rule:              &s3.BucketObjectLockConfigurationV2RuleArgs{DefaultRetention: spec.lock},
	}, s.subOpts(spec)...)
	if err != nil {
		return fmt.Errorf("object lock: %w", err)
	}
	return nil
}

// bucketPolicy attaches the spec's policy, after the public access block
// (S3 rejects concurrent changes to both).
func (s scope) bucketPolicy(bk *bucket, spec bucketSpec) error {
	p, err := s3.NewBucketPolicy(s.ctx, spec.logical+"-policy", &s3.BucketPolicyArgs{
		Bucket: bk.bucket.ID(), Policy: spec.policy,
	}, s.subOpts(spec, pulumi.DependsOn([]pulumi.Resource{bk.pab}))...)
	if err != nil {
		return fmt.Errorf("policy: %w", err)
	}
	bk.policy = p
	return nil
}
