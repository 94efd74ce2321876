package alerts

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Names of the baseline's finding rules.
const (
	// GuardDutyRuleSlug names the rule forwarding GuardDuty findings.
	GuardDutyRuleSlug = "guardduty-findings"
	// SecurityHubRuleSlug names the rule forwarding Security Hub findings.
	SecurityHubRuleSlug = "securityhub-findings"
)

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
		{GuardDutyRuleSlug, "GuardDuty found a threat of medium severity or more", map[string]any{
			"source": []string{"aws.guardduty"}, "detail-type": []string{"GuardDuty Finding"},
			"detail": map[string]any{"severity": []any{map[string]any{"numeric": []any{">=", 4}}}},
		}},
		{SecurityHubRuleSlug, "Security Hub imported a new high or critical finding", map[string]any{
			"source": []string{"aws.securityhub"}, "detail-type": []string{"Security Hub Findings - Imported"},
			"detail": map[string]any{"findings": map[string]any{
				"Severity":    map[string]any{"Label": []string{"CRITICAL", "HIGH"}},
				"Workflow":    map[string]any{"Status": []string{"NEW"}},
				"RecordState": []string{"ACTIVE"},
				"ProductName": []any{map[string]string{"anything-but": "GuardDuty"}},
			}},
		}},
		{ComplianceRuleSlug, "A rule of the HIPAA conformance pack found a resource non-compliant",
			ComplianceEventPattern([]any{map[string]string{"wildcard": "*-conformance-pack-*"}})},
	}
}

// BaselineTopic creates the account's KMS-encrypted alert topic with its
// e-mail subscriptions, which the baseline's alarms, its finding rules
// and the event notifications of its buckets (named buckets) publish to.
func BaselineTopic(s scope.Scope, key pulumi.StringInput, emails, buckets []string) (Topic, error) {
	var rules []string
	for _, f := range findingAlerts() {
		rules = append(rules, s.Names.EventRuleArn(f.slug))
	}
	policy, err := TopicPolicy(s.Names, Publishers{Label: "Baseline", Alarms: Slugs(BaselineAlarms()),
		EventRulesSid: "FindingRulesPublish", EventRules: rules, Buckets: buckets})
	if err != nil {
		return Topic{}, fmt.Errorf("alerts: topic policy: %w", err)
	}
	topic, err := NewTopic(s, "SCE account "+s.Names.PIT+" security alerts", policy, key, emails)
	if err != nil {
		return Topic{}, fmt.Errorf("alerts: %w", err)
	}
	return topic, nil
}

// Findings creates the baseline's event rules, which forward findings to
// topic.
func Findings(s scope.Scope, topic pulumi.StringInput) error {
	for _, f := range findingAlerts() {
		if err := Event(s, topic, f.slug, f.description, f.pattern); err != nil {
			return fmt.Errorf("alerts: %w", err)
		}
	}
	return nil
}

// Baseline creates the account trail's metric filters and alarms on
// logGroup, notifying topic.
func Baseline(s scope.Scope, topic, logGroup pulumi.StringInput) error {
	for _, a := range BaselineAlarms() {
		if err := NewLogAlarm(s, topic, logGroup, a); err != nil {
			return fmt.Errorf("alarms: %w", err)
		}
	}
	return nil
}
