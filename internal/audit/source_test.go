package audit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
	"github.com/sce-dev/sce/internal/s3test"
)

// layout is the end of every SourceError's message.
const layout = ": give the folder or s3://bucket/prefix that holds CloudTrail's AWSLogs/<account>/CloudTrail/ " +
	"folders (log files named <account>_CloudTrail_<region>_<time>_<id>.json.gz)"

const digestName = "123456789012_CloudTrail-Digest_us-west-2_hipaa-trail_us-west-2_20260302T110000Z.json.gz"

func TestRunRefusesASourceWithoutLogFiles(t *testing.T) {
	empty := t.TempDir()
	others := t.TempDir()
	writeFileIn(t, others, "notes.txt", "not a log")
	writeFileIn(t, others, "vpcflowlogs/123456789012_vpcflowlogs_us-west-2_fl-1_20260302T1000Z_abc.log.gz", "flow log")
	oneOther := t.TempDir()
	writeFileIn(t, oneOther, "notes.txt", "not a log")
	digestsOnly := t.TempDir()
	writeFileIn(t, digestsOnly, digestName, "{}")
	digestsOnly2 := t.TempDir()
	writeFileIn(t, digestsOnly2, digestName, "{}")
	missing := filepath.Join(t.TempDir(), "trial")
	srv := s3test.Start(t)
	srv.Bucket(t, logsBkt, false)

	tests := []struct {
		name    string
		sources []string
		want    SourceError
	}{
		{"empty folder", []string{empty}, SourceError{empty, "no CloudTrail log file found: it holds no files"}},
		{"other files only", []string{others}, SourceError{others, "no CloudTrail log file found among its 2 files"}},
		{"missing folder", []string{missing}, SourceError{missing, "no such folder"}},
		{"empty prefix", []string{"s3://" + logsBkt + "/cloudtrail/"}, SourceError{"s3://" + logsBkt + "/cloudtrail/", "no CloudTrail log file found: it holds no files"}},
		{"digests only", []string{digestsOnly, digestsOnly2}, SourceError{digestsOnly + ", " + digestsOnly2, "no CloudTrail log file found, only 2 digest files"}},
		{"the same digests twice", []string{digestsOnly, digestsOnly}, SourceError{digestsOnly + ", " + digestsOnly, "no CloudTrail log file found, only 1 digest file"}},
		{"one other file", []string{oneOther}, SourceError{oneOther, "no CloudTrail log file found among its 1 file"}},
		{"one digest", []string{digestsOnly}, SourceError{digestsOnly, "no CloudTrail log file found, only 1 digest file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), provenance(Options{Sources: tt.sources, S3: srv.Client()}))
			assert.Nil(t, rep)
			var got *SourceError
			require.True(t, errors.As(err, &got), "%v", err)
			assert.Equal(t, tt.want, *got)
			assert.EqualError(t, err, tt.want.Source+": "+tt.want.Problem+layout)
		})
	}
}

