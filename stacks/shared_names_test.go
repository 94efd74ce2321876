package stacks_test

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/sce"
)

// TestPITWordsThatShareNamesAreThoseOfThePlans derives, from the names the
// shipped stacks (projects and baseline) give their resources (every top-level string
// input of the form <pit>-<suffix>, other than tags and descriptions,
// compared within one resource type and input, over all of them), the words w for which the
// PITs p and p-w would name a resource alike (p's <w>-<rest> is p-w's
// <rest>), and checks that sce.PITWordsThatShareNames lists exactly them,
// each with a name that shows it: a new resource name that adds a clash
// fails here until the neighbour check knows it.
func TestPITWordsThatShareNamesAreThoseOfThePlans(t *testing.T) {
	names := map[string]map[string]bool{} // suffixes by type and input, of every stack
	for _, stack := range []string{"account", "hipaa", "omop", "vitals"} {
		p := shippedPlan(t, stack)
		pit := cmp.Or(p.Config["sce:pit"], p.Config["sce:name"], stack)
		count := 0
		for _, r := range p.Resources {
			for k, v := range r.Inputs {
				s, ok := v.(string)
				rest, named := strings.CutPrefix(s, pit+"-")
				if !ok || !named || k == "tags" || k == "description" {
					continue
				}
				space := r.Type + "." + k
				if names[space] == nil {
					names[space] = map[string]bool{}
				}
				names[space][rest] = true
				count++
			}
		}
		if count < 100 {
			t.Fatalf("stack %s: only %d names found: the walk over the inputs is broken", stack, count)
		}
	}
	derived := map[string]bool{}
	for _, suffixes := range names {
		for s := range suffixes {
			for i := range len(s) {
				if s[i] == '-' && suffixes[s[i+1:]] {
					derived[s[:i]] = true
				}
			}
		}
	}
	words := sce.PITWordsThatShareNames()
	assert.Equal(t, slices.Sorted(maps.Keys(derived)), slices.Sorted(maps.Keys(words)))
	for w, example := range words {
		assert.True(t, strings.HasPrefix(example, w+"-"), "the example of %q must start with it", w)
	}
}
