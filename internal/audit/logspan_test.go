package audit

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// TestWindowOutsideTheLogsIsSaid: a --since or --until that puts the
// window wholly before or after the time the log files read cover (a
// mistyped year) is said with that time, not reported as no access; a
// window inside it is not, even where it holds no S3 data event. The
// study trail's files are delivered at 10:05, 10:20 and 11:15: they cover
// 09:05 (an hour before the first) to 11:16 (the end of the last's minute).
func TestWindowOutsideTheLogsIsSaid(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	span := " lies outside the time the log files read cover, 2026-03-02T09:05:00Z to 2026-03-02T11:16:00Z"
	tests := []struct {
		name   string
		filter Filter
		want   string
	}{
		{"since after the last file", Filter{PIT: "hipaa", Since: at(77)}, "the window --since 2026-03-02T11:17:00Z" + span},
		{"until at the start of the logs", Filter{PIT: "hipaa", Until: at(-55)}, "the window --until 2026-03-02T09:05:00Z" + span},
		{"a year off", Filter{PIT: "hipaa", Since: at(0).AddDate(-1, 0, 0), Until: at(120).AddDate(-1, 0, 0)},
			"the window --since 2025-03-02T10:00:00Z --until 2025-03-02T12:00:00Z" + span},
		{"since in the last file's minute", Filter{PIT: "hipaa", Since: at(75)}, ""},
		{"since after the last event, before the last file", Filter{PIT: "hipaa", Since: at(72)}, ""},
		{"until in the hour before the first file", Filter{PIT: "hipaa", Until: at(-54)}, ""},
		{"between events", Filter{PIT: "hipaa", Since: at(13), Until: at(70)}, ""},
		{"no window", Filter{PIT: "hipaa"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := run(t, Options{Sources: []string{dir}, Filter: tt.filter})
			assert.Equal(t, tt.want, rep.OutsideWindow)
			var buf bytes.Buffer
			require.NoError(t, rep.Write(&buf, "table"))
			if tt.want != "" {
				assert.Contains(t, buf.String(), "\nwarning: "+tt.want+"\n")
			} else {
				assert.NotContains(t, buf.String(), "lies outside")
			}
		})
	}
}

// idleTrail writes a trail whose logs run from January to September with
// S3 data events on the project's data-in bucket in January and March
// only: from April on, its files hold management events alone.
func idleTrail(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	for _, m := range []time.Month{time.January, time.March} {
		when := time.Date(2026, m, 15, 9, 0, 0, 0, time.UTC)
		tr.WriteLog(when.Add(5*time.Minute), []map[string]any{
			trailtest.S3Event{Time: when, Action: "GetObject", Bucket: dataIn, Key: "cohort/a.csv", Principal: alice, SourceIP: "10.16.1.10"}.Record(),
		})
	}
	for m := time.April; m <= time.September; m++ {
		when := time.Date(2026, m+1, 1, 0, 0, 0, 0, time.UTC).Add(-10 * time.Minute)
		tr.WriteLog(when.Add(5*time.Minute), []map[string]any{trailtest.Management(when, "ec2.amazonaws.com", "DescribeInstances")})
	}
	return dir
}

// TestIdleWindowIsNoAccess: a window in which the logs hold no S3 data
// event, inside the months they cover, is the answer "no access": 0
// events and no warning. Compared with the S3 data events' times (January
// to March) instead, July to September was refused as a mistyped date.
func TestIdleWindowIsNoAccess(t *testing.T) {
	dir := idleTrail(t)
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa",
		Since: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}})
	assert.Empty(t, rep.OutsideWindow)
	assert.Empty(t, events(t, rep))
	assert.Equal(t, 8, rep.LogFiles)

	rep = run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa", Since: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}})
	assert.Equal(t, "the window --since 2026-10-01T00:00:00Z lies outside the time the log files read cover, "+
		"2026-01-15T08:05:00Z to 2026-09-30T23:56:00Z", rep.OutsideWindow)
}

// TestUntimedLogFileCoversItsRecords: a log file whose name carries no
// delivery time (renamed in a local folder) covers the time of its
// records, all of them: a management event in it, even one the quick
// path would only validate (a byte beyond ASCII in a string), keeps a
// window after its S3 data events from being refused.
func TestUntimedLogFileCoversItsRecords(t *testing.T) {
	dir := t.TempDir()
	late := trailtest.Management(at(50), "ec2.amazonaws.com", "DescribeInstances")
	late["userAgent"] = "café/1.0"
	content, err := json.Marshal(map[string]any{"Records": []map[string]any{
		trailtest.Management(at(1), "ec2.amazonaws.com", "DescribeInstances"),
		trailtest.S3Event{Time: at(2), Action: "GetObject", Bucket: dataIn, Key: "cohort/a.csv", Principal: alice, SourceIP: "10.16.1.10"}.Record(),
		late,
	}})
	require.NoError(t, err)
	folder := filepath.Join(dir, "AWSLogs", "123456789012", "CloudTrail", "us-west-2")
	require.NoError(t, os.MkdirAll(folder, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(folder, "123456789012_CloudTrail_us-west-2_renamed.json.gz"), trailtest.Gzip(content), 0o644))

	for _, careful := range []bool{false, true} {
		rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa", Since: at(45)}, careful: careful})
		assert.Empty(t, rep.OutsideWindow, "careful %v", careful)
		assert.Empty(t, events(t, rep))

		rep = run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa", Since: at(51)}, careful: careful})
		assert.Equal(t, "the window --since 2026-03-02T10:51:00Z lies outside the time the log files read cover, "+
			"2026-03-02T10:01:00Z to 2026-03-02T10:50:00Z", rep.OutsideWindow, "careful %v", careful)
	}
}

