package sce_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
)

// TestEventNotificationCheckJudgesTheConfiguration shows that the offline
// check of s3-event-notifications-enabled looks at what the notification
// sends and where, not only at its presence.
func TestEventNotificationCheckJudgesTheConfiguration(t *testing.T) {
	check := bucketChecks()["S3_EVENT_NOTIFICATIONS_ENABLED"]
	require.Empty(t, check([]*plan.Plan{hipaaPlan(t)}, nil))
	const name = "hipaa-data-in-notifications"
	for _, c := range []struct {
		change string
		apply  func(r *plan.Resource)
		want   string
	}{
		{"no events", func(r *plan.Resource) { topicConfig(r)["events"] = []any{} },
			"its event notification sends no event to a topic of the stack"},
		{"a queue, not a topic", func(r *plan.Resource) {
			topicConfig(r)["topicArn"] = "arn:aws:sqs:us-west-2:123456789012:q"
			r.PropertyDependencies["topics"] = nil
		}, "its event notification sends no event to a topic of the stack"},
		{"a topic of another stack", func(r *plan.Resource) { r.PropertyDependencies["topics"] = nil },
			"its event notification sends no event to a topic of the stack"},
		{"EventBridge only", func(r *plan.Resource) { r.Inputs = map[string]any{"bucket": r.Inputs["bucket"], "eventbridge": true} },
			"its event notification sends no event to a topic of the stack"},
	} {
		p := hipaaPlan(t)
		for i := range p.Resources {
			if p.Resources[i].Type == tNotify && p.Resources[i].Name == name {
				c.apply(&p.Resources[i])
			}
		}
		assert.Equal(t, []failure{{"hipaa", "hipaa-data-in", c.want}}, check([]*plan.Plan{p}, nil), c.change)
	}
	p := hipaaPlan(t)
	p.Resources = dropNamed(p.Resources, name)
	assert.Equal(t, []failure{{"hipaa", "hipaa-data-in", "no event notifications"}}, check([]*plan.Plan{p}, nil))
}

// topicConfig is the first topic configuration of notification r.
func topicConfig(r *plan.Resource) map[string]any {
	return r.Inputs["topics"].([]any)[0].(map[string]any)
}

// dropNamed is rs without the resources named name.
func dropNamed(rs []plan.Resource, name string) []plan.Resource {
	var out []plan.Resource
	for _, r := range rs {
		if r.Name != name {
			out = append(out, r)
		}
	}
	return out
}
