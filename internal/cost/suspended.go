package cost

import (
	"regexp"
	"slices"
	"strings"
)

// GroupCost is what one group of lines costs in the suspended column.
type GroupCost struct {
	// Group is the lines' group.
	Group string `json:"group"`
	// Monthly is the group's known cost a month while suspended.
	Monthly float64 `json:"monthly"`
	// AtLeast is true when a line of the group has an unknown cost while
	// suspended, so Monthly is a lower bound.
	AtLeast bool `json:"atLeast"`
	// What names the kinds of items that cost, without resource names.
	What []string `json:"what"`
}

// whileSuspended sums, by group, the lines that cost while suspended
// (volumes, backups, the paused warehouse's storage ...); names are the
// plan's resource names, left out of the kinds of items.
func whileSuspended(lines []Line, names map[string]bool) []GroupCost {
	out := []GroupCost{}
	for _, l := range lines {
		if l.Monthly[Suspended] == 0 && !l.Unknown[Suspended] {
			continue
		}
		i := slices.IndexFunc(out, func(g GroupCost) bool { return g.Group == l.Group })
		if i < 0 {
			out = append(out, GroupCost{Group: l.Group})
			i = len(out) - 1
		}
		g := &out[i]
		g.Monthly = cents(g.Monthly + l.Monthly[Suspended])
		g.AtLeast = g.AtLeast || l.Unknown[Suspended]
		if k := itemKind(l.Item, names); !slices.Contains(g.What, k) {
			g.What = append(g.What, k)
		}
	}
	return out
}

// countInParentheses matches a count such as " (5 buckets)".
var countInParentheses = regexp.MustCompile(`\s*\([^)]*\)`)

// itemKind is an item without its resource name (the first word after the
// first that is one: an item names at most one resource, after what it is)
// and counts: "root volume hipaa-bastion" is "root volume", "S3 storage
// (5 buckets)" is "S3 storage".
func itemKind(item string, names map[string]bool) string {
	words := strings.Fields(countInParentheses.ReplaceAllString(item, ""))
	for i := 1; i < len(words); i++ {
		if names[strings.TrimSuffix(words[i], ",")] {
			return strings.Join(slices.Delete(words, i, i+1), " ")
		}
	}
	return strings.Join(words, " ")
}
