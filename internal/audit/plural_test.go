package audit

import (
	"bufio"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countedReport is a report whose every count is n: events, files of each
// kind (other files: n named, n not), records, malformed files, and every
// kind of verification finding.
func countedReport(n int) *Report {
	findings := make([]Finding, n)
	for i := range findings {
		findings[i] = Finding{File: "f", Detail: "d"}
	}
	v := newVerification()
	v.DigestFiles, v.Listed, v.Verified = n, n, n
	v.Chain, v.Gaps = findings, make([]Gap, n)
	return &Report{LogFiles: n, DigestFiles: n, OtherFiles: 2 * n, Skipped: findings, SkippedNotNamed: n, Records: int64(n), Malformed: findings, Duplicates: findings,
		BucketsNotFound: []string{"b"}, Verification: v, log: &eventLog{count: n}}
}

// TestCountsAgreeInNumber checks that every count the report prints in its
// summary lines reads "1 log file" and "2 log files", not "1 log files".
func TestCountsAgreeInNumber(t *testing.T) {
	one, two := countedReport(1), countedReport(2)
	assert.Equal(t, "1 event; 1 log file, 1 record read; 1 digest file; 2 other files skipped; 1 duplicate file skipped (read once); 1 malformed or truncated", one.headline())
	assert.Equal(t, "2 events; 2 log files, 2 records read; 2 digest files; 4 other files skipped; 2 duplicate files skipped (read once); 2 malformed or truncated", two.headline())
	assert.Equal(t, "none of the searched buckets appears in the logs: no S3 data event of the 1 log file (1 record) is on b", one.NotFound())
	assert.Equal(t, "none of the searched buckets appears in the logs: no S3 data event of the 2 log files (2 records) is on b", two.NotFound())
	assert.Equal(t, "FAILED: 1 of 1 listed log file verified (SHA-256) against 1 digest file; 0 missing, 0 altered, 0 unlisted, "+
		"0 not yet digested, 1 digest-chain problem, 1 gap in the window", one.Verification.lines()[0])
	assert.Equal(t, "FAILED: 2 of 2 listed log files verified (SHA-256) against 2 digest files; 0 missing, 0 altered, 0 unlisted, "+
		"0 not yet digested, 2 digest-chain problems, 2 gaps in the window", two.Verification.lines()[0])
	assert.Equal(t, "\n1 file was found more than once (the same file through two sources, or a copy) and read once:\n\n- f: d\n"+
		"\n2 other files were skipped (not CloudTrail log or digest files):\n\n- f: d\n- and 1 more file not named (a report names the first 20)\n"+
		"\n1 log file is malformed or truncated; the events read before the problem are included:\n\n- f: d\n", integrity(t, one))
	assert.Equal(t, "\n2 files were found more than once (the same file through two sources, or a copy) and read once:\n\n- f: d\n- f: d\n"+
		"\n4 other files were skipped (not CloudTrail log or digest files):\n\n- f: d\n- f: d\n- and 2 more files not named (a report names the first 20)\n"+
		"\n2 log files are malformed or truncated; the events read before the problem are included:\n\n- f: d\n- f: d\n", integrity(t, two))
	assert.Equal(t, "has 1 S3 data event without a valid eventTime (the first is record 3); it is not in the report", badTimeProblem(1, 3))
	assert.Equal(t, "has 2 S3 data events without a valid eventTime (the first is record 3); they are not in the report", badTimeProblem(2, 3))
}

// integrity is the markdown report's paragraph on malformed files, of r
// without a verification.
func integrity(t *testing.T, r *Report) string {
	t.Helper()
	unverified := *r
	unverified.Verification = nil
	var buf strings.Builder
	bw := bufio.NewWriter(&buf)
	unverified.markdownIntegrity(bw)
	require.NoError(t, bw.Flush())
	return strings.TrimPrefix(buf.String(), "\n## Integrity of the logs\n\n- not run: the log files were not checked against CloudTrail's digest files (run with --verify)\n")
}
