package audit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRankedKeepsTheClosestWhateverTheOrder: names added in any order,
// into one set or into several merged in any order, leave the same
// maxSeen names: the closest, ties by name.
func TestRankedKeepsTheClosestWhateverTheOrder(t *testing.T) {
	type named struct {
		name string
		dist int
	}
	var all []named
	for i := range 5 * maxSeen {
		all = append(all, named{fmt.Sprintf("n%05d", i), i * 7919 % 53})
	}
	want := slices.Clone(all)
	slices.SortFunc(want, func(a, b named) int { return cmp.Or(cmp.Compare(a.dist, b.dist), strings.Compare(a.name, b.name)) })
	var wantNames []string
	for _, n := range want[:maxSeen] {
		wantNames = append(wantNames, n.name)
	}
	reversed := slices.Clone(all)
	slices.Reverse(reversed)
	for name, order := range map[string][]named{"in order": all, "reversed": reversed} {
		t.Run(name, func(t *testing.T) {
			var one ranked
			for _, n := range order {
				one.add(n.name, n.dist)
				one.add(n.name, n.dist)
			}
			assert.Equal(t, wantNames, one.sorted())
			assert.True(t, one.dropped)

			parts := make([]ranked, 3)
			for i, n := range order {
				parts[i%3].add(n.name, n.dist)
			}
			for _, merge := range [][]int{{0, 1, 2}, {2, 0, 1}} {
				var merged ranked
				for _, p := range merge {
					merged.merge(&parts[p])
				}
				assert.Equal(t, wantNames, merged.sorted())
				assert.True(t, merged.dropped)
			}
		})
	}
}

// TestListSomeSaysAtLeastOnlyWhenNamesWereLeftOut: under maxSeen names
// the count of the others is exact; past it, a lower bound.
func TestListSomeSaysAtLeastOnlyWhenNamesWereLeftOut(t *testing.T) {
	var few, many ranked
	for i := range 8 {
		few.add(fmt.Sprintf("p%d", i), i)
	}
	for i := range maxSeen + 1 {
		many.add(fmt.Sprintf("p%05d", i), 1)
	}
	assert.Equal(t, "p0, p1, p2, p3, p4 and 3 more", listSome(&few))
	assert.Equal(t, fmt.Sprintf("p00000, p00001, p00002, p00003, p00004 and at least %d more", maxSeen-5), listSome(&many))
}
