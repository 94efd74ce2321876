package sce_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/internal/plan"
)

// TestReplicationCheckReadsTheEnabledRule: the offline check of
// s3-bucket-replication-enabled passes a bucket only for a replication
// configuration with an enabled rule, as AWS Config evaluates it.
func TestReplicationCheckReadsTheEnabledRule(t *testing.T) {
	shipped := hipaaPlan(t)
	p := &plan.Plan{Resources: slices.Clone(shipped.Resources)} // the shipped plan is shared: edit a copy
	bucket := res(t, p, tBucket, "hipaa-data-in")
	assert.Equal(t, "", replicationFailure(p, bucket))
	for i, r := range p.Resources {
		switch r.Name {
		case "hipaa-data-in-replication":
			rule := maps.Clone(r.Inputs["rules"].([]any)[0].(map[string]any))
			rule["status"] = "Disabled"
			inputs := maps.Clone(r.Inputs)
			inputs["rules"] = []any{rule}
			p.Resources[i].Inputs = inputs
		case "hipaa-output-replication":
			p.Resources[i].Type = "dropped"
		}
	}
	assert.Equal(t, "no enabled replication rule", replicationFailure(p, bucket))
	assert.Equal(t, "no replication configuration", replicationFailure(p, res(t, p, tBucket, "hipaa-output")))
}
