package sce

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Names of the alert topic and the Config compliance event rule.
const (
	topicAlerts          = "alerts"
	ruleConfigCompliance = "config-compliance"
)

// alerting holds the topic every alarm notifies.
type alerting struct {
	topic *sns.Topic
}

// buildAlerts creates the KMS-encrypted alert topic with its e-mail
// subscriptions, the trail's metric filters and alarms, and the rule that
// forwards the project's Config compliance changes.
func (b *builder) buildAlerts() error {
	steps := []func() error{b.alertTopic, b.trailAlarms, b.complianceEvents}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("alerts: %w", err)
		}
	}
	return nil
}

// topicArn is the alert topic's ARN, known before the topic exists.
func (n namer) topicArn() string { return n.arn("sns", n.logical(topicAlerts)) }

// complianceRuleArn is the EventBridge rule's ARN, known before it exists.
func (n namer) complianceRuleArn() string {
	return n.arn("events", "rule/"+n.logical(ruleConfigCompliance))
}

func (b *builder) alertTopic() error {
	policy, err := topicPolicy(b.names)
	if err != nil {
		return fmt.Errorf("topic policy: %w", err)
	}
	topic, err := b.newAlertTopic("SCE "+b.pit+" security alerts", policy, b.key.Arn, b.args.AlertEmails)
	if err != nil {
		return err
	}
	b.alerts.topic = topic
	return nil
}

// newAlertTopic creates the topic "<name>-alerts", encrypted with key, with
// its policy and one e-mail subscription per address.
func (s scope) newAlertTopic(displayName, policy string, key pulumi.StringInput, emails []string) (*sns.Topic, error) {
	name := s.names.logical(topicAlerts)
	topic, err := sns.NewTopic(s.ctx, name, &sns.TopicArgs{
		Name:           pulumi.String(name),
		DisplayName:    pulumi.String(displayName),
		KmsMasterKeyId: key,
		Tags:           s.tags(name),
	}, s.opts()...)
	if err != nil {
		return nil, fmt.Errorf("topic: %w", err)
	}
	if _, err := sns.NewTopicPolicy(s.ctx, name+"-policy", &sns.TopicPolicyArgs{
		Arn: topic.Arn, Policy: pulumi.String(policy),
	}, s.opts()...); err != nil {
		return nil, fmt.Errorf("topic policy: %w", err)
	}
	for i, email := range emails {
		if _, err := sns.NewTopicSubscription(s.ctx, s.names.logical("alert-email", i+1), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, s.opts()...); err != nil {
			return nil, fmt.Errorf("subscription %s: %w", email, err)
		}
	}
	return topic, nil
}

// topicPolicy lets the account manage the topic, the project's alarms and
// its compliance rule publish, and refuses publishing without TLS.
func topicPolicy(n namer) (string, error) {
	return topicPolicyFor(n, "Project", "ComplianceRulePublishes", n.complianceRuleArn())
}

// topicPolicyFor lets the account manage the topic, the alarms named
// "<name>-*" (label names them in the Sid) and the EventBridge rules
// eventRules (statement sid) publish, and refuses publishing without TLS.
func topicPolicyFor(n namer, label, sid string, eventRules ...string) (string, error) {
	arn := n.topicArn()
	var sources any = eventRules
	if len(eventRules) == 1 {
		sources = eventRules[0]
	}
	return policyJSON(
		statement{Sid: "AccountManagesTopic", Effect: allow, Principal: awsPrincipal(n.accountRoot()),
			Action: []string{"sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe",
				"sns:ListSubscriptionsByTopic", "sns:Publish"}, Resource: arn},
		statement{Sid: label + "AlarmsPublish", Effect: allow, Principal: service("cloudwatch.amazonaws.com"),
			Action: "sns:Publish", Resource: arn, Condition: conditions{
				"StringEquals": {"aws:SourceAccount": n.account},
				"ArnLike":      {"aws:SourceArn": n.arn("cloudwatch", "alarm:"+n.pit+"-*")},
			}},
		statement{Sid: sid, Effect: allow, Principal: service("events.amazonaws.com"),
			Action: "sns:Publish", Resource: arn, Condition: conditions{
				"ArnEquals": {"aws:SourceArn": sources},
			}},
		statement{Sid: "DenyInsecureTransport", Effect: deny, Principal: "*", Action: "sns:Publish", Resource: arn,
			Condition: conditions{"Bool": {"aws:SecureTransport": "false"}}},
	)
}

// complianceEvents forwards NON_COMPLIANT results of the project's Config
// rules (named "<pit>-...") to the alert topic.
func (b *builder) complianceEvents() error {
	pattern, err := json.Marshal(map[string]any{
		"source":      []string{"aws.config"},
		"detail-type": []string{"Config Rules Compliance Change"},
		"detail": map[string]any{
			"configRuleName":      []any{map[string]string{"prefix": b.pit + "-"}},
			"newEvaluationResult": map[string]any{"complianceType": []string{"NON_COMPLIANT"}},
		},
	})
	if err != nil {
		return fmt.Errorf("compliance event pattern: %w", err)
	}
	name := b.names.logical(ruleConfigCompliance)
	rule, err := cloudwatch.NewEventRule(b.ctx, name, &cloudwatch.EventRuleArgs{
		Name:         pulumi.String(name),
		Description:  pulumi.String("Config rules of project " + b.pit + " found a resource non-compliant"),
		EventPattern: pulumi.String(string(pattern)),
		Tags:         b.tags(name),
	}, b.opts()...)
	if err != nil {
		return fmt.Errorf("compliance event rule: %w", err)
	}
	if _, err := cloudwatch.NewEventTarget(b.ctx, name+"-target", &cloudwatch.EventTargetArgs{
		Rule: rule.Name, Arn: b.alerts.topic.Arn, TargetId: pulumi.String("alert-topic"),
	}, b.opts()...); err != nil {
		return fmt.Errorf("compliance event target: %w", err)
	}
	return nil
}
