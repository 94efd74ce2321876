package audit

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// keysTrail writes one read of each key by alice and returns the folder.
func keysTrail(t *testing.T, keys ...string) string {
	t.Helper()
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	var records []map[string]any
	for i, k := range keys {
		records = append(records, trailtest.S3Event{Time: at(i), Action: "GetObject", Bucket: dataIn, Key: k, Principal: alice, SourceIP: "10.16.1.10"}.Record())
	}
	tr.WriteLog(at(30), records)
	return dir
}

func render(t *testing.T, dir, format string) string {
	t.Helper()
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	var buf bytes.Buffer
	require.NoError(t, rep.Write(&buf, format))
	return buf.String()
}

func TestCSVCellsCannotBeFormulas(t *testing.T) {
	dir := keysTrail(t, "=cmd|' /C calc'!A0", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tHYPERLINK(x)", "\rHYPERLINK(x)", "cohort/=ok.csv")
	lines := strings.Split(render(t, dir, "csv"), "\n")
	require.Len(t, lines, 9, "header, 7 events, final newline")
	var keys []string
	for _, l := range lines[1:8] {
		keys = append(keys, strings.SplitN(l, ",", 6)[4])
	}
	assert.Equal(t, []string{`'=cmd|' /C calc'!A0`, `'+SUM(A1)`, `'-2+3`, `'@SUM(A1)`, "'\tHYPERLINK(x)", "\"'\rHYPERLINK(x)\"", "cohort/=ok.csv"}, keys)
}

func TestTableCellsAreCutAndEscaped(t *testing.T) {
	long := "cohort/" + strings.Repeat("a", 1000)
	dir := keysTrail(t, long, "x\n2026-03-02T10:05:00Z  arn:aws:sts::123456789012:assumed-role/sce-admin/bob  DeleteObject")
	table := render(t, dir, "table")
	cutCell := (dataIn + "/" + long)[:199] + "…"
	assert.Contains(t, table, "\nnote: table cells longer than 200 characters are cut to 200 and end with …; the csv, json and markdown formats hold them whole\n")
	assert.Contains(t, table, "  "+cutCell+"  ")
	assert.NotContains(t, table, strings.Repeat("a", 200))
	assert.Contains(t, table, dataIn+`/x\n2026-03-02T10:05:00Z  arn:aws:sts`)
	assert.NotContains(t, table, "\n2026-03-02T10:05:00Z", "a key cannot start a line of its own")
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"cohort/a.csv":          "cohort/a.csv",
		"données/é.csv":         "données/é.csv",
		"a\nb\tc\rd":            `a\nb\tc\rd`,
		"\x1b[2J":               `\x1b[2J`,
		"x\u202etxt.exe":        `x\u202etxt.exe`,
		"bad\xffbyte":           `bad\xffbyte`,
		"nbsp\u00a0and\u2028ls": `nbsp\u00a0and\u2028ls`,
	} {
		assert.Equal(t, want, printable(in), "%q", in)
	}
}

func TestCellsAreCutAt200Characters(t *testing.T) {
	var c cells
	exact := strings.Repeat("é", maxCell)
	assert.Equal(t, exact, c.cell(exact))
	assert.False(t, c.cut)
	assert.Equal(t, strings.Repeat("é", maxCell-1)+"…", c.cell(exact+"x"))
	assert.True(t, c.cut)
	var escaped cells
	assert.Equal(t, strings.Repeat(`\n`, maxCell/2-1)+`\`+"…", escaped.cell(strings.Repeat("\n", maxCell/2+1)), "escapes count as what they show")
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{"": "", "=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@A1": "'@A1", "\tx": "'\tx", "\rx": "'\rx",
		"a=b": "a=b", "'quoted": "'quoted", " =1": " =1"} {
		assert.Equal(t, want, csvCell(in), "%q", in)
	}
}

func TestMarkdownCellsAreEscaped(t *testing.T) {
	dir := keysTrail(t, "a|b\n| 2026-03-02T10:05:00Z | forged |")
	assert.Contains(t, render(t, dir, "markdown"), `| `+dataIn+`/a\|b\n\| 2026-03-02T10:05:00Z \| forged \| |`)
}
