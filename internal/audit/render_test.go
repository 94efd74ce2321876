package audit

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// readingWays are the ways a report can be made, which must not change it:
// the quick path with the events in memory, spilled to disk one by one,
// read by one worker or by many, and the careful path.
var readingWays = map[string]Options{
	"quick":               {},
	"quick, spilled":      {memoryEvents: 1},
	"quick, one worker":   {Workers: 1, memoryEvents: 2},
	"quick, many workers": {Workers: 8, memoryEvents: 3},
	"careful":             {careful: true},
	"careful, spilled":    {careful: true, memoryEvents: 1},
}

// TestFormatsGolden checks every format against the golden reports, made
// every way.
func TestFormatsGolden(t *testing.T) {
	goldenDir, err := filepath.Abs("testdata")
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	tr := trailtest.NewTrail(t, "trail", logsBkt)
	logs, _ := studyTrail(tr)
	cut(t, tr.Path(logs[2]), 30)
	// A log file renamed is skipped and named; the window runs past the
	// time the logs cover (to 11:16), which is said.
	data, err := os.ReadFile(tr.Path(logs[0]))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(tr.Path(logs[0])+".bak", data, 0o644))
	for way, opts := range readingWays {
		opts.Sources, opts.Filter, opts.Verify = []string{"trail"}, Filter{PIT: "hipaa", Until: at(180)}, true
		rep := run(t, opts)
		for _, format := range Formats() {
			t.Run(way+"/"+format, func(t *testing.T) {
				var buf bytes.Buffer
				require.NoError(t, rep.Write(&buf, format))
				path := filepath.Join(goldenDir, "report."+format)
				if *update && way == "quick" {
					require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err)
				assert.Equal(t, string(want), buf.String())
			})
		}
	}
}

// reportsBeforeStreaming are the SHA-256 of the reports of the trail of
// TestEveryWayWritesTheSameReport as sce audit wrote them before it read on
// a quick path and streamed the events (commit cf7caae, which held every
// event in memory and decoded every record with encoding/json), plus the
// count of 0 replication events a report with a PIT states since, and the
// count of 0 duplicate files in the headline and the empty JSON list of
// duplicates (the same reports without those lines and the last two, "; 0
// duplicate files skipped (read once)" and `"duplicates":[],`, hash as
// before). The provenance, coverage and verification status every report
// states since, and the scope naming the buckets' patterns and replicas,
// are taken out again by asBeforeProvenance before hashing: the rest of
// each report is still byte for byte the same.
var reportsBeforeStreaming = map[string]string{
	"table":    "90025a659fe99fed6908126682f29449ee893e7560a617881d6fed9008c98d84", // 1398164 bytes
	"csv":      "a6818180d8bf030282baa56407dfb308e997309f4efd579a9190ca3db3ef4658", // 2276139 bytes
	"json":     "02a523db0ac9434757358b9b4e55bddd131dd2ed6b028a76d05786b70b021967", // 3091001 bytes
	"markdown": "56b3f9a513a5ada7cfeb8be90e28e8a8970f7f224df39b3f5275d69ef4791f6e", // 1407875 bytes
}

// TestEveryWayWritesTheSameReport reads a trail of 12,000 records (7,200
// events, many at the same second in different files) every way, and
// compares the reports in every format, byte for byte, with the careful
// way's and with the reports of the code before streaming.
func TestEveryWayWritesTheSameReport(t *testing.T) {
	t.Chdir(t.TempDir())
	writeBenchTrail(t, "trail", 24, 6, 500)
	want := writeReports(t, Options{Sources: []string{"trail"}, Filter: Filter{PIT: "hipaa"}, careful: true, Workers: 1})
	require.Equal(t, 7200+1, bytes.Count(want["csv"], []byte("\n")))
	for _, format := range Formats() {
		assert.Equal(t, reportsBeforeStreaming[format], fmt.Sprintf("%x", sha256.Sum256(asBeforeProvenance(t, format, want[format]))), format)
	}
	for way, opts := range readingWays {
		opts.Sources, opts.Filter = []string{"trail"}, Filter{PIT: "hipaa"}
		opts.memoryEvents *= 100
		got := writeReports(t, opts)
		for _, format := range Formats() {
			if !bytes.Equal(want[format], got[format]) {
				t.Errorf("%s: the %s report differs from the careful one, first at line %d", way, format, firstDifference(want[format], got[format]))
			}
		}
	}
}

// writeReports makes a report and writes it in every format.
func writeReports(t *testing.T, opts Options) map[string][]byte {
	t.Helper()
	rep := run(t, opts)
	out := map[string][]byte{}
	for _, format := range Formats() {
		var buf bytes.Buffer
		require.NoError(t, rep.Write(&buf, format))
		out[format] = buf.Bytes()
	}
	return out
}

func firstDifference(a, b []byte) int {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(al), len(bl)) {
		if !bytes.Equal(al[i], bl[i]) {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}

// asBeforeProvenance takes out of a report of Filter{PIT: "hipaa"}, made
// without Verify, what reports say since they state their provenance:
// the generation time and build, the time the log files read cover, the
// verification status "not run" (markdown said it in a sentence), the
// parts of the window not covered, the files skipped, and the scope with
// the buckets' patterns and replicas. It fails the test when one of them
// is not where it is expected: each must be in the report.
func asBeforeProvenance(t *testing.T, format string, report []byte) []byte {
	t.Helper()
	s := string(report)
	cut := func(old, new string) {
		t.Helper()
		require.Contains(t, s, old, format)
		s = strings.Replace(s, old, new, 1)
	}
	line := func(prefix string) string {
		t.Helper()
		i := strings.Index(s, "\n"+prefix)
		require.GreaterOrEqual(t, i, 0, "%s: no line %q", format, prefix)
		return s[i : i+1+strings.IndexByte(s[i+1:], '\n')]
	}
	scope := Filter{PIT: "hipaa"}.Describe()
	before := "the PHI buckets of project hipaa (data-in, output)"
	switch format {
	case "table":
		cut("S3 data events on "+scope+"\n", "S3 data events on "+before+"\n")
		cut(line("generated 2026-03-03T09:00:00Z by "+testBuild), "")
		cut(line("log files read cover "), "")
		cut("\nverify not run: the log files were not checked against CloudTrail's digest files (run with --verify)\n", "\n")
	case "markdown":
		cut("- Scope: "+md(scope)+"\n", "- Scope: "+before+"\n")
		cut(line("- Generated: 2026-03-03T09:00:00Z by "+md(testBuild)), "")
		cut(line("- Coverage: log files read cover "), "")
		cut("\n- Verification: not run\n", "\n")
		cut("\n- not run: the log files were not checked against CloudTrail's digest files (run with --verify)\n",
			"\nThe log files were not checked against CloudTrail's digest files (run with --verify).\n")
	case "json":
		start := strings.Index(s, `,"generated":"2026-03-03T09:00:00Z"`)
		end := strings.Index(s, `"skipped":[],"skippedNotNamed":0,"verify":"not run"`)
		require.True(t, start > 0 && end > start, "json: no provenance fields")
		s = s[:start] + s[end+len(`"skipped":[],"skippedNotNamed":0,"verify":"not run"`):]
	}
	return []byte(s)
}
