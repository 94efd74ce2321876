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

// Topic is an alert topic and its policy, which what publishes to the
// topic must wait for (S3 checks its permission when a bucket's
// notification configuration is put).
type Topic struct {
	*sns.Topic
	// Policy is the topic's policy.
	Policy *sns.TopicPolicy
}

// NewTopic creates the topic "<name>-alerts", encrypted with key, with
// its policy and one e-mail subscription per address.
func NewTopic(s scope.Scope, displayName, policy string, key pulumi.StringInput, emails []string) (Topic, error) {
	name := s.Names.Logical(TopicSlug)
	topic, err := sns.NewTopic(s.Ctx, name, &sns.TopicArgs{
		Name:           pulumi.String(name),
		DisplayName:    pulumi.String(displayName),
		KmsMasterKeyId: key,
		Tags:           s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return Topic{}, fmt.Errorf("topic: %w", err)
	}
	pol, err := sns.NewTopicPolicy(s.Ctx, name+"-policy", &sns.TopicPolicyArgs{
		Arn: topic.Arn, Policy: pulumi.String(policy),
	}, s.Opts()...)
	if err != nil {
		return Topic{}, fmt.Errorf("topic policy: %w", err)
	}
	for i, email := range emails {
		if _, err := sns.NewTopicSubscription(s.Ctx, s.Names.Logical("alert-email", i+1), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, s.Opts()...); err != nil {
			return Topic{}, fmt.Errorf("subscription %s: %w", email, err)
		}
	}
	return Topic{Topic: topic, Policy: pol}, nil
}

// AlarmArn is the ARN of the stack's alarm "<name>-<slug>", known before
// the alarm exists.
func AlarmArn(n naming.Namer, slug string) string {
	return n.ARN("cloudwatch", "alarm:"+n.Logical(slug))
}

// Slugs are the slugs of alarms.
func Slugs(alarms []Alarm) []string {
	out := make([]string, len(alarms))
	for i, a := range alarms {
		out[i] = a.Slug
	}
	return out
}

// Publishers are who may publish to an alert topic besides the account.
type Publishers struct {
	// Label names the stack's alarms in their statement's Sid.
	Label string
	// Alarms are the slugs of the stack's alarms that publish, each named
	// "<name>-<slug>".
	Alarms []string
	// EventRulesSid is the Sid of the EventBridge rules' statement.
	EventRulesSid string
	// EventRules are the ARNs of the EventBridge rules that publish.
	EventRules []string
	// Buckets are the names of the stack's buckets, whose event
	// notifications publish, each with its same-region replica; nil means
	// no bucket does.
	Buckets []string
}

// TopicPolicy lets the account manage the topic, the alarms p.Alarms, the
// EventBridge rules p.EventRules and the event notifications of the buckets
// p.Buckets publish, and refuses publishing without TLS. The alarms are
// named by their exact ARNs: a pattern "<name>-*" would also admit the
// alarms of a project whose PIT extends this one ("hipaa-x" for "hipaa").
func TopicPolicy(n naming.Namer, p Publishers) (string, error) {
	arn := TopicArn(n)
	var sources any = p.EventRules
	if len(p.EventRules) == 1 {
		sources = p.EventRules[0]
	}
	stmts := []iamdoc.Statement{
		{Sid: "AccountManagesTopic", Effect: iamdoc.Allow, Principal: iamdoc.AWSPrincipal(n.AccountRoot()),
			Action: []string{"sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe",
				"sns:ListSubscriptionsByTopic", "sns:Publish"}, Resource: arn},
	}
	if len(p.Alarms) > 0 {
		stmts = append(stmts, alarmsStatement(n, p.Label, arn, p.Alarms))
	}
	stmts = append(stmts, iamdoc.Statement{Sid: p.EventRulesSid, Effect: iamdoc.Allow, Principal: iamdoc.Service("events.amazonaws.com"),
		Action: "sns:Publish", Resource: arn, Condition: iamdoc.Conditions{"ArnEquals": {"aws:SourceArn": sources}}})
	if len(p.Buckets) > 0 {
		stmts = append(stmts, bucketsStatement(n, p.Label, arn, p.Buckets))
	}
	return iamdoc.JSON(append(stmts, iamdoc.Statement{Sid: "DenyInsecureTransport", Effect: iamdoc.Deny, Principal: "*",
		Action: "sns:Publish", Resource: arn, Condition: iamdoc.Conditions{"Bool": {"aws:SecureTransport": "false"}}})...)
}

// alarmsStatement lets CloudWatch publish the notifications of exactly the
// alarms of this account whose slugs are alarms, named by their ARNs.
func alarmsStatement(n naming.Namer, label, topic string, alarms []string) iamdoc.Statement {
	sources := make([]string, len(alarms))
	for i, slug := range alarms {
		sources[i] = AlarmArn(n, slug)
	}
	return iamdoc.Statement{Sid: label + "AlarmsPublish", Effect: iamdoc.Allow, Principal: iamdoc.Service("cloudwatch.amazonaws.com"),
		Action: "sns:Publish", Resource: topic, Condition: iamdoc.Conditions{
			"StringEquals": {"aws:SourceAccount": n.Account},
			"ArnEquals":    {"aws:SourceArn": sources},
		}}
}

// bucketsStatement lets S3 publish the event notifications of exactly the
// buckets of this account named buckets and their same-region replicas
// (every bucket of a stack has one, named by naming.ReplicaName, which
// notifies the topic of its failed replications): no other bucket, such
// as one whose name only starts like a project bucket's, may publish.
func bucketsStatement(n naming.Namer, label, topic string, buckets []string) iamdoc.Statement {
	sources := make([]string, 0, 2*len(buckets))
	for _, b := range buckets {
		for _, name := range []string{b, naming.ReplicaName(b)} {
			sources = append(sources, fmt.Sprintf("arn:%s:s3:::%s", n.Partition, name))
		}
	}
	return iamdoc.Statement{Sid: label + "BucketsPublish", Effect: iamdoc.Allow, Principal: iamdoc.Service("s3.amazonaws.com"),
		Action: "sns:Publish", Resource: topic, Condition: iamdoc.Conditions{
			"StringEquals": {"aws:SourceAccount": n.Account},
			"ArnEquals":    {"aws:SourceArn": sources},
		}}
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
