package cost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/internal/plan"
)

// TestReplicasDoubleTheS3Storage: each pair of replication configurations
// is one same-region replica, which stores as much as the buckets and adds
// one PUT-priced request per write, and four CloudWatch custom metrics
// per replication rule, in every column (a suspended project keeps its
// replicas and their replication).
func TestReplicasDoubleTheS3Storage(t *testing.T) {
	p := fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:usage": `{"s3StorageGb":100,"s3PutRequestsPerMonth":20000}`},
		res(typeBucketV2, "t-data-in", nil), res(typeBucketV2, "t-data-in-replica", nil),
		res(typeReplication, "t-data-in-replication", nil), res(typeReplication, "t-data-in-replica-replication", nil),
	)
	est := estimate(t, p)
	lines := linesOf(est.Lines)
	costs := costsOf(est.Lines)
	assert.Equal(t, PerColumn{2.30, 2.30, 2.30}, costs["S3 storage (1 bucket)"])
	assert.Equal(t, PerColumn{2.30, 2.30, 2.30}, costs["S3 storage of the 1 same-region replica"], "100 GB × $0.023")
	assert.Equal(t, PerColumn{0.10, 0.10, 0.10}, costs["S3 replication requests"], "20,000 × $0.005 per 1,000")
	assert.Equal(t, "100 GB, a copy of the buckets' (sce:usage.s3StorageGb), S3 Standard", lines["S3 storage of the 1 same-region replica"].Detail)
	assert.Equal(t, "20,000 a month, one per write to a bucket (sce:usage.s3PutRequestsPerMonth); same region: no transfer charge",
		lines["S3 replication requests"].Detail)
	assert.Equal(t, PerColumn{2.40, 2.40, 2.40}, costs["S3 Replication metrics (8)"], "2 rules × 4 metrics × $0.30")
	assert.Equal(t, "4 per replication rule × 2 rules, CloudWatch custom metrics; counted as whole months (an upper bound)",
		lines["S3 Replication metrics (8)"].Detail)
}

// TestNoReplicationNoReplicationMetrics: a plan without replication
// configurations has no replica lines and no replication metrics.
func TestNoReplicationNoReplicationMetrics(t *testing.T) {
	p := fixturePlan(map[string]string{"aws:region": "us-west-2"}, res(typeBucketV2, "t-data-in", nil))
	for _, l := range estimate(t, p).Lines {
		assert.NotContains(t, l.Item, "replica", l.Item)
		assert.NotContains(t, l.Item, "Replication", l.Item)
	}
}

// TestTrailsRecordingReplicasPayForReplication: a trail whose event
// selectors name a replica (or every bucket) records S3's write of each
// new version into the replica, one more data event per write to a
// bucket; a trail that names only the sources does not.
func TestTrailsRecordingReplicasPayForReplication(t *testing.T) {
	trail := func(name string, values ...any) plan.Resource {
		return res(typeTrail, name, map[string]any{"eventSelectors": []any{map[string]any{"includeManagementEvents": false,
			"dataResources": []any{map[string]any{"type": "AWS::S3::Object", "values": values}}}}})
	}
	p := fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:usage": `{"s3PutRequestsPerMonth":30000,"dataEventsPerMonth":1e6}`},
		res(typeBucketV2, "t-data-in", map[string]any{"bucket": "t-data-in-123456789012-us-west-2"}),
		res(typeBucketV2, "t-data-in-replica", map[string]any{"bucket": "t-data-in-123456789012-us-west-2-replica"}),
		res(typeReplication, "t-data-in-replication", nil), res(typeReplication, "t-data-in-replica-replication", nil),
		trail("replicas", "arn:aws:s3:::t-data-in-123456789012-us-west-2/", "arn:aws:s3:::t-data-in-123456789012-us-west-2-replica/"),
		trail("account", "arn:aws:s3"),
		trail("sources", "arn:aws:s3:::t-data-in-123456789012-us-west-2/"),
	)
	est := estimate(t, p)
	costs, lines := costsOf(est.Lines), linesOf(est.Lines)
	assert.Equal(t, PerColumn{0.03, 0.03, 0.03}, costs["trail replicas data events of replication"], "30,000 × $0.10 per 100,000")
	assert.Equal(t, PerColumn{0.03, 0.03, 0.03}, costs["trail account data events of replication"], "every bucket: the replicas too")
	assert.NotContains(t, costs, "trail sources data events of replication")
	assert.Equal(t, PerColumn{1, 1, 1}, costs["trail sources data events"], "the project's own requests' events stay as given")
	assert.Equal(t, "30,000 a month, one per write to a bucket: S3 writing the copy into its replica, whose data events the trail records "+
		"(sce:usage.s3PutRequestsPerMonth); S3's reads of the source for it are not counted", lines["trail replicas data events of replication"].Detail)
}
