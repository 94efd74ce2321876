package sce

import (
	"cmp"
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BucketType is the Pulumi type token of the hardened bucket component.
const BucketType = "sce:index:Bucket"

// Bucket is a hardened S3 bucket: versioning, public access block,
// owner-enforced ownership (ACLs disabled), default encryption, a bucket
// policy and Object Lock, with optional lifecycle rule, access logging,
// default retention and event notifications, and an optional same-region
// replica (Replication). The hardening has no switch: every Bucket gets it,
// except that the bucket receiving server access logs has no Object Lock,
// which S3 does not allow there (AccessLogDestination), and neither has its
// replica: S3 replicates from a bucket with Object Lock only into a bucket
// with Object Lock, so a locked replica could not replicate back into the
// log destination. Its children, the replica included, are parented to it.
type Bucket struct {
	pulumi.ResourceState

	// Name is the bucket's (physical) name.
	Name pulumi.StringOutput
	// Arn is the bucket's ARN.
	Arn pulumi.StringOutput
	// Replica is the bucket's replica; nil without Replication.
	Replica *Bucket

	bucket     *s3.BucketV2
	pab        *s3.BucketPublicAccessBlock
	versioning *s3.BucketVersioningV2
	objectLock *s3.BucketObjectLockConfigurationV2 // nil without Object Lock
	policy     *s3.BucketPolicy
}

// BucketArgs are the inputs of NewBucket.
type BucketArgs struct {
	// BucketName is the physical bucket name (required; S3's naming rules apply).
	BucketName string
	// Tags are the bucket's tags.
	Tags pulumi.StringMap
	// KmsKeyArn is the SSE-KMS key, used with an S3 Bucket Key; nil means
	// SSE-S3 (AES256), which S3 requires of server access log targets
	// (docs/deployment-facts.md#8).
	KmsKeyArn pulumi.StringInput
	// Policy is the bucket policy document (required).
	Policy pulumi.StringInput
	// Lifecycle is the bucket's one lifecycle rule; nil means none.
	Lifecycle *s3.BucketLifecycleConfigurationV2RuleArgs
	// ObjectLock, when set, is the default retention of the bucket's Object
	// Lock, enabled at creation: every new object version is locked for it.
	// Nil means Object Lock without a default retention: versions are
	// locked only when a request asks for it (a retention period or a
	// legal hold). Object Lock can never be turned off again.
	ObjectLock *s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs
	// AccessLogDestination marks the bucket that receives other buckets'
	// server access logs. S3 delivers them only to a bucket with SSE-S3
	// default encryption, without Object Lock and in the same account and
	// region (docs/deployment-facts.md#8), so such a bucket has neither, and
	// it does not log its own access: delivering its logs into itself would
	// log every delivery, without end. KmsKeyArn, ObjectLock and
	// AccessLogTarget must be unset.
	AccessLogDestination bool
	// ConfigDelivery marks the bucket AWS Config delivers to. AWS does not
	// support a Config delivery channel to a bucket with Object Lock
	// (docs/deployment-facts.md#24), so it has none, and neither has its
	// replica (a copy of these arguments, replicating back into it: S3
	// replicates from a bucket with Object Lock only into one with it).
	// ObjectLock must be unset.
	ConfigDelivery bool
	// AccessLogTarget, when set, receives the bucket's server access logs
	// under AccessLogPrefix; the logging waits for the target's policy.
	AccessLogTarget *Bucket
	// AccessLogPrefix is the key prefix of the access logs; empty means
	// the component's name followed by "/".
	AccessLogPrefix string
	// Notifications, when set, send some of the bucket's S3 events to an
	// SNS topic (bucket_notification.go); nil means none.
	Notifications *BucketNotifications
	// Protect protects the bucket itself from deletion (PHI, audit evidence).
	Protect bool
	// RetainOnDelete keeps the bucket and every hardening resource in AWS
	// when they leave the stack, so a retained bucket stays hardened.
	RetainOnDelete bool
	// Replication, when set, gives the bucket a same-region replica built
	// from a copy of these arguments, replicated both ways.
	Replication *BucketReplication

	// logDestinationReplica marks the replica of the access-log
	// destination, which has no Object Lock (replicaArgs).
	logDestinationReplica bool
}

// NewBucket creates a hardened bucket and its hardening resources.
func NewBucket(ctx *pulumi.Context, name string, args *BucketArgs, opts ...pulumi.ResourceOption) (*Bucket, error) {
	if args == nil || args.BucketName == "" || args.Policy == nil {
		return nil, errors.New("bucket " + name + ": BucketName and Policy are required")
	}
	if err := errors.Join(args.checkAccessLogDestination(), args.checkConfigDelivery(), args.Notifications.check()); err != nil {
		return nil, fmt.Errorf("bucket %s: %w", name, err)
	}
	if err := args.checkReplication(); err != nil {
		return nil, fmt.Errorf("bucket %s: %w", name, err)
	}
	bk := &Bucket{}
	if err := ctx.RegisterComponentResource(BucketType, name, bk, opts...); err != nil {
		return nil, fmt.Errorf("register %s %s: %w", BucketType, name, err)
	}
	h := bucketHardening{ctx: ctx, name: name, args: *args, bk: bk}
	if err := h.build(); err != nil {
		return nil, fmt.Errorf("bucket %s: %w", name, err)
	}
	bk.Name, bk.Arn = bk.bucket.Bucket, bk.bucket.Arn
	if err := ctx.RegisterResourceOutputs(bk, pulumi.Map{"name": bk.Name, "arn": bk.Arn}); err != nil {
		return nil, fmt.Errorf("register outputs of bucket %s: %w", name, err)
	}
	return bk, nil
}

// checkAccessLogDestination refuses what S3 refuses of a server access log
// destination: SSE-KMS default encryption, Object Lock and logging into
// itself (or into another bucket, which would need a destination of its own).
func (a *BucketArgs) checkAccessLogDestination() error {
	if !a.AccessLogDestination {
		return nil
	}
	var set []string
	if a.KmsKeyArn != nil {
		set = append(set, "KmsKeyArn (S3 delivers server access logs only to SSE-S3 buckets)")
	}
	if a.ObjectLock != nil {
		set = append(set, "ObjectLock (S3 delivers server access logs only to buckets without Object Lock)")
	}
	if a.AccessLogTarget != nil {
		set = append(set, "AccessLogTarget (the destination of server access logs does not log its own access)")
	}
	if len(set) > 0 {
		return fmt.Errorf("AccessLogDestination excludes %s: unset them", strings.Join(set, ", "))
	}
	return nil
}

// checkConfigDelivery refuses a default retention on the bucket AWS Config
// delivers to: Config delivers to no bucket with Object Lock.
func (a *BucketArgs) checkConfigDelivery() error {
	if a.ConfigDelivery && a.ObjectLock != nil {
		return errors.New("ConfigDelivery excludes ObjectLock (AWS Config delivers to no bucket with Object Lock): unset it")
	}
	return nil
}

// bucketHardening builds one Bucket's children.
type bucketHardening struct {
	ctx  *pulumi.Context
	name string
	args BucketArgs
	bk   *Bucket
}

// build creates the bucket, then each hardening resource in order.
func (h bucketHardening) build() error {
	steps := []func() error{
		h.bucket, h.versioningStep, h.lifecycle, h.publicAccessBlock, h.ownership, h.encryption,
		h.logging, h.objectLock, h.policyStep, h.notifications, h.replication,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// opts are the options of a child: parented to the component, retained
// when the bucket is, plus extra.
func (h bucketHardening) opts(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	opts := []pulumi.ResourceOption{pulumi.Parent(h.bk)}
	if h.args.RetainOnDelete {
		opts = append(opts, pulumi.RetainOnDelete(true))
	}
	return append(opts, extra...)
}

// after is a DependsOn option on the resources rs.
func after(rs ...pulumi.Resource) pulumi.ResourceOption { return pulumi.DependsOn(rs) }

func (h bucketHardening) bucket() error {
	var extra []pulumi.ResourceOption
	if h.args.Protect {
		extra = append(extra, pulumi.Protect(true))
	}
	b, err := s3.NewBucketV2(h.ctx, h.name, &s3.BucketV2Args{
		Bucket:            pulumi.String(h.args.BucketName),
		ObjectLockEnabled: h.lockAtCreation(),
		Tags:              h.args.Tags,
	}, h.opts(extra...)...)
	if err != nil {
		return fmt.Errorf("bucket: %w", err)
	}
	h.bk.bucket = b
	return nil
}

// lockAtCreation is the bucket's objectLockEnabled input: true for a
// bucket with a default retention (created with Object Lock), false for
// the access-log destination and its replica, and unset for the others, whose Object Lock
// the lock configuration turns on. Unset leaves the provider's recorded
// value alone, so turning Object Lock on later never replaces a bucket
// created without it (a changed objectLockEnabled would). The Config
// delivery bucket and its replica leave it unset too (S3 creates a bucket
// without Object Lock): one an earlier sce created with Object Lock is not
// replaced (see docs/deployment-facts.md#24).
func (h bucketHardening) lockAtCreation() pulumi.BoolPtrInput {
	switch {
	case h.args.ObjectLock != nil:
		return pulumi.Bool(true)
	case h.args.ConfigDelivery:
		return nil
	case h.unlocked():
		return pulumi.Bool(false)
	}
	return nil
}

func (h bucketHardening) versioningStep() error {
	v, err := s3.NewBucketVersioningV2(h.ctx, h.name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  h.bk.bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, h.opts()...)
	if err != nil {
		return fmt.Errorf("versioning: %w", err)
	}
	h.bk.versioning = v
	return nil
}

// lifecycle sets the lifecycle rule; it waits for versioning, as S3 asks.
func (h bucketHardening) lifecycle() error {
	if h.args.Lifecycle == nil {
		return nil
	}
	_, err := s3.NewBucketLifecycleConfigurationV2(h.ctx, h.name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: h.bk.bucket.ID(),
		Rules:  s3.BucketLifecycleConfigurationV2RuleArray{h.args.Lifecycle},
	}, h.opts(after(h.bk.versioning))...)
	if err != nil {
		return fmt.Errorf("lifecycle: %w", err)
	}
	return nil
}

func (h bucketHardening) publicAccessBlock() error {
	pab, err := s3.NewBucketPublicAccessBlock(h.ctx, h.name+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket:                h.bk.bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, h.opts()...)
	if err != nil {
		return fmt.Errorf("public access block: %w", err)
	}
	h.bk.pab = pab
	return nil
}

func (h bucketHardening) ownership() error {
	_, err := s3.NewBucketOwnershipControls(h.ctx, h.name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: h.bk.bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, h.opts()...)
	if err != nil {
		return fmt.Errorf("ownership controls: %w", err)
	}
	return nil
}

// encryption sets default encryption: SSE-KMS with an S3 Bucket Key, or
// SSE-S3 when there is no key.
func (h bucketHardening) encryption() error {
	def := &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
		SseAlgorithm: pulumi.String("AES256"),
	}
	bucketKey := pulumi.Bool(false)
	if h.args.KmsKeyArn != nil {
		def = &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: h.args.KmsKeyArn,
		}
		bucketKey = pulumi.Bool(true)
	}
	_, err := s3.NewBucketServerSideEncryptionConfigurationV2(h.ctx, h.name+"-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: h.bk.bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: def, BucketKeyEnabled: bucketKey,
		}},
	}, h.opts()...)
	if err != nil {
		return fmt.Errorf("encryption: %w", err)
	}
	return nil
}

