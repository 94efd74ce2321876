// Package alerts creates what tells a project's (or the account's)
// administrators that something needs a look: the KMS-encrypted alert
// topic with its e-mail subscriptions, CloudWatch metric filters with
// alarms on log groups, and EventBridge rules that forward events.
package alerts

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Names of the alert topic and the Config compliance event rule.
const (
	// TopicSlug names the alert topic "<name>-alerts".
	TopicSlug = "alerts"
	// ComplianceRuleSlug names the rule forwarding Config compliance changes.
	ComplianceRuleSlug = "config-compliance"
)

// TopicArn is the alert topic's ARN, known before the topic exists.
func TopicArn(n naming.Namer) string { return n.ARN("sns", n.Logical(TopicSlug)) }

// ComplianceRuleArn is the compliance event rule's ARN, known before it exists.
func ComplianceRuleArn(n naming.Namer) string {
	return n.ARN("events", "rule/"+n.Logical(ComplianceRuleSlug))
}

// NewTopic creates the topic "<name>-alerts", encrypted with key, with
// its policy and one e-mail subscription per address.
func NewTopic(s scope.Scope, displayName, policy string, key pulumi.StringInput, emails []string) (*sns.Topic, error) {
	name := s.Names.Logical(TopicSlug)
	topic, err := sns.NewTopic(s.Ctx, name, &sns.TopicArgs{
		Name:           pulumi.String(name),
		DisplayName:    pulumi.String(displayName),
		KmsMasterKeyId: key,
		Tags:           s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("topic: %w", err)
	}
	if _, err := sns.NewTopicPolicy(s.Ctx, name+"-policy", &sns.TopicPolicyArgs{
		Arn: topic.Arn, Policy: pulumi.String(policy),
	}, s.Opts()...); err != nil {
		return nil, fmt.Errorf("topic policy: %w", err)
	}
	for i, email := range emails {
		if _, err := sns.NewTopicSubscription(s.Ctx, s.Names.Logical("alert-email", i+1), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, s.Opts()...); err != nil {
			return nil, fmt.Errorf("subscription %s: %w", email, err)
		}
	}
	return topic, nil
}

// TopicPolicy lets the account manage the topic, the alarms named
// "<name>-*" (label names them in the Sid) and the EventBridge rules
// eventRules (statement sid) publish, and refuses publishing without TLS.
func TopicPolicy(n naming.Namer, label, sid string, eventRules ...string) (string, error) {
	arn := TopicArn(n)
	var sources any = eventRules
	if len(eventRules) == 1 {
		sources = eventRules[0]
	}
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "AccountManagesTopic", Effect: iamdoc.Allow, Principal: iamdoc.AWSPrincipal(n.AccountRoot()),
			Action: []string{"sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe",
				"sns:ListSubscriptionsByTopic", "sns:Publish"}, Resource: arn},
		iamdoc.Statement{Sid: label + "AlarmsPublish", Effect: iamdoc.Allow, Principal: iamdoc.Service("cloudwatch.amazonaws.com"),
			Action: "sns:Publish", Resource: arn, Condition: iamdoc.Conditions{
				"StringEquals": {"aws:SourceAccount": n.Account},
				"ArnLike":      {"aws:SourceArn": n.ARN("cloudwatch", "alarm:"+n.PIT+"-*")},
			}},
		iamdoc.Statement{Sid: sid, Effect: iamdoc.Allow, Principal: iamdoc.Service("events.amazonaws.com"),
			Action: "sns:Publish", Resource: arn, Condition: iamdoc.Conditions{
				"ArnEquals": {"aws:SourceArn": sources},
			}},
		iamdoc.Statement{Sid: "DenyInsecureTransport", Effect: iamdoc.Deny, Principal: "*", Action: "sns:Publish", Resource: arn,
			Condition: iamdoc.Conditions{"Bool": {"aws:SecureTransport": "false"}}},
	)
}

// Event creates the EventBridge rule "<name>-<slug>" that sends the
// events matching pattern to topic.
func Event(s scope.Scope, topic pulumi.StringInput, slug, description string, pattern map[string]any) error {
	doc, err := json.Marshal(pattern)
	if err != nil {
		return fmt.Errorf("%s event pattern: %w", slug, err)
	}
	name := s.Names.Logical(slug)
	rule, err := cloudwatch.NewEventRule(s.Ctx, name, &cloudwatch.EventRuleArgs{
		Name:         pulumi.String(name),
		Description:  pulumi.String(description),
		EventPattern: pulumi.String(string(doc)),
		Tags:         s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return fmt.Errorf("%s event rule: %w", slug, err)
	}
	if _, err := cloudwatch.NewEventTarget(s.Ctx, name+"-target", &cloudwatch.EventTargetArgs{
		Rule: rule.Name, Arn: topic, TargetId: pulumi.String("alert-topic"),
	}, s.Opts()...); err != nil {
		return fmt.Errorf("%s event target: %w", slug, err)
	}
	return nil
}

// ComplianceEventPattern matches NON_COMPLIANT results of the Config rules
// whose names match ruleNames (an EventBridge pattern list).
func ComplianceEventPattern(ruleNames []any) map[string]any {
	return map[string]any{
		"source":      []string{"aws.config"},
		"detail-type": []string{"Config Rules Compliance Change"},
		"detail": map[string]any{
			"configRuleName":      ruleNames,
			"newEvaluationResult": map[string]any{"complianceType": []string{"NON_COMPLIANT"}},
		},
	}
}
