package alerts

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Alarm is a CloudWatch metric filter on a project log group with an
// alarm that notifies the alert topic when the filter matches Threshold
// times within five minutes.
type Alarm struct {
	// Slug names the filter, metric and alarm: "<pit>-<slug>".
	Slug string
	// Description is the alarm description.
	Description string
	// Pattern is the CloudWatch Logs filter pattern.
	Pattern string
	// Threshold is how many matches in five minutes raise the alarm.
	Threshold int
}

// TrailAlarms returns the alarms on the project trail, after the CIS AWS
// Foundations monitoring controls. The bucket-policy alarm watches every
// PutBucket* and DeleteBucket* call (policy, ACL, replication, encryption,
// versioning, logging, notifications, lifecycle, public access block,
// ownership, and deleting the bucket itself) on the project's buckets and
// their replicas; the others watch the account's API activity as the
// multi-region trail sees it.
func TrailAlarms(buckets []string) []Alarm {
	return []Alarm{
		{"unauthorized-api-calls", "API calls were refused for lack of permission",
			`{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`, 1},
		{"security-group-changes", "A security group was changed",
			`{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }`, 1},
		{"network-acl-changes", "A network ACL was changed",
			`{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }`, 1},
		{"route-table-changes", "A route table was changed",
			`{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }`, 1},
		{"kms-key-disabled-or-deleted", "A KMS key was disabled or scheduled for deletion",
			`{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }`, 1},
		{"bucket-policy-changes", "A project bucket or its replica was deleted, or its policy, ACL or configuration was changed",
			fmt.Sprintf(`{ ($.eventSource = s3.amazonaws.com) && (($.eventName = "PutBucket*") || ($.eventName = "DeleteBucket*")) && (%s) }`,
				bucketNameTests(buckets)), 1},
	}
}

// bucketNameTests is a filter-pattern disjunction that matches the named
// buckets and their replicas: one test per bucket, its name followed by the
// wildcard "*", which matches the bucket and "<bucket>-replica" and keeps
// the pattern within MaxPatternLength for the longest PIT. No other sce
// bucket's name, "<pit>-<role>-<account>-<region>[-replica]", starts with
// one of these unless it is the same name (S3 names are global, so two
// projects cannot both hold it): a PIT is too short to hold a whole bucket
// name, and no role holds a digit or starts like a region, so in a longer
// name starting with this one the twelve-digit accounts line up, and then
// the regions. A bucket outside sce named with one of these prefixes raises
// the alarm too, which errs on the side of alerting.
func bucketNameTests(buckets []string) string {
	tests := make([]string, len(buckets))
	for i, name := range buckets {
		tests[i] = fmt.Sprintf(`($.requestParameters.bucketName = "%s*")`, name)
	}
	return strings.Join(tests, " || ")
}

// MaxPatternLength is the longest filter pattern CloudWatch Logs accepts
// for a metric filter (PutMetricFilter's filterPattern).
const MaxPatternLength = 1024

// NewLogAlarm creates a metric filter on logGroup and an alarm that fires
// when the filter matches a.Threshold times within five minutes, notifying
// topic. Every alarm notifies topic both when it fires and when it turns to
// INSUFFICIENT_DATA (the alarm can no longer be evaluated, so the watch it
// keeps has stopped), which is what the official conformance rule
// cloudwatch-alarm-action-check requires with its default parameters. A
// quiet log is not missing data here: missing points count as not
// breaching, so the alarm stays OK between matches, and the state every
// alarm starts in is not a transition, so creating it sends nothing.
func NewLogAlarm(s scope.Scope, topic, logGroup pulumi.StringInput, a Alarm) error {
	if len(a.Pattern) > MaxPatternLength {
		return fmt.Errorf("metric filter %s: its pattern has %d characters, CloudWatch Logs accepts %d",
			a.Slug, len(a.Pattern), MaxPatternLength)
	}
	name := s.Names.Logical(a.Slug)
	filter, err := cloudwatch.NewLogMetricFilter(s.Ctx, name+"-filter", &cloudwatch.LogMetricFilterArgs{
		Name:         pulumi.String(name),
		LogGroupName: logGroup,
		Pattern:      pulumi.String(a.Pattern),
		MetricTransformation: &cloudwatch.LogMetricFilterMetricTransformationArgs{
			Name: pulumi.String(a.Slug), Namespace: pulumi.String(s.Names.MetricNamespace()), Value: pulumi.String("1"),
		},
	}, s.Opts()...)
	if err != nil {
		return fmt.Errorf("metric filter %s: %w", a.Slug, err)
	}
	_, err = cloudwatch.NewMetricAlarm(s.Ctx, name, &cloudwatch.MetricAlarmArgs{
		Name:                    pulumi.String(name),
		AlarmDescription:        pulumi.String(a.Description),
		Namespace:               pulumi.String(s.Names.MetricNamespace()),
		MetricName:              pulumi.String(a.Slug),
		Statistic:               pulumi.String("Sum"),
		Period:                  pulumi.Int(300),
		EvaluationPeriods:       pulumi.Int(1),
		Threshold:               pulumi.Float64(float64(a.Threshold)),
		ComparisonOperator:      pulumi.String("GreaterThanOrEqualToThreshold"),
		TreatMissingData:        pulumi.String("notBreaching"),
		AlarmActions:            pulumi.Array{topic},
		InsufficientDataActions: pulumi.Array{topic},
		Tags:                    s.Tags(name),
	}, s.Opts(pulumi.DependsOn([]pulumi.Resource{filter}))...)
	if err != nil {
		return fmt.Errorf("alarm %s: %w", a.Slug, err)
	}
	return nil
}

// consoleFailureThreshold is how many failed console sign-ins in five
// minutes raise an alarm.
const consoleFailureThreshold = 3

// BaselineAlarms returns the alarms on the account trail, after the CIS AWS
// Foundations monitoring controls that concern the account as a whole
// (each project's trail already watches network and key changes).
func BaselineAlarms() []Alarm {
	return []Alarm{
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
