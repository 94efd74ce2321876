package cost

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
