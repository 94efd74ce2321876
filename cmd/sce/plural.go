package main

import "strconv"

// plural counts things as the commands print every count: "1 stack",
// "0 stacks", "2 log files". Every noun counted forms its plural with an s.
func plural[N int | int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.FormatInt(int64(n), 10) + " " + noun + "s"
}
