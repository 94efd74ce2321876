package stacks_test

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/sce"
)

// TestPITWordsThatShareNamesAreThoseOfThePlans derives, from the names the
// shipped stacks (projects and baseline) give their resources, the words w
// for which the name prefixes p and p-w would name a resource alike (p's
// <w>-<rest> is p-w's <rest>, or p's <w> is p-w's bare prefix), and checks
// that sce.PITWordsThatShareNames lists exactly them, each with a name
// that shows it: a new resource name that adds a clash fails here until
// the neighbour check knows it. A name is every top-level string input,
// other than tags and descriptions, that is the stack's prefix or starts
// with it and '-', after nothing or after a '/' or ':' (alias/<pit>);
// names are compared within one resource type, input and what precedes the
// prefix, over all the stacks at once: a word that only a baseline's names
// show is also refused between two projects, which can only add a refusal.
func TestPITWordsThatShareNamesAreThoseOfThePlans(t *testing.T) {
	names := map[string]map[string]bool{} // suffixes ("" for the bare prefix) by name space
	for _, stack := range []string{"account", "hipaa", "omop", "vitals"} {
		p := shippedPlan(t, stack)
		prefix := cmp.Or(p.Config["sce:pit"], p.Config["sce:name"], stack)
		name := regexp.MustCompile(`^(.*[/:])?` + regexp.QuoteMeta(prefix) + `(-[a-z0-9-]+)?$`)
		count := 0
		for _, r := range p.Resources {
			for k, v := range r.Inputs {
				s, _ := v.(string)
				m := name.FindStringSubmatch(s)
				if m == nil || k == "tags" || k == "description" {
					continue
				}
				space := r.Type + "." + k + " " + m[1]
				if names[space] == nil {
					names[space] = map[string]bool{}
				}
				names[space][strings.TrimPrefix(m[2], "-")] = true
				count++
			}
		}
		if count < 50 {
			t.Fatalf("stack %s: only %d names found: the walk over the inputs is broken", stack, count)
		}
	}
	derived := map[string]string{}
	for space, suffixes := range names {
		for s := range suffixes {
			for i := range len(s) + 1 {
				if (i == len(s) || s[i] == '-') && s != "" && suffixes[strings.TrimPrefix(s[i:], "-")] {
					derived[s[:i]] = space + " " + s
				}
			}
		}
	}
	words := sce.PITWordsThatShareNames()
	assert.Equal(t, slices.Sorted(maps.Keys(derived)), slices.Sorted(maps.Keys(words)), "derived from %v", derived)
	for w, example := range words {
		assert.Contains(t, fmt.Sprintf(example, "p"), "p-"+w, "the example of %q", w)
	}
}
