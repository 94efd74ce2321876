package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// allBucketsDataResource is the data resource value that selects the S3
// object events of every bucket of the account, those created later
// included.
const allBucketsDataResource = "arn:%s:s3"

// buildTrail creates the account trail: multi-region, management events
// (read and write) and the object-level reads and writes of every bucket of
// the account, KMS-encrypted, log-file validation on, delivered to the logs
// bucket and to CloudWatch Logs. Recording every bucket (not a list) is
// what the official conformance rule cloudtrail-s3-dataevents-enabled
// requires, and it covers buckets sce does not create; each project's own
// trail keeps a second copy of its PHI buckets' events beside its logs.
// CloudTrail's own deliveries into the logs bucket are data events too:
// each delivery is one event in a later delivery, a bounded overhead, not
// a loop.
func (b *baselineBuilder) buildTrail() error {
	archive := b.buckets[BucketArchive]
	trail, err := newTrail(b.Scope, trailSpec{
		logs: b.buckets[BucketLogs], keyArn: b.key.Arn, retentionDays: b.args.LogRetentionDays,
		selectors: cloudtrail.TrailEventSelectorArray{&cloudtrail.TrailEventSelectorArgs{
			ReadWriteType:           pulumi.String("All"),
			IncludeManagementEvents: pulumi.Bool(true),
			DataResources: cloudtrail.TrailEventSelectorDataResourceArray{&cloudtrail.TrailEventSelectorDataResourceArgs{
				Type:   pulumi.String("AWS::S3::Object"),
				Values: pulumi.StringArray{pulumi.String(fmt.Sprintf(allBucketsDataResource, b.Names.Partition))},
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
