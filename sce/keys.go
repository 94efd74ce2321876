package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// keyDeletionWindowDays is how long a scheduled key deletion can be
// cancelled: 30 days, the longest window KMS allows.
const keyDeletionWindowDays = 30

// keySpec describes one customer-managed KMS key and its alias.
type keySpec struct {
	// logical is the key's Pulumi name; its alias is logical+"-alias".
	logical string
	// alias is the alias name, "alias/...".
	alias string
	// description is the key's description.
	description string
	// policy is the inline key policy.
	policy string
	// retain keeps the key (and its alias) in AWS when it leaves the stack.
	retain bool
}

// buildKey creates the project's customer-managed KMS key, with its key
// policy inline so that the policy exists before any log group or trail
// uses the key, and the alias alias/<pit>.
func (b *builder) buildKey() error {
	var extra []iamdoc.Statement
	if b.args.Warehouse != nil {
		extra = append(extra, warehouseLogsKeyStatement(b.Names, b.warehouseID()))
	}
	policy, err := keyPolicy(b.Names, b.args.AdminRoleArn, extra...)
	if err != nil {
		return fmt.Errorf("key policy: %w", err)
	}
	key, err := newKey(b.Scope, keySpec{
		logical: b.Names.Logical("key"), alias: "alias/" + b.pit, policy: policy,
		description: fmt.Sprintf("sce %s: encrypts the project's PHI, logs and alerts", b.pit),
	})
	if err != nil {
		return err
	}
	b.key = key
	return nil
}

// newKey creates a protected key with rotation on and the longest deletion
// window, and its alias.
func newKey(s scope.Scope, k keySpec) (*kms.Key, error) {
	opts := []pulumi.ResourceOption{pulumi.Protect(true)}
	var aliasOpts []pulumi.ResourceOption
	if k.retain {
		opts = append(opts, pulumi.RetainOnDelete(true))
		aliasOpts = append(aliasOpts, pulumi.RetainOnDelete(true))
	}
	key, err := kms.NewKey(s.Ctx, k.logical, &kms.KeyArgs{
		Description:          pulumi.String(k.description),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(keyDeletionWindowDays),
		Policy:               pulumi.String(k.policy),
		Tags:                 s.Tags(k.logical),
	}, s.Opts(opts...)...)
	if err != nil {
		return nil, fmt.Errorf("kms key %s: %w", k.logical, err)
	}
	if _, err := kms.NewAlias(s.Ctx, k.logical+"-alias", &kms.AliasArgs{
		Name:        pulumi.String(k.alias),
		TargetKeyId: key.KeyId,
	}, s.Opts(aliasOpts...)...); err != nil {
		return nil, fmt.Errorf("kms alias %s: %w", k.alias, err)
	}
	return key, nil
}

// keyPolicy is the project key's policy: the account administers the key
// through IAM, but only the admin role deletes, disables or re-policies it;
// CloudTrail, CloudWatch Logs, log delivery and the alert publishers may use
// it only for this project's trail, log groups and account. No Allow
// statement has a "*" principal. extra are statements a project adds (the
// warehouse's audit log groups).
func keyPolicy(n naming.Namer, adminRoleArn string, extra ...iamdoc.Statement) (string, error) {
	return iamdoc.JSON(append(keyPolicyStatements(n, adminRoleArn), extra...)...)
}

// keyPolicyStatements are the statements of keyPolicy.
func keyPolicyStatements(n naming.Namer, adminRoleArn string) []iamdoc.Statement {
	stmts := keyAdminStatements(n, adminRoleArn)
	stmts = append(stmts, trailKeyStatements(n, "Project")...)
	return append(stmts, logsKeyStatement(n, "Project"), flowLogDeliveryKeyStatement(n), alertPublishersKeyStatement(n))
}

// warehouseLogsKeyStatement lets CloudWatch Logs use the key for the
// warehouse's audit log groups /aws/redshift/cluster/<id>/*, whose names
// Redshift chooses.
func warehouseLogsKeyStatement(n naming.Namer, id string) iamdoc.Statement {
	s := logsKeyStatement(n, "Warehouse")
	s.Condition = iamdoc.Conditions{"ArnLike": {"kms:EncryptionContext:aws:logs:arn": n.ARN("logs", "log-group:/aws/redshift/cluster/"+id+"/*")}}
	return s
}

// keyAdministrationActions are the key-level administration actions only
// the admin role may call: scheduling or cancelling the key's deletion,
// disabling the key or its rotation, and replacing the key policy. Using the
// key (Encrypt, Decrypt, GenerateDataKey, the grants services create) is not
// among them.
var keyAdministrationActions = []string{"kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:DisableKey",
	"kms:DisableKeyRotation", "kms:PutKeyPolicy"}

