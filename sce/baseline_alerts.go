package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// buildTrail creates the account trail: multi-region, management events
// (read and write) and the object-level reads and writes of the archive,
// KMS-encrypted, log-file validation on, delivered to the logs bucket and
// to CloudWatch Logs.
func (b *baselineBuilder) buildTrail() error {
	archive := b.buckets[BucketArchive]
	trail, err := newTrail(b.Scope, trailSpec{
		logs: b.buckets[BucketLogs], keyArn: b.key.Arn, retentionDays: b.args.LogRetentionDays,
		selectors: cloudtrail.TrailEventSelectorArray{&cloudtrail.TrailEventSelectorArgs{
			ReadWriteType:           pulumi.String("All"),
			IncludeManagementEvents: pulumi.Bool(true),
			DataResources: cloudtrail.TrailEventSelectorDataResourceArray{&cloudtrail.TrailEventSelectorDataResourceArgs{
				Type: pulumi.String("AWS::S3::Object"), Values: pulumi.StringArray{pulumi.String(b.Names.BucketArn(string(BucketArchive)) + "/")},
			}},
		}},
		after: []pulumi.Resource{archive.bucket},
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	b.trail = trail
	return nil
}
