package alerts

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// ProjectArgs are the inputs of Project.
type ProjectArgs struct {
	// KeyArn is the project key, which encrypts the topic.
	KeyArn pulumi.StringInput
	// Emails are the addresses subscribed to the topic.
	Emails []string
	// TrailLogGroup is the name of the project trail's log group.
	TrailLogGroup pulumi.StringInput
	// Buckets are the names of the project's buckets, watched for policy changes.
	Buckets []string
	// ConfigRules are the names of the project's Config rules, whose
	// NON_COMPLIANT results are forwarded.
	ConfigRules []string
	// EventRules are the ARNs of other event rules of the project (built
	// by other concerns) that publish to the topic.
	EventRules []string
}

// Project creates the KMS-encrypted alert topic with its e-mail
// subscriptions, the trail's metric filters and alarms, and the rule that
// forwards the project's Config compliance changes. The rules are named
// exactly: a name prefix would also match the rules of a project whose PIT
// extends this one.
func Project(s scope.Scope, a ProjectArgs) (*sns.Topic, error) {
	topic, err := projectTopic(s, a)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	for _, alarm := range TrailAlarms(a.Buckets) {
		if err := NewLogAlarm(s, topic.Arn, a.TrailLogGroup, alarm); err != nil {
			return nil, fmt.Errorf("alerts: %w", err)
		}
	}
	names := make([]any, 0, len(a.ConfigRules))
	for _, r := range a.ConfigRules {
		names = append(names, r)
	}
	if err := Event(s, topic.Arn, ComplianceRuleSlug, "Config rules of project "+s.Names.PIT+" found a resource non-compliant",
		ComplianceEventPattern(names)); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return topic, nil
}

// projectTopic creates the project's alert topic: the account manages it,
// the project's alarms and its compliance rule publish to it.
func projectTopic(s scope.Scope, a ProjectArgs) (*sns.Topic, error) {
	policy, err := TopicPolicy(s.Names, "Project", "ComplianceRulePublishes", append([]string{ComplianceRuleArn(s.Names)}, a.EventRules...)...)
	if err != nil {
		return nil, fmt.Errorf("topic policy: %w", err)
	}
	return NewTopic(s, "SCE "+s.Names.PIT+" security alerts", policy, a.KeyArn, a.Emails)
}
