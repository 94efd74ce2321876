package sce

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/storage"
)

// configManagedPolicy is the AWS managed policy that lets AWS Config read
// the configuration of every supported resource type.
const configManagedPolicy = "policy/service-role/AWS_ConfigRole"

// buildConfig creates AWS Config in the order AWS requires
// (docs/deployment-facts.md#3): the recorder (every supported resource type, global types included),
// then the delivery channel to the KMS-encrypted config bucket, then the
// recorder status that starts recording. With AdoptExistingRecorder the
// account's recorder is left alone and the stack says how to import it.
func (b *baselineBuilder) buildConfig() error {
	if b.args.AdoptExistingRecorder {
		b.Ctx.Log.Warn(b.recorderImport(), &pulumi.LogArgs{Resource: b.Parent})
		return nil
	}
	role, err := b.configRole()
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	recorder, err := cfg.NewRecorder(b.Ctx, b.Names.Logical("config-recorder"), &cfg.RecorderArgs{
		Name:    pulumi.String(recorderName),
		RoleArn: role.arn,
		RecordingGroup: &cfg.RecorderRecordingGroupArgs{
			AllSupported: pulumi.Bool(true), IncludeGlobalResourceTypes: pulumi.Bool(true),
		},
		RecordingMode: &cfg.RecorderRecordingModeArgs{RecordingFrequency: pulumi.String("CONTINUOUS")},
	}, b.Opts(pulumi.DependsOn(role.policies))...)
	if err != nil {
		return fmt.Errorf("config recorder: %w", err)
	}
	cb := b.buckets[BucketConfig]
	channel, err := cfg.NewDeliveryChannel(b.Ctx, b.Names.Logical("config-delivery-channel"), &cfg.DeliveryChannelArgs{
		Name:         pulumi.String(recorderName),
		S3BucketName: cb.Name,
		S3KeyPrefix:  pulumi.String(storage.ConfigPrefix),
		S3KmsKeyArn:  b.key.Arn,
		SnapshotDeliveryProperties: &cfg.DeliveryChannelSnapshotDeliveryPropertiesArgs{
			DeliveryFrequency: pulumi.String("TwentyFour_Hours"),
		},
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{recorder, cb.policy}))...)
	if err != nil {
		return fmt.Errorf("config delivery channel: %w", err)
	}
	b.recorder, err = cfg.NewRecorderStatus(b.Ctx, b.Names.Logical("config-recorder-status"), &cfg.RecorderStatusArgs{
		Name: recorder.Name, IsEnabled: pulumi.Bool(true),
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{channel}))...)
	if err != nil {
		return fmt.Errorf("config recorder status: %w", err)
	}
	return nil
}

// configRecorderRole is the recorder's role and the policies it needs
// before the recorder starts.
type configRecorderRole struct {
	arn      pulumi.StringOutput
	policies []pulumi.Resource
}

// configRole creates the role the recorder assumes: AWS_ConfigRole to read
// configurations, and its own policy to deliver to the config bucket with
// the baseline key.
func (b *baselineBuilder) configRole() (configRecorderRole, error) {
	policy := b.key.Arn.ApplyT(func(key string) (string, error) {
		return configDeliveryPolicy(b.Names, key)
	}).(pulumi.StringOutput)
	role, own, err := iamrole.ForService(b.Scope, roleConfig, "config.amazonaws.com", nil, policy)
	if err != nil {
		return configRecorderRole{}, err
	}
	managed, err := iam.NewRolePolicyAttachment(b.Ctx, b.Names.Logical(roleConfig+"-managed-policy"), &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:%s", b.Names.Partition, configManagedPolicy)),
	}, b.Opts()...)
	if err != nil {
		return configRecorderRole{}, fmt.Errorf("%s managed policy: %w", roleConfig, err)
	}
	return configRecorderRole{arn: role.Arn, policies: []pulumi.Resource{own, managed}}, nil
}

// configDeliveryPolicy lets the recorder's role deliver to the config
// bucket, encrypting with the baseline key.
func configDeliveryPolicy(n naming.Namer, keyArn string) (string, error) {
	arn := n.BucketArn(string(BucketConfig))
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "CheckConfigBucket", Effect: iamdoc.Allow, Action: "s3:GetBucketAcl", Resource: arn},
		iamdoc.Statement{Sid: "DeliverToConfigBucket", Effect: iamdoc.Allow, Action: "s3:PutObject",
			Resource:  fmt.Sprintf("%s/%s/AWSLogs/%s/*", arn, storage.ConfigPrefix, n.Account),
			Condition: iamdoc.Conditions{"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
		iamdoc.Statement{Sid: "EncryptWithBaselineKey", Effect: iamdoc.Allow, Action: []string{"kms:Decrypt", "kms:GenerateDataKey"},
			Resource: keyArn},
	)
}

// buildConformancePack deploys the HIPAA conformance pack generated from
// the data file. It waits for the recorder to be on: its rules evaluate
// what the recorder records.
func (b *baselineBuilder) buildConformancePack() error {
	opts := b.Opts()
	if b.recorder != nil {
		opts = b.Opts(pulumi.DependsOn([]pulumi.Resource{b.recorder}))
	}
	pack, err := cfg.NewConformancePack(b.Ctx, b.Names.Logical(conformancePackSlug), &cfg.ConformancePackArgs{
		Name:         pulumi.String(b.Names.Logical(conformancePackSlug)),
		TemplateBody: pulumi.String(b.template),
	}, opts...)
	if err != nil {
		return fmt.Errorf("conformance pack: %w", err)
	}
	b.pack = pack
	return nil
}

// recorderImport is empty when the stack manages the recorder; otherwise
// it says how to bring the existing recorder under the stack.
func (b *baselineBuilder) recorderImport() string {
	if !b.args.AdoptExistingRecorder {
		return ""
	}
	return fmt.Sprintf("sce:adoptExistingRecorder is true: this stack leaves the account's AWS Config recorder "+
		"and delivery channel alone. To manage them here instead (recording every resource type, delivering "+
		"to the config bucket), import them, then set sce:adoptExistingRecorder to false and run `pulumi up -s %s`:\n%s",
		b.Ctx.Stack(), strings.Join(recorderImportCommands(b.Ctx.Stack(), b.Ctx.Project(), b.name), "\n"))
}

// recorderImportCommands are the `pulumi import` commands that bring an
// account's existing AWS Config recorder, delivery channel and recorder
// status, named "default", under the baseline named name in stack stack of
// project project, with the logical names the baseline gives them.
func recorderImportCommands(stack, project, name string) []string {
	parent := fmt.Sprintf("baseline=urn:pulumi:%s::%s::%s::%s", stack, project, BaselineType, name)
	n := naming.Namer{PIT: name}
	var out []string
	for _, r := range []struct{ typ, logical string }{
		{awstype.ConfigRecorder, n.Logical("config-recorder")},
		{awstype.ConfigDeliveryChannel, n.Logical("config-delivery-channel")},
		{awstype.ConfigRecorderStatus, n.Logical("config-recorder-status")},
	} {
		out = append(out, fmt.Sprintf("pulumi import -s %s --parent '%s' %s %s %s", stack, parent, r.typ, r.logical, recorderName))
	}
	return out
}
