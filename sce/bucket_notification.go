package sce

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BucketNotifications send some of a bucket's S3 events to an SNS topic.
type BucketNotifications struct {
	// TopicArn is the SNS topic (required), in the bucket's account and
	// region, whose policy lets s3.amazonaws.com publish for the bucket.
	TopicArn pulumi.StringInput
	// Events are the S3 event types sent (at least one), such as
	// "s3:ObjectRemoved:DeleteMarkerCreated".
	Events []string
	// DependsOn are what must exist before the configuration is put: S3
	// checks then that it may publish to the topic, so the topic's policy
	// and, for a KMS-encrypted topic, the key whose policy lets S3 use it.
	DependsOn []pulumi.Resource
}

// NotificationTopicID is the ID of the one topic configuration of a
// bucket's notifications.
const NotificationTopicID = "alert-topic"

// check refuses notifications without a topic or without events, and
// events that are not S3 event types.
func (n *BucketNotifications) check() error {
	if n == nil {
		return nil
	}
	if n.TopicArn == nil || len(n.Events) == 0 {
		return errors.New("Notifications needs a TopicArn and at least one event")
	}
	for _, e := range n.Events {
		if !strings.HasPrefix(e, "s3:") || len(e) == len("s3:") {
			return fmt.Errorf("Notifications: event %q is not an S3 event type (s3:...)", e)
		}
	}
	return nil
}

// notifications creates the bucket's notification configuration (one per
// bucket: it replaces any other), sending its events to the topic, after
// the topic's policy and key, and after the bucket policy so that no two
// changes to the bucket's configuration race; nothing without
// Notifications. A replica is a Bucket of its own and notifies through
// its own component.
func (h bucketHardening) notifications() error {
	n := h.args.Notifications
	if n == nil {
		return nil
	}
	deps := append([]pulumi.Resource{h.bk.policy}, n.DependsOn...)
	_, err := s3.NewBucketNotification(h.ctx, h.name+"-notifications", &s3.BucketNotificationArgs{
		Bucket: h.bk.bucket.ID().ToStringOutput(),
		Topics: s3.BucketNotificationTopicArray{&s3.BucketNotificationTopicArgs{
			Id: pulumi.String(NotificationTopicID), TopicArn: n.TopicArn, Events: pulumi.ToStringArray(n.Events),
		}},
	}, h.opts(after(deps...))...)
	if err != nil {
		return fmt.Errorf("notifications: %w", err)
	}
	return nil
}
