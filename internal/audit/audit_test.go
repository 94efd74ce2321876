package audit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// testGenerated and testBuild are the provenance of the tests' reports.
var testGenerated = time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)

const testBuild = "sce v1.2.3, commit 0123abc (clean checkout)"

// provenance gives opts the tests' provenance.
func provenance(opts Options) Options {
	opts.Generated, opts.Build = testGenerated, testBuild
	return opts
}

// run runs the audit, with the tests' provenance unless opts has its
// own, and closes the report when the test ends.
func run(t *testing.T, opts Options) *Report {
	t.Helper()
	if opts.Generated.IsZero() && opts.Build == "" {
		opts = provenance(opts)
	}
	rep, err := Run(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, rep.Close()) })
	return rep
}

// events reads a report's events.
func events(t *testing.T, rep *Report) []Event {
	t.Helper()
	var out []Event
	for e, err := range rep.Events() {
		require.NoError(t, err)
		out = append(out, e)
	}
	return out
}

// rows renders events as "time principal action bucket/key from result".
func rows(t *testing.T, rep *Report) []string {
	t.Helper()
	var out []string
	for _, e := range events(t, rep) {
		out = append(out, stamp(e.Time)+" "+e.Principal+" "+e.Action+" "+object(e.Bucket, e.Key)+" "+via(e)+" "+result(e.ErrorCode))
	}
	return out
}

func TestRunReportsThePHIEventsInTimeOrder(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, []string{
		"2026-03-02T10:02:00Z " + bob + " PutObject " + dataIn + "/cohort/patients.csv 198.51.100.7 ok",
		"2026-03-02T10:11:00Z " + mallory + " GetObject " + dataIn + "/cohort/patients.csv 203.0.113.9 AccessDenied",
		"2026-03-02T10:12:00Z " + alice + " GetObject " + dataIn + "/cohort/patients.csv vpce-0abc (10.16.1.10) ok",
		"2026-03-02T11:10:00Z " + alice + " PutObject " + output + "/results/model.rds vpce-0abc (10.16.1.10) ok",
	}, rows(t, rep))
	assert.Equal(t, 3, rep.LogFiles)
	assert.Equal(t, 2, rep.DigestFiles)
	assert.Equal(t, int64(7), rep.Records)
	assert.Empty(t, rep.Malformed)
	assert.Nil(t, rep.Verification)
}

func TestSummaries(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, []PrincipalSummary{
		{Principal: mallory, Events: 1, Denied: 1, Objects: 1, Actions: map[string]int{"GetObject": 1}, First: at(11), Last: at(11)},
		{Principal: bob, Events: 1, Objects: 1, Actions: map[string]int{"PutObject": 1}, First: at(2), Last: at(2)},
		{Principal: alice, Events: 2, Objects: 2, Actions: map[string]int{"GetObject": 1, "PutObject": 1}, BytesOut: 2048, First: at(12), Last: at(70)},
	}, rep.Principals(), "sorted by principal ARN")
	assert.Equal(t, []ObjectSummary{
		{Bucket: dataIn, Key: "cohort/patients.csv", Events: 3, Denied: 1, Actions: map[string]int{"GetObject": 2, "PutObject": 1},
			Principals: []string{mallory, bob, alice}, First: at(2), Last: at(12)},
		{Bucket: output, Key: "results/model.rds", Events: 1, Actions: map[string]int{"PutObject": 1}, Principals: []string{alice}, First: at(70), Last: at(70)},
	}, rep.Objects())
}

func TestFilters(t *testing.T) {
	tests := []struct {
		name   string
		filter Filter
		want   int
	}{
		{"everything", Filter{}, 6},
		{"project PHI buckets", Filter{PIT: "hipaa"}, 4},
		{"an explicit bucket", Filter{Buckets: []string{ancillary}}, 1},
		{"since, inclusive", Filter{PIT: "hipaa", Since: at(11)}, 3},
		{"until, exclusive", Filter{PIT: "hipaa", Until: at(11)}, 1},
		{"principal, any case", Filter{PIT: "hipaa", Principal: "ALICE"}, 2},
		{"key prefix", Filter{PIT: "hipaa", KeyPrefix: "results/"}, 1},
		{"a project that is not there", Filter{PIT: "hip"}, 0},
	}
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, run(t, Options{Sources: []string{dir}, Filter: tt.filter}).Len())
		})
	}
}

