package patching

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBuckets: the scripts bucket by its exact name where AWS lists it,
// the suffixed snapshot buckets of the regions that have one, and the
// prefix for a region AWS's list does not name.
func TestBuckets(t *testing.T) {
	for _, c := range []struct {
		region string
		want   []string
		exact  bool
	}{
		{"us-west-2", []string{"aws-patch-manager-us-west-2-34d7f99f8", "patch-baseline-snapshot-us-west-2"}, true},
		{"me-south-1", []string{"aws-patch-manager-me-south-1-a53fc9dce", "patch-baseline-snapshot-me-south-1-uduvl7q8"}, true},
		{"us-gov-west-1", []string{"aws-patch-manager-us-gov-west-1-*", "patch-baseline-snapshot-us-gov-west-1"}, false},
	} {
		got, exact := Buckets(c.region)
		assert.Equal(t, c.want, got, c.region)
		assert.Equal(t, c.exact, exact, c.region)
	}
	assert.Len(t, patchManagerSuffixes(), 29, "the regions of AWS's table")
}
