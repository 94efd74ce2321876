package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// keyDeletionWindowDays is how long a scheduled key deletion can be cancelled.
const keyDeletionWindowDays = 30

// buildKey creates the project's customer-managed KMS key, with its key
// policy inline so that the policy exists before any log group or trail
// uses the key, and the alias alias/<pit>.
func (b *builder) buildKey() error {
	policy, err := keyPolicy(b.names)
	if err != nil {
		return fmt.Errorf("key policy: %w", err)
	}
	name := b.names.logical("key")
	key, err := kms.NewKey(b.ctx, name, &kms.KeyArgs{
		Description:          pulumi.String(fmt.Sprintf("sce %s: encrypts the project's PHI, logs and alerts", b.pit)),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(keyDeletionWindowDays),
		Policy:               pulumi.String(policy),
		Tags:                 b.tags(name),
	}, b.opts(pulumi.Protect(true))...)
	if err != nil {
		return fmt.Errorf("kms key: %w", err)
	}
	if _, err := kms.NewAlias(b.ctx, b.names.logical("key-alias"), &kms.AliasArgs{
		Name:        pulumi.String("alias/" + b.pit),
		TargetKeyId: key.KeyId,
	}, b.opts()...); err != nil {
		return fmt.Errorf("kms alias: %w", err)
	}
	b.key = key
	return nil
}

// keyPolicy is the project key's policy: the account administers the key
// through IAM; CloudTrail, CloudWatch Logs, log delivery and the alert
// publishers may use it only for this project's trail, log groups and account.
// No statement has a "*" principal.
func keyPolicy(n namer) (string, error) {
	trail := conditions{"StringEquals": {"aws:SourceArn": n.trailArn()}}
	account := conditions{"StringEquals": {"aws:SourceAccount": n.account}}
	return policyJSON(
		statement{Sid: "AccountAdministersKeyThroughIAM", Effect: allow, Principal: awsPrincipal(n.accountRoot()),
			Action: "kms:*", Resource: "*"},
		statement{Sid: "CloudTrailEncryptsProjectTrail", Effect: allow, Principal: service("cloudtrail.amazonaws.com"),
			Action: "kms:GenerateDataKey*", Resource: "*", Condition: conditions{
				"StringEquals": {"aws:SourceArn": n.trailArn()},
				"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": fmt.Sprintf(
					"arn:%s:cloudtrail:*:%s:trail/*", n.partition, n.account)},
			}},
		statement{Sid: "CloudTrailDescribesKey", Effect: allow, Principal: service("cloudtrail.amazonaws.com"),
			Action: "kms:DescribeKey", Resource: "*", Condition: trail},
		statement{Sid: "CloudTrailDecryptsForBucketKey", Effect: allow, Principal: service("cloudtrail.amazonaws.com"),
			Action: "kms:Decrypt", Resource: "*", Condition: trail},
		statement{Sid: "CloudWatchLogsEncryptsProjectLogGroups", Effect: allow,
			Principal: service(fmt.Sprintf("logs.%s.amazonaws.com", n.region)),
			Action:    []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"},
			Resource:  "*", Condition: conditions{"ArnLike": {
				"kms:EncryptionContext:aws:logs:arn": n.arn("logs", "log-group:/sce/"+n.pit+"/*")}}},
		statement{Sid: "LogDeliveryWritesFlowLogsToLogsBucket", Effect: allow, Principal: service("delivery.logs.amazonaws.com"),
			Action:   []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"},
			Resource: "*", Condition: conditions{
				"StringEquals": {"aws:SourceAccount": n.account},
				"ArnLike":      {"aws:SourceArn": n.arn("logs", "*")},
			}},
		statement{Sid: "AlarmsAndEventsPublishToAlertTopic", Effect: allow,
			Principal: service("cloudwatch.amazonaws.com", "events.amazonaws.com"),
			Action:    []string{"kms:GenerateDataKey*", "kms:Decrypt"}, Resource: "*", Condition: account},
	)
}
