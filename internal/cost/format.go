package cost

import (
	"strconv"
	"strings"
)

// formatAmount prints USD with two decimals and thousands separators: 1,460.00.
func formatAmount(v float64) string {
	return groupThousands(strconv.FormatFloat(cents(v), 'f', 2, 64))
}

// formatAmountShort prints a quantity with at most two decimals and no
// trailing zeros: 730, 238.33, 0.5.
func formatAmountShort(v float64) string {
	s := strconv.FormatFloat(cents(v), 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return groupThousands(s)
}

// formatCount prints a count or size: 100,000, 5, 0.5.
func formatCount(v float64) string { return formatAmountShort(v) }

// groupThousands puts commas into the integer part of a decimal number.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}
