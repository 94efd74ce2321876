package stackfile

import "strings"

// maxSuggestDistance is the largest edit distance at which a known name is
// offered as the likely intended one.
const maxSuggestDistance = 3

// Closest returns the entry of known nearest to name (case-insensitive edit
// distance, ties broken by the order of known) when it is near enough to be
// offered as "did you mean". Stack files, request files and the typed stack
// config all suggest with it.
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
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
