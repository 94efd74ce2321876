package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/audit"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/storage"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// ArchiveObjectsPrefix is where close-out puts the copies of a project's
// objects in the archive bucket, and all that the archive's lifecycle rule
// moves to Glacier: manifests, reports, checkpoints and locks are kept
// elsewhere in the bucket, in S3 Standard, so that they stay readable.
const ArchiveObjectsPrefix = storage.ArchiveObjectsPrefix

// BaselineType is the Pulumi type token of the account baseline component.
const BaselineType = "sce:index:Baseline"

// Baseline is the account baseline: the controls that exist once per AWS
// account and region (AWS Config and its HIPAA conformance pack, the account
// trail, GuardDuty, Security Hub, IAM Access Analyzer, the password policy,
// EBS encryption and S3 public access defaults) and the archive that keeps
// what projects leave at close-out. Its fields are the component's outputs.
type Baseline struct {
	pulumi.ResourceState

	// ArchiveBucketName is the archive bucket, where close-out copies a project's data, results and logs.
	ArchiveBucketName pulumi.StringOutput
	// ArchiveKeyArn is the archive's own KMS key, which no project uses.
	ArchiveKeyArn pulumi.StringOutput
	// AlertTopicArn is the SNS topic of the account's security alerts.
	AlertTopicArn pulumi.StringOutput
	// ConfigRecorderManaged is true when this stack manages the AWS Config
	// recorder, false when it adopted an existing one.
	ConfigRecorderManaged pulumi.BoolOutput
	// ConfigRecorderImport is empty when the recorder is managed here;
	// otherwise the commands that import the existing recorder into the stack.
	ConfigRecorderImport pulumi.StringOutput
	// KeyArn is the baseline key: account trail, Config history, alerts, EBS default.
	KeyArn pulumi.StringOutput
	// TrailArn is the account trail.
	TrailArn pulumi.StringOutput
	// LogsBucketName is the bucket of the account trail.
	LogsBucketName pulumi.StringOutput
	// ConfigBucketName is the bucket of AWS Config's history and snapshots.
	ConfigBucketName pulumi.StringOutput
	// ConformancePackArn is the HIPAA conformance pack.
	ConformancePackArn pulumi.StringOutput
}

// baselineBuilder carries what the baseline's concern builders share.
type baselineBuilder struct {
	scope.Scope
	name string
	args BaselineArgs

	key, archiveKey *kms.Key
	buckets         map[BucketRole]*Bucket
	replication     replicationRole
	recorder        *cfg.RecorderStatus // nil when the recorder is adopted
	pack            *cfg.ConformancePack
	topic           alerts.Topic
	trail           audit.Trail
}

// NewBaseline builds the account baseline named name (the prefix of its
// resource names). Arguments are defaulted and validated first: invalid
// arguments return ValidationErrors naming every bad config key, before any
// resource is registered.
func NewBaseline(ctx *pulumi.Context, name string, args *BaselineArgs, opts ...pulumi.ResourceOption) (*Baseline, error) {
	if args == nil {
		args = &BaselineArgs{}
	}
	a := args.withDefaults()
	if err := ValidateBaseline(name, a); err != nil {
		return nil, err
	}
	bl := &Baseline{}
	if err := ctx.RegisterComponentResource(BaselineType, name, bl, opts...); err != nil {
		return nil, fmt.Errorf("register %s %s: %w", BaselineType, name, err)
	}
	identity, err := providerAccount(ctx, bl, a.Region)
	if err != nil {
		return nil, err
	}
	b := &baselineBuilder{
		Scope: scope.Scope{Ctx: ctx, Parent: bl, Names: naming.New(name, identity.AccountId, a.Region),
			Tagger: func(res string) pulumi.StringMap { return tags.OfBaseline(name, a.Owner, res, nil) }},
		name: name, args: a, buckets: map[BucketRole]*Bucket{},
	}
	if err := b.build(); err != nil {
		return nil, err
	}
	bl.setOutputs(b)
	if err := ctx.RegisterResourceOutputs(bl, bl.Outputs()); err != nil {
		return nil, fmt.Errorf("register outputs of %s: %w", name, err)
	}
	return bl, nil
}

// build runs the concern builders in dependency order.
func (b *baselineBuilder) build() error {
	steps := []func() error{
		b.buildKeys, b.buildAlertTopic, b.buildStorage, b.buildConfig, b.buildConformancePack,
		b.buildTrail, b.buildAlarms, b.buildFindingAlerts, b.buildAccountDefaults, b.buildThreatDetection,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("baseline %s: %w", b.name, err)
		}
	}
	return nil
}

// setOutputs fills the component's output fields from the built resources.
func (bl *Baseline) setOutputs(b *baselineBuilder) {
	bl.ArchiveBucketName = b.buckets[BucketArchive].Name
	bl.ArchiveKeyArn = b.archiveKey.Arn
	bl.AlertTopicArn = b.topic.Arn
	bl.ConfigRecorderManaged = pulumi.Bool(!b.args.AdoptExistingRecorder).ToBoolOutput()
	bl.ConfigRecorderImport = pulumi.String(b.recorderImport()).ToStringOutput()
	bl.KeyArn = b.key.Arn
	bl.TrailArn = b.trail.Trail.Arn
	bl.LogsBucketName = b.buckets[BucketLogs].Name
	bl.ConfigBucketName = b.buckets[BucketConfig].Name
	bl.ConformancePackArn = b.pack.Arn
}

// Outputs maps each output field to its name: what the component registers
// as its outputs and what a baseline stack exports.
func (bl *Baseline) Outputs() pulumi.Map {
	return pulumi.Map{
		OutputArchiveBucketName:     bl.ArchiveBucketName,
		OutputArchiveKeyArn:         bl.ArchiveKeyArn,
		OutputAlertTopicArn:         bl.AlertTopicArn,
		OutputConfigRecorderManaged: bl.ConfigRecorderManaged,
		OutputConfigRecorderImport:  bl.ConfigRecorderImport,
		OutputKeyArn:                bl.KeyArn,
		OutputTrailArn:              bl.TrailArn,
		OutputLogsBucketName:        bl.LogsBucketName,
		OutputConfigBucketName:      bl.ConfigBucketName,
		OutputConformancePackArn:    bl.ConformancePackArn,
	}
}
