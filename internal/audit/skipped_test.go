package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// TestSkippedFilesAreNamed: a file that is not a CloudTrail log or digest
// (a log renamed .json.gz.bak, an Insights file) is counted and named with
// why; past maxNamedSkipped the others are counted, not named.
func TestSkippedFilesAreNamed(t *testing.T) {
	dir := t.TempDir()
	logs, _ := studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	folder := filepath.Join(dir, "cloudtrail", "AWSLogs", "123456789012", "CloudTrail-Insight")
	require.NoError(t, os.MkdirAll(folder, 0o755))
	insight := filepath.Join(folder, "123456789012_CloudTrail-Insight_us-west-2_20260302T1005Z_a.json.gz")
	require.NoError(t, os.WriteFile(insight, []byte("x"), 0o644))
	renamed := filepath.Join(dir, filepath.FromSlash(logs[0])) + ".bak"
	require.NoError(t, os.Rename(filepath.Join(dir, filepath.FromSlash(logs[0])), renamed))

	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, 2, rep.OtherFiles)
	assert.Equal(t, 2, rep.LogFiles)
	assert.Equal(t, []Finding{
		{File: renamed, Detail: "not read: not a CloudTrail log or digest file (its name does not end in .json.gz)"},
		{File: insight, Detail: "not read: not a CloudTrail log or digest file (its name has neither _CloudTrail_ nor _CloudTrail-Digest_)"},
	}, rep.Skipped)
	assert.Zero(t, rep.SkippedNotNamed)
	var table bytes.Buffer
	require.NoError(t, rep.Write(&table, "table"))
	assert.Contains(t, table.String(), "\nskipped: "+renamed+": not read: not a CloudTrail log or digest file (its name does not end in .json.gz)\n"+
		"skipped: "+insight+": not read: not a CloudTrail log or digest file (its name has neither _CloudTrail_ nor _CloudTrail-Digest_)\n")

	for i := range maxNamedSkipped + 3 {
		require.NoError(t, os.WriteFile(filepath.Join(folder, fmt.Sprintf("note%02d.txt", i)), []byte("x"), 0o644))
	}
	rep = run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, maxNamedSkipped+5, rep.OtherFiles)
	assert.Len(t, rep.Skipped, maxNamedSkipped)
	assert.Equal(t, 5, rep.SkippedNotNamed)
	table.Reset()
	require.NoError(t, rep.Write(&table, "table"))
	assert.Contains(t, table.String(), "\nskipped: and 5 more files not named (a report names the first 20)\n")
	var doc bytes.Buffer
	require.NoError(t, rep.Write(&doc, "markdown"))
	assert.Contains(t, doc.String(), "\n25 other files were skipped (not CloudTrail log or digest files):\n\n- "+md(rep.Skipped[0].File+": "+rep.Skipped[0].Detail)+"\n")
	assert.Contains(t, doc.String(), "\n- and 5 more files not named (a report names the first 20)\n")
	var js bytes.Buffer
	require.NoError(t, rep.Write(&js, "json"))
	var parsed struct {
		OtherFiles      int       `json:"otherFiles"`
		Skipped         []Finding `json:"skipped"`
		SkippedNotNamed int       `json:"skippedNotNamed"`
	}
	require.NoError(t, json.NewDecoder(&js).Decode(&parsed))
	assert.Equal(t, 25, parsed.OtherFiles)
	assert.Equal(t, rep.Skipped, parsed.Skipped)
	assert.Equal(t, 5, parsed.SkippedNotNamed)
}
