package policy_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

// TestBucketLinksAreBucketTargets: bucket_links, which writes
// bucket_targets(c, "bucket") out for speed, pairs every resource with
// exactly the buckets bucket_targets names, on the shipped stacks and on a
// stack whose resources name their bucket every way (literal name, false,
// not yet known, only a property dependency, a name no bucket has).
func TestBucketLinksAreBucketTargets(t *testing.T) {
	pack := loadPack(t)
	plans := map[string]*plan.Plan{"hipaa": shipped(t, "hipaa"), "account": shipped(t, "account")}
	odd := shipped(t, "hipaa")
	var bucket plan.Resource
	for _, r := range odd.Resources {
		if r.Type == "aws:s3/bucketV2:BucketV2" {
			bucket = r
			break
		}
	}
	require.NotEmpty(t, bucket.URN)
	edited := 0
	for i := range odd.Resources {
		r := &odd.Resources[i]
		if _, ok := r.Inputs["bucket"]; !ok || r.Type == bucket.Type {
			continue
		}
		switch edited % 4 {
		case 0:
			r.Inputs["bucket"] = false
		case 1:
			r.Inputs["bucket"] = map[string]any{"__unknown": true}
		case 2:
			delete(r.Inputs, "bucket")
			r.PropertyDependencies["bucket"] = []string{bucket.URN}
		case 3:
			r.Inputs["bucket"] = "no-such-bucket"
		}
		edited++
	}
	require.GreaterOrEqual(t, edited, 8)
	plans["odd"] = odd
	query := fmt.Sprintf(`links := {[u, c.__urn] | some [u, c] in data.%[1]s.bucket_links}
		targets := {[u, c.__urn] | some c in input.resources; some u in data.%[1]s.bucket_targets(c, "bucket")}`, pack.Name)
	for name, p := range plans {
		input, err := policy.StackValue(p)
		require.NoError(t, err, name)
		rs, err := pack.Query(query, input)
		require.NoError(t, err, name)
		require.Len(t, rs, 1, name)
		links, targets := rs[0].Bindings["links"].([]any), rs[0].Bindings["targets"].([]any)
		assert.NotEmpty(t, links, name)
		assert.ElementsMatch(t, targets, links, name)
	}
}
