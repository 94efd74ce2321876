package alerts

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// ProjectArgs are the inputs of Project.
type ProjectArgs struct {
	// KeyArn is the project key, which encrypts the topic.
	KeyArn pulumi.StringInput
	// Emails are the addresses subscribed to the topic.
	Emails []string
	// TrailLogGroup is the name of the project trail's log group (Project only).
	TrailLogGroup pulumi.StringInput
	// Buckets are the names of the project's buckets, watched for policy
	// changes and sending their event notifications to the topic.
	Buckets []string
	// ConfigRules are the names of the project's Config rules, whose
	// NON_COMPLIANT results are forwarded.
	ConfigRules []string
	// EventRules are the ARNs of other event rules of the project (built
	// by other concerns) that publish to the topic.
	EventRules []string
	// Alarms are the slugs of the alarms other concerns of the project
	// create on their own log groups (SSH logins, blocked DNS queries),
	// which publish to the topic besides the trail's.
	Alarms []string
}

// ProjectTopic creates the project's KMS-encrypted alert topic with its
// policy and e-mail subscriptions: the account manages it, the project's
// trail's alarms and the alarms a.Alarms, its compliance rule, the event
// rules a.EventRules and the event notifications of the buckets a.Buckets
// publish to it.
func ProjectTopic(s scope.Scope, a ProjectArgs) (Topic, error) {
	policy, err := TopicPolicy(s.Names, Publishers{Label: "Project", Alarms: append(Slugs(TrailAlarms(a.Buckets)), a.Alarms...),
		EventRulesSid: "ComplianceRulePublishes", EventRules: append([]string{ComplianceRuleArn(s.Names)}, a.EventRules...), Buckets: a.Buckets})
	if err != nil {
		return Topic{}, fmt.Errorf("alerts: topic policy: %w", err)
	}
	topic, err := NewTopic(s, "SCE "+s.Names.PIT+" security alerts", policy, a.KeyArn, a.Emails)
	if err != nil {
		return Topic{}, fmt.Errorf("alerts: %w", err)
	}
	return topic, nil
}

// Project creates the trail's metric filters and alarms and the rule that
// forwards the project's Config compliance changes, all notifying topic.
// The rules are named exactly: a name prefix would also match the rules of
// a project whose PIT extends this one.
func Project(s scope.Scope, topic pulumi.StringInput, a ProjectArgs) error {
	for _, alarm := range TrailAlarms(a.Buckets) {
		if err := NewLogAlarm(s, topic, a.TrailLogGroup, alarm); err != nil {
			return fmt.Errorf("alerts: %w", err)
		}
	}
	names := make([]any, 0, len(a.ConfigRules))
	for _, r := range a.ConfigRules {
		names = append(names, r)
	}
	if err := Event(s, topic, ComplianceRuleSlug, "Config rules of project "+s.Names.PIT+" found a resource non-compliant",
		ComplianceEventPattern(names)); err != nil {
		return fmt.Errorf("alerts: %w", err)
	}
	return nil
}
