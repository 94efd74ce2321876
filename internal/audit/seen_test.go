package audit

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// TestAPrincipalOrPrefixMatchingNothingIsSaid: a --principal or --prefix
// that matches no event on the searched buckets in the window is a
// warning, with what was seen there, the closest first.
func TestAPrincipalOrPrefixMatchingNothingIsSaid(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	among := " among the 4 S3 data events on the searched buckets in the window; "
	tests := []struct {
		name     string
		filter   Filter
		events   int
		warnings []string
	}{
		{"a mistyped principal", Filter{PIT: "hipaa", Principal: "alcie"}, 0,
			[]string{`no event matched --principal "alcie"` + among + "principals seen, the closest first: " + alice + ", " + mallory + ", " + bob}},
		{"a mistyped prefix", Filter{PIT: "hipaa", KeyPrefix: "cohrt/"}, 0,
			[]string{`no event matched --prefix "cohrt/"` + among + "top-level prefixes seen, the closest first: cohort/, results/"}},
		{"both", Filter{PIT: "hipaa", Principal: "mallroy", KeyPrefix: "result/"}, 0, []string{
			`no event matched --principal "mallroy"` + among + "principals seen, the closest first: " + mallory + ", " + alice + ", " + bob,
			`no event matched --prefix "result/"` + among + "top-level prefixes seen, the closest first: results/, cohort/"}},
		{"each matches, not together", Filter{PIT: "hipaa", Principal: "bob", KeyPrefix: "results/"}, 0, nil},
		{"a principal that matches", Filter{PIT: "hipaa", Principal: "ALICE"}, 2, nil},
		{"nothing in the window", Filter{PIT: "hipaa", Principal: "alcie", Since: at(13), Until: at(70)}, 0, []string{
			`no event matched --principal "alcie" among the 4 S3 data events on the searched buckets (none of them in the window); ` +
				"principals seen, the closest first: " + alice + ", " + mallory + ", " + bob}},
		{"nothing in the window, the principal outside it", Filter{PIT: "hipaa", Principal: "alice", Since: at(13), Until: at(70)}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := run(t, Options{Sources: []string{dir}, Filter: tt.filter})
			assert.Equal(t, tt.events, rep.Len())
			assert.Equal(t, tt.warnings, rep.FilterWarnings)
			assert.Nil(t, rep.BucketsNotFound)
			var buf bytes.Buffer
			require.NoError(t, rep.Write(&buf, "table"))
			for _, w := range tt.warnings {
				assert.Contains(t, buf.String(), "\nwarning: "+w+"\n")
			}
		})
	}
}

// TestFilterWarningKeepsTheClosestOfManyNames: with more distinct
// principals than maxSeen (a session ARN per session), the warning is the
// same whatever order the files are read and merged in, and names the
// closest principals seen, wherever they are in the logs.
func TestFilterWarningKeepsTheClosestOfManyNames(t *testing.T) {
	session := func(name string) string { return "arn:aws:sts::123456789012:assumed-role/sce-researcher/" + name }
	var dirs []string
	n := 0
	for f, count := range []int{maxSeen*2 + 500, 3000, 2000} {
		dir := t.TempDir()
		tr := trailtest.NewTrail(t, dir, logsBkt)
		var records []map[string]any
		for range count {
			records = append(records, trailtest.S3Event{Time: at(f), Action: "GetObject", Bucket: dataIn, Key: "cohort/a.csv",
				Principal: session(fmt.Sprintf("s%05d", n))}.Record())
			n++
		}
		// The closest principals are last in the first file and in the middle of the second.
		if f == 0 {
			records = append(records, trailtest.S3Event{Time: at(f), Action: "GetObject", Bucket: dataIn, Key: "cohort/a.csv", Principal: session("alicx")}.Record())
		}
		if f == 1 {
			records = slices.Insert(records, 1500, trailtest.S3Event{Time: at(f), Action: "GetObject", Bucket: dataIn, Key: "cohort/a.csv", Principal: session("alcie")}.Record())
		}
		tr.WriteLog(at(f+5), records)
		dirs = append(dirs, dir)
	}
	want := []string{`no event matched --principal "alice" among the 13694 S3 data events on the searched buckets in the window; ` +
		"principals seen, the closest first: " + session("alicx") + ", " + session("alcie") + ", " + session("s00000") + ", " +
		session("s00001") + ", " + session("s00002") + fmt.Sprintf(" and at least %d more", maxSeen-5)}
	for _, sources := range [][]string{dirs, {dirs[2], dirs[1], dirs[0]}, {dirs[1], dirs[0], dirs[2]}} {
		rep := run(t, Options{Sources: sources, Filter: Filter{PIT: "hipaa", Principal: "alice"}, Workers: 2})
		assert.Equal(t, want, rep.FilterWarnings)
	}
}

// TestPrefixesSeenAreRankedByTheWholePrefix: a prefix seen is ranked by
// its distance to --prefix as a whole; the last part after '/' (which
// for "abcd/" is empty) counts only for ARNs.
func TestPrefixesSeenAreRankedByTheWholePrefix(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	var records []map[string]any
	for _, key := range []string{"abcd/x.csv", "zz/x.csv", "b/x.csv"} {
		records = append(records, trailtest.S3Event{Time: at(1), Action: "GetObject", Bucket: dataIn, Key: key, Principal: alice}.Record())
	}
	tr.WriteLog(at(5), records)
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa", KeyPrefix: "a/"}})
	assert.Equal(t, []string{`no event matched --prefix "a/" among the 3 S3 data events on the searched buckets in the window; ` +
		"top-level prefixes seen, the closest first: b/, zz/, abcd/"}, rep.FilterWarnings)
}