func TestADigestFolderBesideTheLogFolderIsASource(t *testing.T) {
	logs := t.TempDir()
	studyTrail(trailtest.NewTrail(t, logs, logsBkt))
	digests := t.TempDir()
	writeFileIn(t, digests, digestName, "{}")
	rep := run(t, Options{Sources: []string{logs, digests}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, 3, rep.LogFiles)
	assert.Equal(t, 3, rep.DigestFiles)
	assert.Equal(t, 4, rep.Len())
}

// writeFileIn writes content to dir/name, making its folders.
func writeFileIn(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

// TestALinkedSourceIsFollowed: a link to the trail folder is that folder;
// links inside it are followed, a loop back up the tree is walked once,
// and a link to nowhere is counted among the other files.
func TestALinkedSourceIsFollowed(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	logs, _ := studyTrail(tr)
	link := filepath.Join(t.TempDir(), "trail_link")
	require.NoError(t, os.Symlink(dir, link))
	rep := run(t, Options{Sources: []string{link}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, studyRows, rows(t, rep))
	assert.Equal(t, 3, rep.LogFiles)
	assert.Equal(t, 2, rep.DigestFiles)
	for e, err := range rep.Events() {
		require.NoError(t, err)
		assert.Equal(t, link, e.File[:len(link)], "shown under the link given")
	}

	inside := t.TempDir()
	day := filepath.Dir(tr.Path(logs[0]))
	require.NoError(t, os.Symlink(day, filepath.Join(inside, "day")))
	require.NoError(t, os.Symlink(inside, filepath.Join(inside, "loop")))
	require.NoError(t, os.Symlink(filepath.Join(inside, "gone"), filepath.Join(inside, "broken")))
	rep = run(t, Options{Sources: []string{inside}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, studyRows, rows(t, rep))
	assert.Equal(t, 3, rep.LogFiles)
	assert.Equal(t, 1, rep.OtherFiles, "the broken link")
	assert.Empty(t, rep.Duplicates)
	files := map[string]bool{}
	for e, err := range rep.Events() {
		require.NoError(t, err)
		files[e.File] = true
	}
	assert.Equal(t, map[string]bool{
		filepath.Join(inside, "day", filepath.Base(logs[0])): true,
		filepath.Join(inside, "day", filepath.Base(logs[1])): true,
		filepath.Join(inside, "day", filepath.Base(logs[2])): true,
	}, files)
}

// TestRunRefusesTwoTrailsOfARegion: the account baseline's trail and the
// project's both log the project's buckets; read together, each event
// would count twice and one trail's digests would hide the other's
// missing hours. Sources with two trails' digests in one account and
// region are refused, with or without --verify; trails of other regions
// or accounts are not.
func TestRunRefusesTwoTrailsOfARegion(t *testing.T) {
	project, baseline := t.TempDir(), t.TempDir()
	studyTrail(trailtest.NewTrail(t, project, logsBkt))
	other := trailtest.NewTrail(t, baseline, "sce-account-logs")
	other.Prefix, other.Name = "account", "sce_account_trail"
	studyTrail(other)
	for _, verify := range []bool{false, true} {
		_, err := Run(context.Background(), provenance(Options{Sources: []string{project, baseline}, Filter: Filter{PIT: "hipaa"}, Verify: verify}))
		var mixed *MixedTrailsError
		require.ErrorAs(t, err, &mixed)
		assert.Equal(t, "the sources hold the logs of 2 trails of account 123456789012 in us-west-2 (hipaa-trail, sce_account_trail): "+
			"read together, an event both record counts twice and one trail's digests hide the hours the other's are missing: "+
			"give the logs of one trail, from the bucket or prefix only it delivers to; no source holds one of two trails that "+
			"deliver to the same bucket and prefix: give each trail its own bucket or prefix", err.Error())
	}

	// Two trails delivering to the same bucket and prefix: their files are
	// in the same folders, and no source holds one without the other.
	shared := t.TempDir()
	studyTrail(trailtest.NewTrail(t, shared, logsBkt))
	second := trailtest.NewTrail(t, shared, logsBkt)
	second.Name = "hipaa-trail-2"
	studyTrail(second)
	_, err := Run(context.Background(), provenance(Options{Sources: []string{shared}, Filter: Filter{PIT: "hipaa"}}))
	assert.EqualError(t, err, "the sources hold the logs of 2 trails of account 123456789012 in us-west-2 (hipaa-trail, hipaa-trail-2): "+
		"read together, an event both record counts twice and one trail's digests hide the hours the other's are missing: "+
		"give the logs of one trail, from the bucket or prefix only it delivers to; no source holds one of two trails that "+
		"deliver to the same bucket and prefix: give each trail its own bucket or prefix")

	elsewhere := t.TempDir()
	east := trailtest.NewTrail(t, elsewhere, "sce-account-logs")
	east.Region, east.Name = "us-east-1", "sce-account-trail"
	studyTrail(east)
	rep := run(t, Options{Sources: []string{project, elsewhere}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, 4, rep.DigestFiles)
}

func TestDigestTrail(t *testing.T) {
	for base, want := range map[string][4]string{
		"123456789012_CloudTrail-Digest_us-west-2_my_trail_us-east-1_20260302T110000Z.json.gz":             {"123456789012", "us-west-2", "my_trail", "ok"},
		"123456789012_CloudTrail-Digest_us-west-2_hipaa-trail_us-west-2_20260302T110000Z_backfill.json.gz": {"123456789012", "us-west-2", "hipaa-trail", "ok"},
		"123456789012_CloudTrail_us-west-2_20260302T1005Z_000001abc.json.gz":                               {"", "", "", ""},
	} {
		account, region, trail, ok := digestTrail(base)
		okText := ""
		if ok {
			okText = "ok"
		}
		assert.Equal(t, want, [4]string{account, region, trail, okText}, base)
	}
}