func TestMalformedFilesAreNamedNeverFatal(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	good := tr.WriteLog(at(5), []map[string]any{
		trailtest.S3Event{Time: at(1), Action: "GetObject", Bucket: dataIn, Key: "a", Principal: alice, SourceIP: "10.16.1.10"}.Record(),
	})
	var many []map[string]any
	for i := range 300 {
		many = append(many, trailtest.S3Event{Time: at(6), Action: "GetObject", Bucket: dataIn, Key: fmt.Sprintf("b%03d", i), Principal: alice}.Record())
	}
	truncated := tr.WriteLog(at(10), many)
	cut(t, tr.Path(truncated), 200)
	notGzip := tr.WriteLog(at(15), nil)
	require.NoError(t, os.WriteFile(tr.Path(notGzip), []byte("{\"Records\":[]}"), 0o644))
	badJSON := tr.WriteLogBytes(at(20), []byte(`{"Records":[{"eventTime":`))
	trailing := tr.WriteLog(at(25), []map[string]any{})
	appendBytes(t, tr.Path(trailing), trailtest.Gzip([]byte("{}")))
	badTime := tr.WriteLog(at(30), []map[string]any{
		trailtest.S3Event{Time: at(26), Action: "GetObject", Bucket: dataIn, Key: "d", Principal: alice}.Record(),
		{"eventSource": "s3.amazonaws.com", "eventCategory": "Data", "eventName": "GetObject", "eventTime": "yesterday"},
	})

	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	p := func(key string) string { return tr.Path(key) }
	require.Len(t, rep.Malformed, 5)
	assert.Equal(t, Finding{File: p(badJSON), Detail: "is malformed or truncated after 0 records: unexpected EOF"}, find(rep.Malformed, p(badJSON)))
	assert.Equal(t, Finding{File: p(notGzip), Detail: "is not gzip-compressed: gzip: invalid header"}, find(rep.Malformed, p(notGzip)))
	assert.Equal(t, Finding{File: p(trailing), Detail: "has data after the end of its compressed stream"}, find(rep.Malformed, p(trailing)))
	assert.Equal(t, Finding{File: p(badTime), Detail: "has 1 S3 data event without a valid eventTime (the first is record 2); it is not in the report"}, find(rep.Malformed, p(badTime)))
	keys := []string{}
	for _, e := range events(t, rep) {
		keys = append(keys, e.Key)
	}
	read := len(keys) - 2
	assert.Equal(t, Finding{File: p(truncated), Detail: fmt.Sprintf("is malformed or truncated after %d records: unexpected EOF", read)},
		find(rep.Malformed, p(truncated)))
	assert.Greater(t, read, 200, "the events before the break are kept")
	assert.Equal(t, "a", keys[0])
	assert.Equal(t, "b000", keys[1])
	assert.Equal(t, "d", keys[len(keys)-1])
	assert.NotEmpty(t, good)
}

func find(list []Finding, file string) Finding {
	for _, f := range list {
		if f.File == file {
			return f
		}
	}
	return Finding{}
}

// cut removes the last n bytes of a file.
func cut(t *testing.T, path string, n int) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data[:len(data)-n], 0o644))
}

func appendBytes(t *testing.T, path string, extra []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, append(data, extra...), 0o644))
}

func TestUnknownFormat(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	rep := run(t, Options{Sources: []string{dir}})
	assert.EqualError(t, rep.Write(&bytes.Buffer{}, "xml"), `unknown format "xml": use one of table, csv, json, markdown`)
}

func TestCancelledRunStops(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, provenance(Options{Sources: []string{dir}}))
	assert.EqualError(t, err, "audit interrupted: context canceled")
	_ = time.Second
}

