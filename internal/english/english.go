// Package english words counts in sce's messages and reports so that the
// noun and the verb agree with the number: "1 log file is", "2 log files
// are", "1 copy matches", "0 buckets"; lists read as lists: "a, b or c";
// and a mistyped name gets the nearest known one: "did you mean sce:pit?".
package english

import (
	"strconv"
	"strings"
)

// Number is what sce counts with.
type Number interface{ int | int64 }

// Plural is n and noun, with an s after noun unless n is 1: "1 stack",
// "0 stacks", "2 log files".
func Plural[N Number](n N, noun string) string {
	return Count(n, noun, noun+"s")
}

// Count is n and the noun that agrees with it, for nouns whose plural is
// not the singular and an s: "1 copy", "3 copies".
func Count[N Number](n N, one, many string) string {
	return strconv.FormatInt(int64(n), 10) + " " + Agree(n, one, many)
}

// Agree is one when n is 1 and many otherwise: the verb (or pronoun)
// that agrees with a count, as in Agree(n, "is", "are").
func Agree[N Number](n N, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// IsAre is Agree(n, "is", "are").
func IsAre[N Number](n N) string {
	return Agree(n, "is", "are")
}

// Or lists words as alternatives: "a", "a or b", "a, b or c"; "" for none.
func Or(words []string) string { return list(words, " or ") }

// And lists words together: "a", "a and b", "a, b and c"; "" for none.
func And(words []string) string { return list(words, " and ") }

// list joins words with commas, and the last two with last.
func list(words []string, last string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + last + words[len(words)-1]
}
