package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// consoleFailureThreshold is how many failed console sign-ins in five
// minutes raise an alarm.
const consoleFailureThreshold = 3

// baselineAlarmSpecs returns the alarms on the account trail, after the CIS AWS
// Foundations monitoring controls that concern the account as a whole
// (each project's trail already watches network and key changes).
func baselineAlarmSpecs() []alarmSpec {
	return []alarmSpec{
		{"root-account-usage", "The root user made an API call or signed in",
			`{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`, 1},
		{"console-signin-without-mfa", "An IAM user signed in to the console without MFA",
			`{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }`, 1},
		{"console-signin-failures", "Repeated failed console sign-ins",
			`{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`, consoleFailureThreshold},
		{"iam-policy-changes", "An IAM policy was created, changed, attached or detached",
			`{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }`, 1},
		{"cloudtrail-changes", "A CloudTrail trail was created, changed, stopped or deleted",
			`{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`, 1},
		{"config-changes", "AWS Config recording or delivery was stopped or changed",
			`{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }`, 1},
	}
}

// findingAlert is an EventBridge rule of the baseline that forwards events to the alert topic.
type findingAlert struct {
	slug, description string
	pattern           map[string]any
}

// findingAlerts returns the baseline's event rules: GuardDuty findings of
// medium severity or more; new, active high and critical Security Hub
// findings from other products (GuardDuty's arrive through the first rule);
// NON_COMPLIANT results of the conformance pack's rules.
func findingAlerts() []findingAlert {
	return []findingAlert{
		{ruleGuardDutyEvents, "GuardDuty found a threat of medium severity or more", map[string]any{
			"source": []string{"aws.guardduty"}, "detail-type": []string{"GuardDuty Finding"},
			"detail": map[string]any{"severity": []any{map[string]any{"numeric": []any{">=", 4}}}},
		}},
		{ruleSecurityHubEvent, "Security Hub imported a new high or critical finding", map[string]any{
			"source": []string{"aws.securityhub"}, "detail-type": []string{"Security Hub Findings - Imported"},
			"detail": map[string]any{"findings": map[string]any{
				"Severity":    map[string]any{"Label": []string{"CRITICAL", "HIGH"}},
				"Workflow":    map[string]any{"Status": []string{"NEW"}},
				"RecordState": []string{"ACTIVE"},
				"ProductName": []any{map[string]string{"anything-but": "GuardDuty"}},
			}},
		}},
		{ruleConfigCompliance, "A rule of the HIPAA conformance pack found a resource non-compliant",
			complianceEventPattern([]any{map[string]string{"wildcard": "*-conformance-pack-*"}})},
	}
}

// buildAlertTopic creates the account's KMS-encrypted alert topic with its
// e-mail subscriptions.
func (b *baselineBuilder) buildAlertTopic() error {
	var rules []string
	for _, f := range findingAlerts() {
		rules = append(rules, b.Names.EventRuleArn(f.slug))
	}
	policy, err := topicPolicyFor(b.Names, "Baseline", "FindingRulesPublish", rules...)
	if err != nil {
		return fmt.Errorf("alerts: topic policy: %w", err)
	}
	b.topic, err = newAlertTopic(b.Scope, "SCE account "+b.name+" security alerts", policy, b.key.Arn, b.args.AlertEmails)
	if err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	return nil
}

// buildTrail creates the account trail: multi-region, management events
// (read and write) and the object-level reads and writes of the archive,
// KMS-encrypted, log-file validation on, delivered to the logs bucket and
// to CloudWatch Logs.
func (b *baselineBuilder) buildTrail() error {
	archive := b.buckets[BucketArchive]
	trail, err := newTrail(b.Scope, trailSpec{
		logs: b.buckets[BucketLogs], keyArn: b.key.Arn, retentionDays: b.args.LogRetentionDays,
		selectors: cloudtrail.TrailEventSelectorArray{&cloudtrail.TrailEventSelectorArgs{
			ReadWriteType:           pulumi.String("All"),
			IncludeManagementEvents: pulumi.Bool(true),
			DataResources: cloudtrail.TrailEventSelectorDataResourceArray{&cloudtrail.TrailEventSelectorDataResourceArgs{
				Type: pulumi.String("AWS::S3::Object"), Values: pulumi.StringArray{pulumi.String(b.Names.BucketArn(string(BucketArchive)) + "/")},
			}},
		}},
		after: []pulumi.Resource{archive.bucket},
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	b.trail = trail
	return nil
}

// buildAlarms creates the account trail's metric filters and alarms.
func (b *baselineBuilder) buildAlarms() error {
	for _, a := range baselineAlarmSpecs() {
		if err := newLogAlarm(b.Scope, b.topic.Arn, b.trail.logGroup.Name, a); err != nil {
			return fmt.Errorf("alarms: %w", err)
		}
	}
	return nil
}

// buildFindingAlerts creates the event rules of findingAlerts.
func (b *baselineBuilder) buildFindingAlerts() error {
	for _, f := range findingAlerts() {
		if err := eventAlert(b.Scope, b.topic.Arn, f.slug, f.description, f.pattern); err != nil {
			return fmt.Errorf("alerts: %w", err)
		}
	}
	return nil
}
