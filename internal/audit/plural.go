package audit

import "strconv"

// plural counts things the way the report prints every count: "1 log
// file", "0 log files", "2 log files". Every noun the audit counts forms
// its plural with an s.
func plural[N int | int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.FormatInt(int64(n), 10) + " " + noun + "s"
}

// isAre is the verb that agrees with a count: "1 log file is", "2 are".
func isAre[N int | int64](n N) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
