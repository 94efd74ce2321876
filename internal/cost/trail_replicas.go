package cost

import (
	"strings"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// S3 replication writes every new version of a bucket into its replica
// (ReplicateObject, as the stack's replication role). A trail that records
// the data events of a replica records those writes too: one more data
// event per write to its bucket, on top of the events of the project's own
// requests (sce:usage.dataEventsPerMonth).

// priceReplicaDataEvents prices the data events of replication a trail
// records: one per write to a bucket (sce:usage.s3PutRequestsPerMonth),
// when the trail's event selectors cover a replica of the plan.
func priceReplicaDataEvents(e *estimator, t plan.Resource) {
	replicas := replicaBuckets(e.plan)
	if !recordsAnyOf(t.Inputs, replicas) {
		return
	}
	n := e.usage.S3PutRequestsPerMonth
	e.add("audit", "trail "+t.Name+" data events of replication",
		formatCount(n)+" a month, one per write to a bucket: S3 writing the copy into its replica, whose data events the trail records ("+
			stacks.UsageKey(stacks.UsageS3PutRequestsPerMonth)+"); S3's reads of the source for it are not counted",
		"cloudtrail.dataEvents", all(n))
}

// replicaBuckets are the names of the plan's buckets that are the
// same-region replica of another bucket of the plan.
func replicaBuckets(p *plan.Plan) map[string]bool {
	names := map[string]bool{}
	for _, b := range p.Find(typeBucketV2) {
		if name, ok := b.Inputs["bucket"].(string); ok {
			names[name] = true
		}
	}
	replicas := map[string]bool{}
	for name := range names {
		if replica := sce.ReplicaBucketName(name); names[replica] {
			replicas[replica] = true
		}
	}
	return replicas
}

// recordsAnyOf reports whether a trail's event selectors record the
// object-level data events of one of buckets: a data resource value that
// names one of them ("arn:<partition>:s3:::<bucket>/..."), or every bucket
// ("arn:<partition>:s3" or "arn:<partition>:s3:::").
func recordsAnyOf(in map[string]any, buckets map[string]bool) bool {
	if len(buckets) == 0 {
		return false
	}
	selectors, _ := in["eventSelectors"].([]any)
	for _, s := range selectors {
		sel, _ := s.(map[string]any)
		resources, _ := sel["dataResources"].([]any)
		for _, r := range resources {
			res, _ := r.(map[string]any)
			if res["type"] != "AWS::S3::Object" {
				continue
			}
			values, _ := res["values"].([]any)
			for _, v := range values {
				if value, ok := v.(string); ok && selectsAnyOf(value, buckets) {
					return true
				}
			}
		}
	}
	return false
}

// selectsAnyOf reports whether one S3 object data resource value selects
// the objects of one of buckets.
func selectsAnyOf(value string, buckets map[string]bool) bool {
	_, rest, ok := strings.Cut(value, ":s3:::")
	if !ok {
		return strings.HasPrefix(value, "arn:") && strings.HasSuffix(value, ":s3")
	}
	bucket, _, _ := strings.Cut(rest, "/")
	return bucket == "" || buckets[bucket]
}