// keyAdminStatements let the account administer and use the key through
// IAM, and deny keyAdministrationActions to every principal but the admin
// role, the account root included: a principal allowed kms:* in IAM can use
// the key but not destroy it. The admin role deploys, so it can still update
// the policy; deploying as another principal fails instead (KMS refuses to
// create a key whose policy locks its creator out, and the Deny refuses later
// changes). The condition names the role by ARN, so a role re-created under
// the same name keeps that right.
func keyAdminStatements(n naming.Namer, adminRoleArn string) []iamdoc.Statement {
	return []iamdoc.Statement{
		{Sid: "AccountAdministersKeyThroughIAM", Effect: iamdoc.Allow, Principal: iamdoc.AWSPrincipal(n.AccountRoot()),
			Action: "kms:*", Resource: "*"},
		{Sid: "DenyKeyAdministrationExceptAdminRole", Effect: iamdoc.Deny, Principal: "*", Action: keyAdministrationActions,
			Resource: "*", Condition: iamdoc.Conditions{"ArnNotEquals": {"aws:PrincipalArn": adminRoleArn}}},
	}
}

// trailKeyStatements let CloudTrail encrypt the trail named by n (label
// names it in the Sid), describe the key, and decrypt for the S3 Bucket Key.
func trailKeyStatements(n naming.Namer, label string) []iamdoc.Statement {
	trail := iamdoc.Conditions{"StringEquals": {"aws:SourceArn": n.TrailArn()}}
	return []iamdoc.Statement{
		{Sid: "CloudTrailEncrypts" + label + "Trail", Effect: iamdoc.Allow, Principal: iamdoc.Service("cloudtrail.amazonaws.com"),
			Action: "kms:GenerateDataKey*", Resource: "*", Condition: iamdoc.Conditions{
				"StringEquals": {"aws:SourceArn": n.TrailArn()},
				"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": fmt.Sprintf(
					"arn:%s:cloudtrail:*:%s:trail/*", n.Partition, n.Account)},
			}},
		{Sid: "CloudTrailDescribesKey", Effect: iamdoc.Allow, Principal: iamdoc.Service("cloudtrail.amazonaws.com"),
			Action: "kms:DescribeKey", Resource: "*", Condition: trail},
		{Sid: "CloudTrailDecryptsForBucketKey", Effect: iamdoc.Allow, Principal: iamdoc.Service("cloudtrail.amazonaws.com"),
			Action: "kms:Decrypt", Resource: "*", Condition: trail},
	}
}

// logsKeyStatement lets CloudWatch Logs use the key for the log groups
// /sce/<name>/*.
func logsKeyStatement(n naming.Namer, label string) iamdoc.Statement {
	return iamdoc.Statement{Sid: "CloudWatchLogsEncrypts" + label + "LogGroups", Effect: iamdoc.Allow,
		Principal: iamdoc.Service(fmt.Sprintf("logs.%s.amazonaws.com", n.Region)),
		Action:    []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"},
		Resource:  "*", Condition: iamdoc.Conditions{"ArnLike": {
			"kms:EncryptionContext:aws:logs:arn": n.ARN("logs", "log-group:/sce/"+n.PIT+"/*")}}}
}

// flowLogDeliveryKeyStatement lets log delivery write VPC flow logs to the
// KMS-encrypted logs bucket, for this account only.
func flowLogDeliveryKeyStatement(n naming.Namer) iamdoc.Statement {
	return iamdoc.Statement{Sid: "LogDeliveryWritesFlowLogsToLogsBucket", Effect: iamdoc.Allow, Principal: iamdoc.Service("delivery.logs.amazonaws.com"),
		Action:   []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"},
		Resource: "*", Condition: iamdoc.Conditions{
			"StringEquals": {"aws:SourceAccount": n.Account},
			"ArnLike":      {"aws:SourceArn": n.ARN("logs", "*")},
		}}
}

// alertPublishersKeyStatement lets alarms and EventBridge rules of this
// account publish to the KMS-encrypted alert topic.
func alertPublishersKeyStatement(n naming.Namer) iamdoc.Statement {
	return iamdoc.Statement{Sid: "AlarmsAndEventsPublishToAlertTopic", Effect: iamdoc.Allow,
		Principal: iamdoc.Service("cloudwatch.amazonaws.com", "events.amazonaws.com"),
		Action:    []string{"kms:GenerateDataKey*", "kms:Decrypt"}, Resource: "*",
		Condition: iamdoc.Conditions{"StringEquals": {"aws:SourceAccount": n.Account}}}
}
