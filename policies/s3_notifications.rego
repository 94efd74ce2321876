package sce_hipaa

import rego.v1

# s3_notifications.rego: every bucket tells the stack's alert topic about the
# events that matter on it, as AWS's rule s3-event-notifications-enabled asks.

notification_types := {"aws:s3/bucketNotification:BucketNotification"}

notifications := companions(notification_types)

topics := of_types({"aws:sns/topic:Topic"})

# METADATA
# title: Every bucket sends event notifications to a topic of the stack
# description: >-
#   Each bucket has an event notification configuration that sends at least
#   one event type to an SNS topic of the same stack (the alert topic), so
#   that a hidden object in the evidence buckets, a release from egress or a
#   failed replication reaches the people who read the alerts. Delivery to
#   EventBridge alone does not count: whether AWS's rule then passes only a
#   real account shows.
# custom:
#   message: >-
#     Give the bucket an aws.s3.BucketNotification whose topics send its events to the stack's alert
#     topic (the Bucket component's Notifications).
#   control: Activity review and alerting
#   hipaa: ["164.308(a)(1)(ii)(D)", "164.312(b)"]
#   findings: ["2.11"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketNotification:BucketNotification
#     - aws:sns/topic:Topic
stack_deny_s3_event_notifications contains msg if {
	some b in buckets
	count(notifications[b.__urn]) == 0
	msg := sprintf("S3 bucket '%s' has no event notification resource", [b.__name])
}

stack_deny_s3_event_notifications contains msg if {
	some b in buckets
	count(notifications[b.__urn]) > 0
	not notifies_stack_topic(b)
	not notification_unknown(b)
	msg := sprintf("S3 bucket '%s' sends no event notification to an SNS topic of this stack", [b.__name])
}

# notifies_stack_topic(b) holds when one of bucket b's notification
# configurations sends at least one event type to a topic of this stack.
notifies_stack_topic(b) if {
	some n in notifications[b.__urn]
	some t in topics
	refers(n, "topics", t)
	some c in as_array(n.topics)
	count(as_array(object.get(c, "events", []))) > 0
}

# notification_unknown(b) holds when what b's notifications send is not
# known yet: rules do not decide on unknown values.
notification_unknown(b) if {
	some n in notifications[b.__urn]
	unknown(n.topics)
}

notification_unknown(b) if {
	some n in notifications[b.__urn]
	some c in as_array(n.topics)
	unknown(c.events)
}