// TestWindowPartlyOutsideTheLogsIsCounted: the parts of the window before
// and after the time the log files read cover (the study trail's: 09:05
// to 11:16) are named and counted, so that logs of two hours read for two
// months do not read as two months without access; a window inside that
// time, or open where the logs are, leaves nothing out, and a window
// wholly outside is left to OutsideWindow.
func TestWindowPartlyOutsideTheLogsIsCounted(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	feb1, apr1 := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	cover := "the time the log files read cover, 2026-03-02T09:05:00Z to 2026-03-02T11:16:00Z: "
	fix := "; events there, if any, are not in this report: give the sources that hold "
	tests := []struct {
		name   string
		filter Filter
		spans  []Span
		want   string
	}{
		{"two months around two hours", Filter{PIT: "hipaa", Since: feb1, Until: apr1},
			[]Span{{feb1, at(-55)}, {at(76), apr1}},
			"2 parts of the window (58 days 21 hours 49 minutes in all) are outside " + cover +
				"2026-02-01T00:00:00Z to 2026-03-02T09:05:00Z (29 days 9 hours 5 minutes) and " +
				"2026-03-02T11:16:00Z to 2026-04-01T00:00:00Z (29 days 12 hours 44 minutes)" + fix + "them, or narrow --since and --until"},
		{"since before", Filter{PIT: "hipaa", Since: at(-60)}, []Span{{at(-60), at(-55)}},
			"1 part of the window (5 minutes in all) is outside " + cover + "2026-03-02T09:00:00Z to 2026-03-02T09:05:00Z (5 minutes)" +
				fix + "it, or narrow --since and --until"},
		{"until in the last file's minute", Filter{PIT: "hipaa", Until: at(76)}, []Span{}, ""},
		{"inside", Filter{PIT: "hipaa", Since: at(-55), Until: at(76)}, []Span{}, ""},
		{"no window", Filter{PIT: "hipaa"}, []Span{}, ""},
		{"wholly after", Filter{PIT: "hipaa", Since: at(77), Until: at(80)}, []Span{{at(77), at(80)}}, ""},
		{"wholly before", Filter{PIT: "hipaa", Since: at(-70), Until: at(-60)}, []Span{{at(-70), at(-60)}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := run(t, Options{Sources: []string{dir}, Filter: tt.filter})
			assert.Equal(t, &Span{From: at(-55), To: at(76)}, rep.LogsCover)
			assert.Equal(t, tt.spans, rep.WindowNotCovered)
			assert.Equal(t, tt.want, rep.NotCovered())
			assert.Equal(t, "log files read cover 2026-03-02T09:05:00Z to 2026-03-02T11:16:00Z", rep.CoverLine())
			var table, doc, js bytes.Buffer
			require.NoError(t, rep.Write(&table, "table"))
			require.NoError(t, rep.Write(&doc, "markdown"))
			require.NoError(t, rep.Write(&js, "json"))
			assert.Contains(t, table.String(), "\nlog files read cover 2026-03-02T09:05:00Z to 2026-03-02T11:16:00Z\n")
			assert.Contains(t, doc.String(), "\n- Coverage: log files read cover 2026-03-02T09:05:00Z to 2026-03-02T11:16:00Z\n")
			var parsed struct {
				LogsCover        *Span  `json:"logsCover"`
				WindowNotCovered []Span `json:"windowNotCovered"`
			}
			require.NoError(t, json.NewDecoder(&js).Decode(&parsed))
			assert.Equal(t, rep.LogsCover, parsed.LogsCover)
			assert.Equal(t, tt.spans, parsed.WindowNotCovered)
			if tt.want != "" {
				assert.Contains(t, table.String(), "\nwarning: "+tt.want+"\n")
				assert.Contains(t, doc.String(), "\n- **Warning**: "+md(tt.want)+"\n")
			} else {
				assert.NotContains(t, table.String(), "of the window (")
			}
		})
	}
}

// TestLengthSaysDaysHoursAndMinutes: the length of a part of the window
// leaves out what is 0.
func TestLengthSaysDaysHoursAndMinutes(t *testing.T) {
	assert.Equal(t, "less than a minute", length(59*time.Second))
	assert.Equal(t, "1 minute", length(time.Minute))
	assert.Equal(t, "1 day", length(24*time.Hour))
	assert.Equal(t, "2 days 1 minute", length(48*time.Hour+time.Minute))
	assert.Equal(t, "1 hour 5 minutes", length(65*time.Minute))
}
