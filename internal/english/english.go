// Package english words counts in sce's messages and reports so that the
// noun and the verb agree with the number: "1 log file is", "2 log files
// are", "0 buckets".
package english

import "strconv"

// Plural is n and noun, with an s after noun unless n is 1: "1 stack",
// "0 stacks", "2 log files". Every noun sce counts forms its plural with
// an s.
func Plural[N int | int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.FormatInt(int64(n), 10) + " " + noun + "s"
}

// IsAre is the verb that agrees with a count of n: "is" for 1, "are"
// otherwise.
func IsAre[N int | int64](n N) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
