package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
	"github.com/sce-dev/sce/internal/s3test"
)

// studyRows are the four events of studyTrail on the project's PHI buckets.
var studyRows = []string{
	"2026-03-02T10:02:00Z " + bob + " PutObject " + dataIn + "/cohort/patients.csv 198.51.100.7 ok",
	"2026-03-02T10:11:00Z " + mallory + " GetObject " + dataIn + "/cohort/patients.csv 203.0.113.9 AccessDenied",
	"2026-03-02T10:12:00Z " + alice + " GetObject " + dataIn + "/cohort/patients.csv vpce-0abc (10.16.1.10) ok",
	"2026-03-02T11:10:00Z " + alice + " PutObject " + output + "/results/model.rds vpce-0abc (10.16.1.10) ok",
}

// TestOverlappingSourcesReadEachFileOnce: a folder given twice, or with a
// folder inside it, reads every file once and names the files it found
// twice.
func TestOverlappingSourcesReadEachFileOnce(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	logs, digests := studyTrail(tr)
	twice := func(keys ...string) []Finding {
		var out []Finding
		for _, k := range keys {
			out = append(out, Finding{File: tr.Path(k), Detail: "is in more than one of the sources: read once"})
		}
		return out
	}
	tests := []struct {
		name       string
		sources    []string
		duplicates []Finding
	}{
		{"the same folder twice", []string{dir, dir}, twice(logs[0], logs[1], digests[0], logs[2], digests[1])},
		{"the same folder, written another way", []string{dir, dir + "/."}, twice(logs[0], logs[1], digests[0], logs[2], digests[1])},
		{"a folder and a folder inside it", []string{dir, filepath.Join(dir, "cloudtrail", "AWSLogs")}, twice(logs[0], logs[1], digests[0], logs[2], digests[1])},
		{"a folder inside, then the folder", []string{filepath.Dir(tr.Path(logs[0])), dir}, twice(logs[0], logs[1], logs[2])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := run(t, Options{Sources: tt.sources, Filter: Filter{PIT: "hipaa"}})
			assert.Equal(t, studyRows, rows(t, rep))
			assert.Equal(t, 3, rep.LogFiles)
			assert.Equal(t, 2, rep.DigestFiles)
			assert.Equal(t, int64(7), rep.Records)
			assert.ElementsMatch(t, tt.duplicates, rep.Duplicates)
			assert.Len(t, rep.Duplicates, len(tt.duplicates))
			assert.Equal(t, "4 events; 3 log files, 7 records read; 2 digest files; 0 other files skipped; "+
				fmt.Sprint(len(tt.duplicates))+" duplicate files skipped (read once); 0 malformed or truncated", rep.headline())
		})
	}
}

// TestACopiedTrailCountsOnce: a byte-identical copy of the trail in another
// folder adds no event, record or file; the copies are named, the files of
// the source given first are the ones read (though its name sorts after
// the other's), and the verification passes.
func TestACopiedTrailCountsOnce(t *testing.T) {
	dir, copied := t.TempDir(), t.TempDir()
	require.Less(t, dir, copied)
	tr := trailtest.NewTrail(t, dir, logsBkt)
	logs, digests := studyTrail(tr)
	copyTree(t, dir, copied)
	rep := run(t, Options{Sources: []string{copied, dir}, Filter: Filter{PIT: "hipaa"}, Verify: true})
	assert.Equal(t, studyRows, rows(t, rep))
	for e, err := range rep.Events() {
		require.NoError(t, err)
		assert.Equal(t, copied, e.File[:len(copied)], "the source given first is read")
	}
	assert.Equal(t, 3, rep.LogFiles)
	assert.Equal(t, 2, rep.DigestFiles)
	assert.Equal(t, int64(7), rep.Records)
	in := func(key string) string { return filepath.Join(copied, filepath.FromSlash(key)) }
	assert.Equal(t, []Finding{
		{File: tr.Path(logs[0]), Detail: "has the same content as " + in(logs[0]) + " (SHA-256 of the file as stored): a copy, read once"},
		{File: tr.Path(logs[1]), Detail: "has the same content as " + in(logs[1]) + " (SHA-256 of the file as stored): a copy, read once"},
		{File: tr.Path(logs[2]), Detail: "has the same content as " + in(logs[2]) + " (SHA-256 of the file as stored): a copy, read once"},
		{File: tr.Path(digests[0]), Detail: "has the same content as " + in(digests[0]) + " (SHA-256 of the file as stored): a copy, read once"},
		{File: tr.Path(digests[1]), Detail: "has the same content as " + in(digests[1]) + " (SHA-256 of the file as stored): a copy, read once"},
	}, rep.Duplicates)
	v := rep.Verification
	assert.True(t, v.OK(), "%+v", v)
	assert.Equal(t, 2, v.DigestFiles)
	assert.Equal(t, 3, v.Verified)
	assert.Empty(t, v.Unlisted)
}

