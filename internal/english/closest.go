package english

import (
	"strings"

	"github.com/agnivade/levenshtein"
)

// maxSuggestDistance is the largest edit distance at which a known name is
// offered as the likely intended one.
const maxSuggestDistance = 3

// Closest returns the entry of known nearest to name (case-insensitive edit
// distance, ties broken by the order of known) when it is near enough to be
// offered as "did you mean". Stack files, request files, the typed stack
// config and the audit's bucket names all suggest with it.
func Closest(name string, known []string) (string, bool) {
	best, bestDist := "", maxSuggestDistance+1
	for _, k := range known {
		if d := editDistance(strings.ToLower(name), strings.ToLower(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best, best != ""
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int { return levenshtein.ComputeDistance(a, b) }
