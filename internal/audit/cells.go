package audit

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxCell is the most characters a cell of the table shows.
const maxCell = 200

// cutNote says how the table cuts cells; it heads a table that cut one.
const cutNote = "note: table cells longer than 200 characters are cut to 200 and end with …; the csv, json and markdown formats hold them whole"

// printable writes what a terminal or a Markdown viewer would not show as
// text as a Go escape: control characters (\n, \t, \x1b), other characters
// that are not printable (format characters such as U+202E, which reverses
// the text after it) and bytes that are not UTF-8 (\xff). An object key
// chosen by a researcher then cannot start a line of its own, move the
// cursor or disguise itself.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case !unicode.IsPrint(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// cells makes text fit for the table and remembers whether it cut any.
type cells struct{ cut bool }

// cell is s printable and at most maxCell characters long; a longer one
// is cut and ends with "…".
func (c *cells) cell(s string) string {
	s = printable(s)
	if utf8.RuneCountInString(s) <= maxCell {
		return s
	}
	c.cut = true
	n := 0
	for i := range s {
		if n == maxCell-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// csvCell keeps a spreadsheet from reading a cell as a formula, as OWASP
// advises against CSV injection: a cell that starts with =, +, -, @, a
// tab or a carriage return gets a leading single quote.
func csvCell(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