func TestReportSaysWhenNoSearchedBucketIsInTheLogs(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	tests := []struct {
		name     string
		filter   Filter
		notFound []string
		warning  string
	}{
		{"a PIT that is not there", Filter{PIT: "nope"},
			[]string{"nope-data-in-<account>-<region> or nope-output-<account>-<region> (the PHI buckets of project nope)"},
			"none of the searched buckets appears in the logs: no S3 data event of the 3 log files (7 records) is on " +
				"nope-data-in-<account>-<region> or nope-output-<account>-<region> (the PHI buckets of project nope)"},
		{"buckets that are not there", Filter{Buckets: []string{"a-bucket", "b-bucket", "c-bucket"}}, []string{"a-bucket", "b-bucket", "c-bucket"},
			"none of the searched buckets appears in the logs: no S3 data event of the 3 log files (7 records) is on a-bucket, b-bucket or c-bucket"},
		{"events there, none in the period", Filter{PIT: "hipaa", Since: at(13), Until: at(70)}, nil, ""},
		{"a PIT not there beside a bucket there", Filter{PIT: "nope", Buckets: []string{ancillary}},
			[]string{"nope-data-in-<account>-<region> or nope-output-<account>-<region> (the PHI buckets of project nope)"},
			"1 of the 2 searched buckets does not appear in the logs: no S3 data event of the 3 log files (7 records) is on " +
				"nope-data-in-<account>-<region> or nope-output-<account>-<region> (the PHI buckets of project nope)"},
		{"a mistyped bucket beside the PIT", Filter{PIT: "hipaa", Buckets: []string{"hipaa-data-in-123456789012-us-west-3"}},
			[]string{"hipaa-data-in-123456789012-us-west-3"},
			"1 of the 2 searched buckets does not appear in the logs: no S3 data event of the 3 log files (7 records) is on " +
				"hipaa-data-in-123456789012-us-west-3 (did you mean " + dataIn + "?)"},
		{"two buckets, one there", Filter{Buckets: []string{ancillary, "no-such-bucket"}}, []string{"no-such-bucket"},
			"1 of the 2 searched buckets does not appear in the logs: no S3 data event of the 3 log files (7 records) is on no-such-bucket"},
		{"the PIT and a bucket there", Filter{PIT: "hipaa", Buckets: []string{ancillary}}, nil, ""},
		{"a bucket there, none of its events in the period", Filter{Buckets: []string{ancillary}, Since: at(4)}, nil, ""},
		{"every bucket", Filter{}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := run(t, Options{Sources: []string{dir}, Filter: tt.filter})
			assert.Equal(t, tt.notFound, rep.BucketsNotFound)
			assert.Equal(t, tt.warning, rep.NotFound())
			var buf bytes.Buffer
			require.NoError(t, rep.Write(&buf, "table"))
			if tt.warning != "" {
				assert.Contains(t, buf.String(), "\nwarning: "+tt.warning+"\n")
			} else {
				assert.NotContains(t, buf.String(), "warning:")
			}
		})
	}
}

func TestCloseRemovesTheSpilledEvents(t *testing.T) {
	dir, spill := t.TempDir(), t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	rep, err := Run(context.Background(), provenance(Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}, TempDir: spill, memoryEvents: 1}))
	require.NoError(t, err)
	runs, err := os.ReadDir(spill)
	require.NoError(t, err)
	require.Len(t, runs, 1, "one spill folder")
	files, err := os.ReadDir(filepath.Join(spill, runs[0].Name()))
	require.NoError(t, err)
	assert.Len(t, files, 4, "four events, a run each")
	require.NoError(t, rep.Close())
	runs, err = os.ReadDir(spill)
	require.NoError(t, err)
	assert.Empty(t, runs)
	assert.EqualError(t, rep.Write(&bytes.Buffer{}, "csv"), "the report was closed: its events are gone")
	assert.Equal(t, 4, rep.Len())
	assert.Len(t, rep.Principals(), 3, "the summaries stay")
	assert.NoError(t, rep.Close())
}

// TestCallersWithoutARN: CloudTrail records a caller of another account
// and an unauthenticated caller without an ARN; the report names the
// account (found by --principal <account>, as the ARNs of that account
// are) and "anonymous".
func TestCallersWithoutARN(t *testing.T) {
	dir := t.TempDir()
	caller := func(minute int, id map[string]any) map[string]any {
		r := trailtest.S3Event{Time: at(minute), Action: "GetObject", Bucket: dataIn, Key: "cohort/patients.csv", SourceIP: "203.0.113.9"}.Record()
		r["userIdentity"] = id
		return r
	}
	trailtest.NewTrail(t, dir, logsBkt).WriteLog(at(5), []map[string]any{
		caller(1, map[string]any{"type": "AWSAccount", "principalId": "AIDAOTHER", "accountId": "111122223333"}),
		caller(2, map[string]any{"type": "AWSAccount", "principalId": "", "accountId": "111122223333"}),
		caller(3, map[string]any{"type": "AWSAccount", "principalId": "", "accountId": "ANONYMOUS_PRINCIPAL"}),
	})
	principals := func(f Filter) []string {
		var out []string
		for _, e := range events(t, run(t, Options{Sources: []string{dir}, Filter: f})) {
			out = append(out, e.Principal)
		}
		return out
	}
	assert.Equal(t, []string{"AWSAccount:111122223333:AIDAOTHER", "AWSAccount:111122223333", "anonymous"}, principals(Filter{PIT: "hipaa"}))
	assert.Equal(t, []string{"AWSAccount:111122223333:AIDAOTHER", "AWSAccount:111122223333"}, principals(Filter{PIT: "hipaa", Principal: "111122223333"}))
	assert.Equal(t, []string{"anonymous"}, principals(Filter{PIT: "hipaa", Principal: "Anonymous"}))
}
