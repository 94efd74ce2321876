package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// TestRunRefusesAReportWithoutProvenance: a report that cannot say when
// and by which build it was made is refused, not written with a default.
func TestRunRefusesAReportWithoutProvenance(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	_, err := Run(context.Background(), Options{Sources: []string{dir}, Build: testBuild})
	assert.EqualError(t, err, "audit: Options.Generated is zero: give the time the report is made")
	_, err = Run(context.Background(), Options{Sources: []string{dir}, Generated: testGenerated})
	assert.EqualError(t, err, "audit: Options.Build is empty: give the build of sce that makes the report (buildinfo.Info.Line)")
}

// TestEveryFormatStatesProvenanceAndVerifyStatus: table, markdown and JSON
// say when the report was generated (UTC, to the second) and by which
// build, and "not run" when the log files were not verified; JSON has the
// verify key either way.
func TestEveryFormatStatesProvenanceAndVerifyStatus(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	at := time.Date(2026, 3, 3, 10, 30, 15, 999, time.FixedZone("PST", -8*3600))
	for _, verify := range []bool{false, true} {
		rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}, Verify: verify, Generated: at, Build: "sce v9.9.9, commit feed (clean checkout)"})
		status := "not run"
		if verify {
			status = ConsistentStatus
		}
		assert.Equal(t, status, rep.VerifyStatus())
		out := map[string]string{}
		for _, format := range Formats() {
			var buf bytes.Buffer
			require.NoError(t, rep.Write(&buf, format))
			out[format] = buf.String()
		}
		assert.Contains(t, out["table"], "\ngenerated 2026-03-03T18:30:15Z by sce v9.9.9, commit feed (clean checkout)\n")
		assert.Contains(t, out["markdown"], "\n- Generated: 2026-03-03T18:30:15Z by sce v9.9.9, commit feed (clean checkout)\n")
		assert.Contains(t, out["markdown"], "\n- Verification: "+md(status)+"\n")
		if !verify {
			assert.Contains(t, out["table"], "\nverify not run: the log files were not checked against CloudTrail's digest files (run with --verify)\n")
			assert.Contains(t, out["markdown"], "\n## Integrity of the logs\n\n- not run: the log files were not checked against CloudTrail's digest files (run with --verify)\n")
		} else {
			assert.Contains(t, out["table"], "\nverify "+ConsistentStatus+": 3 of 3 listed log files verified")
		}
		var parsed struct {
			Generated string `json:"generated"`
			Build     string `json:"build"`
			Verify    string `json:"verify"`
		}
		require.NoError(t, json.NewDecoder(strings.NewReader(out["json"])).Decode(&parsed))
		assert.Equal(t, "2026-03-03T18:30:15Z", parsed.Generated)
		assert.Equal(t, "sce v9.9.9, commit feed (clean checkout)", parsed.Build)
		assert.Equal(t, status, parsed.Verify)
		assert.NotContains(t, out["csv"], "generated", "the csv rows are events only")
	}
}

// TestCSVNotesSayWhatTheRowsCannot: the lines sce audit writes to stderr
// for csv, exactly: the time covered, the verification, the malformed
// files and the files skipped.
func TestCSVNotesSayWhatTheRowsCannot(t *testing.T) {
	t.Chdir(t.TempDir())
	tr := trailtest.NewTrail(t, "trail", logsBkt)
	logs, _ := studyTrail(tr)
	cut(t, tr.Path(logs[2]), 30)
	skippedName := tr.Path(logs[0]) + ".bak"
	data, err := os.ReadFile(tr.Path(logs[0]))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(skippedName, data, 0o644))

	rep := run(t, Options{Sources: []string{"trail"}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, []string{
		"log files read cover 2026-03-02T09:05:00Z to 2026-03-02T11:16:00Z",
		"verify not run: the log files were not checked against CloudTrail's digest files (run with --verify)",
		"malformed: " + tr.Path(logs[2]) + ": is malformed or truncated after 1 record: unexpected EOF",
		"skipped: " + skippedName + ": not read: not a CloudTrail log or digest file (its name does not end in .json.gz)",
	}, rep.CSVNotes())

	rep = run(t, Options{Sources: []string{"trail"}, Filter: Filter{PIT: "hipaa"}, Verify: true})
	notes := rep.CSVNotes()
	assert.Equal(t, "verify FAILED: 2 of 3 listed log files verified (SHA-256) against 2 digest files; 0 missing, 1 altered, 0 unlisted, "+
		"0 not yet digested, 0 digest-chain problems, 0 gaps in the window", notes[1])
	assert.Contains(t, notes, "verify altered: "+tr.Path(logs[2])+": cannot be checked: it is malformed or truncated after 1 record: unexpected EOF")
}
