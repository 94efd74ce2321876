package stacks_test

import (
	"cmp"
	"fmt"
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
	kinds := map[string]sce.StackKind{"account": sce.BaselineStack, "hipaa": sce.ProjectStack, "omop": sce.ProjectStack,
		"vitals": sce.ProjectStack}
	// suffixes ("" for the bare prefix) by kind of stack and name space
	names := map[sce.StackKind]map[string]map[string]bool{}
	for stack, kind := range kinds {
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
				if names[kind] == nil {
					names[kind] = map[string]map[string]bool{}
				}
				if names[kind][space] == nil {
					names[kind][space] = map[string]bool{}
				}
				names[kind][space][strings.TrimPrefix(m[2], "-")] = true
				count++
			}
		}
		if count < 50 {
			t.Fatalf("stack %s: only %d names found: the walk over the inputs is broken", stack, count)
		}
	}
	derived := map[string][]string{} // word -> "shorter>longer" kinds
	for short, spaces := range names {
		for space, suffixes := range spaces {
			for long := range names {
				for s := range suffixes {
					for i := range len(s) + 1 {
						if (i == len(s) || s[i] == '-') && s != "" && names[long][space][strings.TrimPrefix(s[i:], "-")] {
							derived[s[:i]] = append(derived[s[:i]], string(short)+">"+string(long))
						}
					}
				}
			}
		}
	}
	want := map[string][]string{}
	all := []sce.StackKind{sce.BaselineStack, sce.ProjectStack}
	for w, shared := range sce.PITWordsThatShareNames() {
		for _, short := range all {
			for _, long := range all {
				if (shared.Shorter == "" || shared.Shorter == short) && (shared.Longer == "" || shared.Longer == long) {
					want[w] = append(want[w], string(short)+">"+string(long))
				}
			}
		}
		assert.Contains(t, fmt.Sprintf(shared.Name, "p"), "p-"+w, "the name of %q", w)
	}
	for w := range derived {
		derived[w] = slices.Compact(slices.Sorted(slices.Values(derived[w])))
	}
	assert.Equal(t, want, derived)
}
