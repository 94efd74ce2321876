package sce

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/audit"
)

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
	logs, archive := b.buckets[BucketLogs], b.buckets[BucketArchive]
	trail, err := audit.NewTrail(b.Scope, audit.TrailArgs{
		LogsBucket: logs.Name, LogsPolicy: logs.policy, KeyArn: b.key.Arn, RetentionDays: b.args.LogRetentionDays,
		DataResources: audit.AllBuckets(b.Names.Partition),
		After:         []pulumi.Resource{archive.bucket},
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	b.trail = trail
	return nil
}
