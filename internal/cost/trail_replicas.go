package cost

import (
	"strings"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// S3 replication copies every new version of a bucket into its replica,
// as the stack's replication role: it reads the version from the source
// (GetObjectVersionForReplication, a data event on the source bucket) and
// writes it into the replica (ReplicateObject, a data event on the
// replica). A trail records each side whose bucket its event selectors
// cover, on top of the events of the project's own requests
// (sce:usage.dataEventsPerMonth).

// priceReplicaDataEvents prices the data events of replication a trail
// records: per write to a bucket (sce:usage.s3PutRequestsPerMonth), one for
// the source read when the trail's selectors cover a source of the plan,
// one for the replica write when they cover a replica. In the account
// estimate the writes must be the account's, every project's included.
func priceReplicaDataEvents(e *estimator, t plan.Resource) {
	sources, replicas := replicationPairs(e.plan)
	var sides []string
	if recordsAnyOf(t.Inputs, sources) {
		sides = append(sides, "S3 reading the version from the source (GetObjectVersionForReplication)")
	}
	if recordsAnyOf(t.Inputs, replicas) {
		sides = append(sides, "S3 writing it into the replica (ReplicateObject)")
	}
	if len(sides) == 0 {
		return
	}
	writes := e.usage.S3PutRequestsPerMonth
	n := writes * float64(len(sides))
	detail := formatCount(n) + " a month, " + english.Plural(len(sides), "event") + " per write to a bucket, each side the trail records: " +
		strings.Join(sides, "; ") + "; the writes are " + stacks.UsageKey(stacks.UsageS3PutRequestsPerMonth) +
		" (" + formatCount(writes) + "), which counts PUT, COPY, POST and LIST requests, so an upper bound (a LIST replicates nothing)"
	if e.baseline {
		detail += accountWideWrites
	}
	e.add("audit", "trail "+t.Name+" data events of replication", detail, "cloudtrail.dataEvents", all(n))
}

// accountWideWrites ends the replication line of the account estimate: the
// account trail records every bucket of the account, so every project's
// replication, not only that of the baseline's own buckets.
const accountWideWrites = "; the account trail records every project's replication too, so for this estimate " +
	"set that figure to the writes of the whole account a month, every project's included"

// replicationPairs are the names of the plan's buckets that have their
// same-region replica in the plan (sources), and of those replicas.
func replicationPairs(p *plan.Plan) (sources, replicas map[string]bool) {
	names := map[string]bool{}
	for _, b := range p.Find(typeBucketV2) {
		if name, ok := b.Inputs["bucket"].(string); ok {
			names[name] = true
		}
	}
	sources, replicas = map[string]bool{}, map[string]bool{}
	for name := range names {
		if replica := sce.ReplicaBucketName(name); names[replica] {
			sources[name], replicas[replica] = true, true
		}
	}
	return sources, replicas
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
