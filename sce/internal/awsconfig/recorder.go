// Package awsconfig creates AWS Config for the account baseline: the
// configuration recorder (one per account and region, so it belongs to the
// baseline, never to a project), its delivery channel and status, and the
// HIPAA conformance pack that evaluates what the recorder records.
package awsconfig

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/storage"
)

// Names of AWS Config's resources: "<name>-<slug>".
const (
	// RoleSlug names the role the recorder assumes.
	RoleSlug = "config-role"
	// PackSlug names the HIPAA conformance pack.
	PackSlug = "hipaa-security"
	// recorderName is the name of the Config recorder and delivery channel:
	// the one the console and the CLI give them, so an existing recorder can
	// be imported (see ImportCommands).
	recorderName = "default"
)

// configManagedPolicy is the AWS managed policy that lets AWS Config read
// the configuration of every supported resource type.
const configManagedPolicy = "policy/service-role/AWS_ConfigRole"

// Args are what the recorder needs from the rest of the baseline.
type Args struct {
	// KeyArn is the baseline key the delivery channel encrypts with.
	KeyArn pulumi.StringOutput
	// BucketName is the config bucket the channel delivers to.
	BucketName pulumi.StringOutput
	// BucketPolicy is the config bucket's policy; the channel waits for it.
	BucketPolicy pulumi.Resource
	// Adopt leaves the account's existing recorder alone: nothing is
	// created and Import is logged as a warning on the component.
	Adopt bool
	// Import says how to import an existing recorder (see ImportMessage).
	Import string
}

// Recorder creates AWS Config in the order AWS requires
// (docs/deployment-facts.md#3): the recorder (every supported resource type, global types included),
// then the delivery channel to the KMS-encrypted config bucket, then the
// recorder status that starts recording. With Adopt the
// account's recorder is left alone and the stack says how to import it;
// the status is then nil.
func Recorder(s scope.Scope, a Args) (*cfg.RecorderStatus, error) {
	if a.Adopt {
		s.Ctx.Log.Warn(a.Import, &pulumi.LogArgs{Resource: s.Parent})
		return nil, nil
	}
	role, err := configRole(s, a.KeyArn)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	recorder, err := cfg.NewRecorder(s.Ctx, s.Names.Logical("config-recorder"), &cfg.RecorderArgs{
		Name:    pulumi.String(recorderName),
		RoleArn: role.arn,
		RecordingGroup: &cfg.RecorderRecordingGroupArgs{
			AllSupported: pulumi.Bool(true), IncludeGlobalResourceTypes: pulumi.Bool(true),
		},
		RecordingMode: &cfg.RecorderRecordingModeArgs{RecordingFrequency: pulumi.String("CONTINUOUS")},
	}, s.Opts(pulumi.DependsOn(role.policies))...)
	if err != nil {
		return nil, fmt.Errorf("config recorder: %w", err)
	}
	channel, err := cfg.NewDeliveryChannel(s.Ctx, s.Names.Logical("config-delivery-channel"), &cfg.DeliveryChannelArgs{
		Name:         pulumi.String(recorderName),
		S3BucketName: a.BucketName,
		S3KeyPrefix:  pulumi.String(storage.ConfigPrefix),
		S3KmsKeyArn:  a.KeyArn,
		SnapshotDeliveryProperties: &cfg.DeliveryChannelSnapshotDeliveryPropertiesArgs{
			DeliveryFrequency: pulumi.String("TwentyFour_Hours"),
		},
	}, s.Opts(pulumi.DependsOn([]pulumi.Resource{recorder, a.BucketPolicy}))...)
	if err != nil {
		return nil, fmt.Errorf("config delivery channel: %w", err)
	}
	status, err := cfg.NewRecorderStatus(s.Ctx, s.Names.Logical("config-recorder-status"), &cfg.RecorderStatusArgs{
		Name: recorder.Name, IsEnabled: pulumi.Bool(true),
	}, s.Opts(pulumi.DependsOn([]pulumi.Resource{channel}))...)
	if err != nil {
		return nil, fmt.Errorf("config recorder status: %w", err)
	}
	return status, nil
}

// recorderRole is the recorder's role and the policies it needs
// before the recorder starts.
type recorderRole struct {
	arn      pulumi.StringOutput
	policies []pulumi.Resource
}

// configRole creates the role the recorder assumes: AWS_ConfigRole to read
// configurations, and its own policy to deliver to the config bucket with
// the baseline key.
func configRole(s scope.Scope, keyArn pulumi.StringOutput) (recorderRole, error) {
	policy := keyArn.ApplyT(func(key string) (string, error) {
		return DeliveryPolicy(s.Names, key)
	}).(pulumi.StringOutput)
	role, own, err := iamrole.ForService(s, RoleSlug, "config.amazonaws.com", nil, policy)
	if err != nil {
		return recorderRole{}, err
	}
	managed, err := iam.NewRolePolicyAttachment(s.Ctx, s.Names.Logical(RoleSlug+"-managed-policy"), &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:%s", s.Names.Partition, configManagedPolicy)),
	}, s.Opts()...)
	if err != nil {
		return recorderRole{}, fmt.Errorf("%s managed policy: %w", RoleSlug, err)
	}
	return recorderRole{arn: role.Arn, policies: []pulumi.Resource{own, managed}}, nil
}

// DeliveryPolicy lets the recorder's role deliver to the config
// bucket, encrypting with the baseline key.
func DeliveryPolicy(n naming.Namer, keyArn string) (string, error) {
	arn := n.BucketArn(storage.Config)
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "CheckConfigBucket", Effect: iamdoc.Allow, Action: "s3:GetBucketAcl", Resource: arn},
		iamdoc.Statement{Sid: "DeliverToConfigBucket", Effect: iamdoc.Allow, Action: "s3:PutObject",
			Resource:  fmt.Sprintf("%s/%s/AWSLogs/%s/*", arn, storage.ConfigPrefix, n.Account),
			Condition: iamdoc.Conditions{"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
		iamdoc.Statement{Sid: "EncryptWithBaselineKey", Effect: iamdoc.Allow, Action: []string{"kms:Decrypt", "kms:GenerateDataKey"},
			Resource: keyArn},
	)
}
