package keys

import (
	"fmt"

	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// AdministrationActions are the key-level administration actions only
// the admin role may call: scheduling or cancelling the key's deletion,
// disabling the key or its rotation, and replacing the key policy. Using the
// key (Encrypt, Decrypt, GenerateDataKey, the grants services create) is not
// among them.
func AdministrationActions() []string {
	return []string{"kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:DisableKey",
		"kms:DisableKeyRotation", "kms:PutKeyPolicy"}
}

// adminStatements let the account administer and use the key through
// IAM, and deny AdministrationActions to every principal but the admin
// role, the account root included: a principal allowed kms:* in IAM can use
// the key but not destroy it. The admin role deploys, so it can still update
// the policy; deploying as another principal fails instead (KMS refuses to
// create a key whose policy locks its creator out, and the Deny refuses later
// changes). The condition names the role by ARN, so a role re-created under
// the same name keeps that right.
func adminStatements(n naming.Namer, adminRoleArn string) []iamdoc.Statement {
	return []iamdoc.Statement{
		{Sid: "AccountAdministersKeyThroughIAM", Effect: iamdoc.Allow, Principal: iamdoc.AWSPrincipal(n.AccountRoot()),
			Action: "kms:*", Resource: "*"},
		{Sid: "DenyKeyAdministrationExceptAdminRole", Effect: iamdoc.Deny, Principal: "*", Action: AdministrationActions(),
			Resource: "*", Condition: iamdoc.Conditions{"ArnNotEquals": {"aws:PrincipalArn": adminRoleArn}}},
	}
}

// trailStatements let CloudTrail encrypt the trail named by n (label
// names it in the Sid), describe the key, and decrypt for the S3 Bucket Key.
func trailStatements(n naming.Namer, label string) []iamdoc.Statement {
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

// logsStatement lets CloudWatch Logs use the key for the log groups
// /sce/<name>/*.
func logsStatement(n naming.Namer, label string) iamdoc.Statement {
	return iamdoc.Statement{Sid: "CloudWatchLogsEncrypts" + label + "LogGroups", Effect: iamdoc.Allow,
		Principal: iamdoc.Service(fmt.Sprintf("logs.%s.amazonaws.com", n.Region)),
		Action:    []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"},
		Resource:  "*", Condition: iamdoc.Conditions{"ArnLike": {
			"kms:EncryptionContext:aws:logs:arn": n.ARN("logs", "log-group:/sce/"+n.PIT+"/*")}}}
}

// flowLogDeliveryStatement lets log delivery write VPC flow logs to the
// KMS-encrypted logs bucket, for this account only.
func flowLogDeliveryStatement(n naming.Namer) iamdoc.Statement {
	return iamdoc.Statement{Sid: "LogDeliveryWritesFlowLogsToLogsBucket", Effect: iamdoc.Allow, Principal: iamdoc.Service("delivery.logs.amazonaws.com"),
		Action:   []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"},
		Resource: "*", Condition: iamdoc.Conditions{
			"StringEquals": {"aws:SourceAccount": n.Account},
			"ArnLike":      {"aws:SourceArn": n.ARN("logs", "*")},
		}}
}

// alertTopicStatements let what publishes to the KMS-encrypted alert
// topic of the stack use the key, for the topic only asks the publisher
// for a data key, and only for that topic: Amazon SNS asks KMS with the
// encryption context aws:sns:topicArn set to the topic's ARN, and both
// statements require it to be exactly the stack's alert topic
// (alerts.TopicArn, known before the topic exists). Alarms (CloudWatch)
// and bucket event notifications (S3, which calls KMS here for the
// notification only; its object encryption goes through the caller's own
// permissions) must also be of this account. Event rules (EventBridge)
// get a statement of their own without an aws:Source* condition: Amazon
// SNS does not support aws:SourceAccount, aws:SourceArn or aws:SourceOrgID
// in the key policy of a topic that EventBridge delivers to, and with them
// every event-rule notification (Config compliance, GuardDuty, Security
// Hub) would be dropped without an error. The topic's own policy admits
// only the stack's rules (alerts.TopicPolicy).
func alertTopicStatements(n naming.Namer) []iamdoc.Statement {
	actions := []string{"kms:GenerateDataKey*", "kms:Decrypt"}
	topic := alerts.TopicArn(n)
	return []iamdoc.Statement{
		{Sid: "AlarmsAndBucketsPublishToAlertTopic", Effect: iamdoc.Allow,
			Principal: iamdoc.Service("cloudwatch.amazonaws.com", "s3.amazonaws.com"), Action: actions, Resource: "*",
			Condition: iamdoc.Conditions{"StringEquals": {"aws:SourceAccount": n.Account, snsTopicContext: topic}}},
		{Sid: "EventRulesPublishToAlertTopic", Effect: iamdoc.Allow,
			Principal: iamdoc.Service("events.amazonaws.com"), Action: actions, Resource: "*",
			Condition: iamdoc.Conditions{"StringEquals": {snsTopicContext: topic}}},
	}
}

// snsTopicContext is the condition key on the encryption context Amazon
// SNS passes to KMS for an encrypted topic: the topic's ARN.
const snsTopicContext = "kms:EncryptionContext:aws:sns:topicArn"