// logging sends server access logs to the log target, after that bucket's
// policy lets the logging service write.
func (h bucketHardening) logging() error {
	target := h.args.AccessLogTarget
	if target == nil {
		return nil
	}
	_, err := s3.NewBucketLoggingV2(h.ctx, h.name+"-logging", &s3.BucketLoggingV2Args{
		Bucket:       h.bk.bucket.ID(),
		TargetBucket: target.bucket.ID(),
		TargetPrefix: pulumi.String(cmp.Or(h.args.AccessLogPrefix, h.name+"/")),
	}, h.opts(after(target.policy))...)
	if err != nil {
		return fmt.Errorf("access logging: %w", err)
	}
	return nil
}

// objectLock enables Object Lock on every bucket but the access-log
// destination and its replica (unlocked()), after versioning (S3 enables it only on a versioned bucket,
// new or existing). With a default retention, objects cannot be deleted or
// overwritten before it ends (GOVERNANCE: except by a role allowed to
// bypass it; COMPLIANCE: by no one); without one, an object version is
// locked only when a request sets a retention period or a legal hold on it.
func (h bucketHardening) objectLock() error {
	if h.unlocked() {
		return nil
	}
	var rule s3.BucketObjectLockConfigurationV2RulePtrInput
	if h.args.ObjectLock != nil {
		rule = &s3.BucketObjectLockConfigurationV2RuleArgs{DefaultRetention: h.args.ObjectLock}
	}
	lock, err := s3.NewBucketObjectLockConfigurationV2(h.ctx, h.name+"-object-lock", &s3.BucketObjectLockConfigurationV2Args{
		Bucket:            h.bk.bucket.ID(),
		ObjectLockEnabled: pulumi.String("Enabled"),
		Rule:              rule,
	}, h.opts(after(h.bk.versioning))...)
	if err != nil {
		return fmt.Errorf("object lock: %w", err)
	}
	h.bk.objectLock = lock
	return nil
}

// unlocked holds for the buckets without Object Lock: the access-log
// destination, where S3 delivers no server access logs into a locked
// bucket, the bucket AWS Config delivers to (ConfigDelivery), and their
// replicas, which replicate back into them (S3 replicates from a locked
// bucket only into a locked one).
func (h bucketHardening) unlocked() bool {
	return h.args.AccessLogDestination || h.args.logDestinationReplica || h.args.ConfigDelivery
}

// policyStep attaches the bucket policy, after the public access block
// (S3 rejects concurrent changes to both).
func (h bucketHardening) policyStep() error {
	p, err := s3.NewBucketPolicy(h.ctx, h.name+"-policy", &s3.BucketPolicyArgs{
		Bucket: h.bk.bucket.ID(), Policy: h.args.Policy,
	}, h.opts(after(h.bk.pab))...)
	if err != nil {
		return fmt.Errorf("policy: %w", err)
	}
	h.bk.policy = p
	return nil
}