// TestDigestCopiesCountTheSameWithoutVerify: without --verify the copied
// digests are found too: the headline and the duplicates named are those
// of the run with it.
func TestDigestCopiesCountTheSameWithoutVerify(t *testing.T) {
	dir, copied := t.TempDir(), t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	copyTree(t, dir, copied)
	verified := run(t, Options{Sources: []string{copied, dir}, Filter: Filter{PIT: "hipaa"}, Verify: true})
	plain := run(t, Options{Sources: []string{copied, dir}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, "4 events; 3 log files, 7 records read; 2 digest files; 0 other files skipped; "+
		"5 duplicate files skipped (read once); 0 malformed or truncated", plain.headline())
	assert.Equal(t, verified.headline(), plain.headline())
	assert.Equal(t, verified.Duplicates, plain.Duplicates)
}

// TestFilesOfTheSameSizeAreNotCopies: only the same bytes make a copy.
func TestFilesOfTheSameSizeAreNotCopies(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	content := func(key string) []byte {
		data, err := json.Marshal(map[string]any{"Records": []map[string]any{
			trailtest.S3Event{Time: at(1), Action: "GetObject", Bucket: dataIn, Key: key, Principal: alice}.Record()}})
		require.NoError(t, err)
		return data
	}
	a := content("k00")
	tr.WriteLogBytes(at(5), a)
	found := false
	for i := 1; i < 100 && !found; i++ {
		if b := content(fmt.Sprintf("k%02d", i)); len(trailtest.Gzip(b)) == len(trailtest.Gzip(a)) {
			tr.WriteLogBytes(at(10), b)
			found = true
		}
	}
	require.True(t, found, "the test needs two files of one size")
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, 2, rep.Len())
	assert.Equal(t, 2, rep.LogFiles)
	assert.Empty(t, rep.Duplicates)
}

// TestOverlappingS3PrefixesReadEachObjectOnce: the bucket and a prefix of
// it hold the same objects; each is read once.
func TestOverlappingS3PrefixesReadEachObjectOnce(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket(t, logsBkt, false)
	tr := trailtest.NewTrail(t, t.TempDir(), logsBkt)
	logs, digests := studyTrail(tr)
	uploadTrail(t, srv, tr, logsBkt)
	rep := run(t, Options{Sources: []string{"s3://" + logsBkt + "/", "s3://" + logsBkt + "/cloudtrail/AWSLogs/"}, Filter: Filter{PIT: "hipaa"}, S3: srv.Client()})
	assert.Equal(t, studyRows, rows(t, rep))
	assert.Equal(t, 3, rep.LogFiles)
	assert.Equal(t, 2, rep.DigestFiles)
	var want []Finding
	for _, k := range []string{logs[0], logs[1], digests[0], logs[2], digests[1]} {
		want = append(want, Finding{File: "s3://" + logsBkt + "/" + k, Detail: "is in more than one of the sources: read once"})
	}
	assert.ElementsMatch(t, want, rep.Duplicates)
}

// copyTree copies the files under from into to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		writeFileIn(t, to, filepath.ToSlash(mustRel(t, from, path)), string(data))
		return nil
	}))
}

// TestParallelMergesInOrder: whatever order the work ends in (here the
// later items end first), the results are merged in the order of their
// index, which is what makes the copy kept the same every run.
func TestParallelMergesInOrder(t *testing.T) {
	const n = 40
	var merged []int
	err := parallel(context.Background(), 4, n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) int {
		time.Sleep(time.Duration(n-i) * 200 * time.Microsecond)
		return i
	}, func(i int) { merged = append(merged, i) })
	require.NoError(t, err)
	want := make([]int, n)
	for i := range want {
		want[i] = i
	}
	assert.Equal(t, want, merged)
}
