package sce_test

import (
	"maps"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

func TestBucketNotificationsSendTheChosenEventsToTheTopic(t *testing.T) {
	topic := "arn:aws:sns:us-west-2:123456789012:study-alerts"
	p, err := bucketPlan(t, &sce.BucketArgs{BucketName: "study-data-123456789012-us-west-2", Policy: pulumi.String("{}"),
		Notifications: &sce.BucketNotifications{TopicArn: pulumi.String(topic),
			Events: []string{"s3:ObjectRemoved:DeleteMarkerCreated", "s3:Replication:OperationFailedReplication"}}})
	require.NoError(t, err)
	n := res(t, p, tNotify, "study-data-notifications")
	assert.Equal(t, map[string]any{
		"bucket": "study-data-123456789012-us-west-2",
		"topics": []any{map[string]any{"id": "alert-topic", "topicArn": topic,
			"events": []any{"s3:ObjectRemoved:DeleteMarkerCreated", "s3:Replication:OperationFailedReplication"}}},
	}, n.Inputs)
	assert.Equal(t, urnOf(t, p, sce.BucketType, "study-data"), n.Parent)
	assert.Equal(t, []string{urnOf(t, p, tBucket, "study-data")}, n.PropertyDependencies["bucket"])
	assert.Contains(t, n.Dependencies, urnOf(t, p, tPolicy, "study-data-policy"))
}

func TestBucketWithoutNotificationsHasNone(t *testing.T) {
	p, err := bucketPlan(t, &sce.BucketArgs{BucketName: "study-data", Policy: pulumi.String("{}")})
	require.NoError(t, err)
	assert.Empty(t, p.Find(tNotify))
}

func TestBucketNotificationsRefuseNoTopicNoEventsAndOtherEvents(t *testing.T) {
	topic := pulumi.String("arn:aws:sns:us-west-2:123456789012:study-alerts")
	for _, c := range []struct {
		n    sce.BucketNotifications
		want string
	}{
		{sce.BucketNotifications{Events: []string{"s3:ObjectCreated:*"}}, "Notifications needs a TopicArn and at least one event"},
		{sce.BucketNotifications{TopicArn: topic}, "Notifications needs a TopicArn and at least one event"},
		{sce.BucketNotifications{TopicArn: topic, Events: []string{"ObjectCreated:*"}}, `Notifications: event "ObjectCreated:*" is not an S3 event type (s3:...)`},
		{sce.BucketNotifications{TopicArn: topic, Events: []string{"s3:"}}, `Notifications: event "s3:" is not an S3 event type (s3:...)`},
	} {
		_, err := bucketPlan(t, &sce.BucketArgs{BucketName: "b", Policy: pulumi.String("{}"), Notifications: &c.n})
		require.EqualError(t, err, "stack dev: bucket study-data: "+c.want)
	}
}

// TestBucketsNotifyTheirStacksAlertTopic checks every bucket (replicas too) of a project
// and of the baseline: its events by role (a replica: a failed replication only), sent to its own stack's alert
// topic once the topic's policy, the key encrypting the topic and the
// bucket's policy exist.
func TestBucketsNotifyTheirStacksAlertTopic(t *testing.T) {
	deleteMarker, replication := "s3:ObjectRemoved:DeleteMarkerCreated", "s3:Replication:OperationFailedReplication"
	cases := []struct {
		p      *plan.Plan
		key    string
		events map[string][]any
	}{
		{hipaaPlan(t), "hipaa-key", map[string][]any{
			"hipaa-access-logs": {replication, deleteMarker}, "hipaa-logs": {replication, deleteMarker},
			"hipaa-data-in": {replication}, "hipaa-output": {replication}, "hipaa-ancillary": {replication},
			"hipaa-egress": {replication, "s3:ObjectCreated:*"},
		}},
		{accountPlan(t), "account-key", map[string][]any{
			"account-access-logs": {replication, deleteMarker}, "account-logs": {replication, deleteMarker},
			"account-config": {replication, deleteMarker}, "account-archive": {replication, deleteMarker, "s3:ObjectRestore:Post"},
		}},
	}
	for _, c := range cases {
		p := c.p
		topic := p.Stack + "-alerts"
		for bucket := range maps.Clone(c.events) {
			// a replica reports only a failed replication: its other events
			// are the source's, replicated, and would alert twice
			c.events[bucket+"-replica"] = []any{replication}
		}
		require.Len(t, p.Find(tNotify), len(c.events), p.Stack)
		require.Len(t, p.Find(tBucket), len(c.events), p.Stack)
		for bucket, events := range c.events {
			n := res(t, p, tNotify, bucket+"-notifications")
			assert.Equal(t, res(t, p, tBucket, bucket).Inputs["bucket"], n.Inputs["bucket"], bucket)
			assert.Equal(t, []any{map[string]any{"id": "alert-topic", "topicArn": p.Outputs["alertTopicArn"], "events": events}},
				n.Inputs["topics"], bucket)
			assert.Equal(t, []string{urnOf(t, p, tTopic, topic)}, n.PropertyDependencies["topics"], bucket)
			for _, dep := range []string{urnOf(t, p, tTopicPol, topic+"-policy"), urnOf(t, p, tKey, c.key), urnOf(t, p, tPolicy, bucket+"-policy")} {
				assert.Contains(t, n.Dependencies, dep, bucket)
			}
		}
	}
}
