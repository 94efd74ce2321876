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

// TestTrailsRecordingReplicasPayForReplication: per write to a bucket,
// S3 replication reads the version from the source
// (GetObjectVersionForReplication) and writes it into the replica
// (ReplicateObject); a trail pays one data event for each side its event
// selectors cover: two when it names both (or every bucket), one when it
// names only the sources or only the replicas, none when it names neither.
func TestTrailsRecordingReplicasPayForReplication(t *testing.T) {
	trail := func(name string, values ...any) plan.Resource {
		return res(typeTrail, name, map[string]any{"eventSelectors": []any{map[string]any{"includeManagementEvents": false,
			"dataResources": []any{map[string]any{"type": "AWS::S3::Object", "values": values}}}}})
	}
	source, replica := "arn:aws:s3:::t-data-in-123456789012-us-west-2/", "arn:aws:s3:::t-data-in-123456789012-us-west-2-replica/"
	p := fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:usage": `{"s3PutRequestsPerMonth":30000,"dataEventsPerMonth":1e6}`},
		res(typeBucketV2, "t-data-in", map[string]any{"bucket": "t-data-in-123456789012-us-west-2"}),
		res(typeBucketV2, "t-data-in-replica", map[string]any{"bucket": "t-data-in-123456789012-us-west-2-replica"}),
		res(typeReplication, "t-data-in-replication", nil), res(typeReplication, "t-data-in-replica-replication", nil),
		trail("both", source, replica),
		trail("account", "arn:aws:s3"),
		trail("sources", source),
		trail("replicas", replica),
		trail("elsewhere", "arn:aws:s3:::another-bucket/"),
	)
	est := estimate(t, p)
	costs, lines := costsOf(est.Lines), linesOf(est.Lines)
	assert.Equal(t, PerColumn{0.06, 0.06, 0.06}, costs["trail both data events of replication"], "2 × 30,000 × $0.10 per 100,000")
	assert.Equal(t, PerColumn{0.06, 0.06, 0.06}, costs["trail account data events of replication"], "every bucket: sources and replicas")
	assert.Equal(t, PerColumn{0.03, 0.03, 0.03}, costs["trail sources data events of replication"], "the source reads only")
	assert.Equal(t, PerColumn{0.03, 0.03, 0.03}, costs["trail replicas data events of replication"], "the replica writes only")
	assert.NotContains(t, costs, "trail elsewhere data events of replication")
	assert.Equal(t, PerColumn{1, 1, 1}, costs["trail sources data events"], "the project's own requests' events stay as given")
	putFigure := "; the writes are sce:usage.s3PutRequestsPerMonth (30,000), which counts PUT, COPY, POST and LIST requests, " +
		"so an upper bound (a LIST replicates nothing)"
	assert.Equal(t, "60,000 a month, 2 events per write to a bucket, each side the trail records: "+
		"S3 reading the version from the source (GetObjectVersionForReplication); S3 writing it into the replica (ReplicateObject)"+putFigure,
		lines["trail both data events of replication"].Detail)
	assert.Equal(t, "30,000 a month, 1 event per write to a bucket, each side the trail records: "+
		"S3 reading the version from the source (GetObjectVersionForReplication)"+putFigure, lines["trail sources data events of replication"].Detail)
	assert.Equal(t, "30,000 a month, 1 event per write to a bucket, each side the trail records: "+
		"S3 writing it into the replica (ReplicateObject)"+putFigure, lines["trail replicas data events of replication"].Detail)
}

// TestAccountTrailReplicationIsAccountWide: in the account estimate
// (sce:kind baseline) the trail records every bucket of the account, so the
// replication line says that its writes figure must be the whole account's;
// a project's estimate does not say it.
func TestAccountTrailReplicationIsAccountWide(t *testing.T) {
	resources := []plan.Resource{
		res(typeBucketV2, "logs", map[string]any{"bucket": "logs-123456789012-us-west-2"}),
		res(typeBucketV2, "logs-replica", map[string]any{"bucket": "logs-123456789012-us-west-2-replica"}),
		res(typeTrail, "account", map[string]any{"eventSelectors": []any{map[string]any{"includeManagementEvents": false,
			"dataResources": []any{map[string]any{"type": "AWS::S3::Object", "values": []any{"arn:aws:s3"}}}}}}),
	}
	usage := `{"s3PutRequestsPerMonth":30000}`
	want := "60,000 a month, 2 events per write to a bucket, each side the trail records: " +
		"S3 reading the version from the source (GetObjectVersionForReplication); S3 writing it into the replica (ReplicateObject); " +
		"the writes are sce:usage.s3PutRequestsPerMonth (30,000), which counts PUT, COPY, POST and LIST requests, " +
		"so an upper bound (a LIST replicates nothing)"
	baseline := estimate(t, fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:kind": "baseline", "sce:usage": usage}, resources...))
	assert.Equal(t, want+"; the account trail records every project's replication too, so for this estimate "+
		"set that figure to the writes of the whole account a month, every project's included",
		linesOf(baseline.Lines)["trail account data events of replication"].Detail)
	project := estimate(t, fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:usage": usage}, resources...))
	assert.Equal(t, want, linesOf(project.Lines)["trail account data events of replication"].Detail)
}
