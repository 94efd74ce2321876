package closeout

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/crc64"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/s3test"
	"github.com/sce-dev/sce/sce"
)

// wrongBytesOnce answers the first GET of a source object with other
// content and status 200, without S3's checksum headers: a read damaged on
// its way (a proxy, a faulty client library), not what S3 stores.
func wrongBytesOnce(bucket, key, body string) s3test.Interceptor {
	var done atomic.Bool
	return func(w http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if r.Method != http.MethodGet || req.Bucket != bucket || req.Key != key || !done.CompareAndSwap(false, true) {
			return false
		}
		sum := md5.Sum([]byte(strings.ToLower(body)))
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
		w.Header().Set("x-amz-version-id", r.URL.Query().Get("versionId"))
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(body))
		return true
	}
}

func TestASourceReadReturningWrongBytesIsNeitherArchivedNorDestroyed(t *testing.T) {
	w := newWorld(t)
	key := "results/model.rds"
	src := w.headSource(bucketOf(sce.BucketOutput), key)
	w.srv.Intercept(wrongBytesOnce(bucketOf(sce.BucketOutput), key, "MODEL"))
	_, err := w.run()
	require.Error(t, err, "the archive step refuses the read")
	assert.Contains(t, err.Error(), "close-out step archive failed: output: archive s3://"+bucketOf(sce.BucketOutput)+"/"+key+" to s3://"+archive+"/"+
		archiveKeyOf(sce.BucketOutput, key)+": read s3://"+bucketOf(sce.BucketOutput)+"/"+key+" (version "+
		aws.ToString(src.VersionId)+"): the content read has CRC64NVME checksum "+crc64nvme("MODEL")+", S3 stores "+
		aws.ToString(src.ChecksumCRC64NVME)+": the read was damaged, so nothing of it is archived; run close-out again to read it again")
	assert.NotContains(t, w.calls.all(), "Unprotect")
	assert.NotContains(t, w.calls.all(), "Destroy")
	for _, r := range w.srv.Requests() {
		assert.False(t, r.Method == http.MethodPut && r.Key == archiveKeyOf(sce.BucketOutput, key), "nothing of the bad read is archived")
	}

	w.srv.ClearInterceptors()
	_, err = w.run()
	require.NoError(t, err)
	assert.Equal(t, "model", w.read(archive, archiveKeyOf(sce.BucketOutput, key)))
	assert.Equal(t, 1, w.archivePuts(nil)[archiveKeyOf(sce.BucketOutput, key)])
	assert.Equal(t, "CRC64NVME checksum", entryFor(t, w.manifest(), archiveKeyOf(sce.BucketOutput, key)).SourceCheck)
}

// headSource reads a source object's integrity data as S3 stores it.
func (w *world) headSource(bucket, key string) *s3.HeadObjectOutput {
	out, err := w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled})
	require.NoError(w.t, err)
	return out
}

// crc64nvme is the CRC-64/NVME of s, base64, as S3 reports it.
func crc64nvme(s string) string {
	sum := crc64.Checksum([]byte(s), crc64.MakeTable(crc64NVME))
	return base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint64(nil, sum))
}

// failOnce fails the first unprotect, so that a run archives and verifies,
// then stops before anything is deleted.
func (w *world) stopBeforeUnprotect() {
	w.stack.unprotectErr = errors.New("state import failed")
	_, err := w.run()
	require.Error(w.t, err)
	require.Contains(w.t, err.Error(), "close-out step unprotect failed")
	w.stack.unprotectErr = nil
}

func TestTheManifestListsTheNewestCopyWhateverTheClock(t *testing.T) {
	w := newWorld(t)
	w.stopBeforeUnprotect()
	key := "cohort/patients.csv"
	changed := "id,name\n1,John Bigboote\n2,John Whorfin\n"
	v2 := w.srv.Put(t, bucketOf(sce.BucketDataIn), key, changed)
	w.clock.set(testNow.Add(-time.Hour)) // the rerun's machine is an hour behind

	st, err := w.run()
	require.NoError(t, err)
	m := w.manifest()
	e := entryFor(t, m, archiveKeyOf(sce.BucketDataIn, key))
	assert.Equal(t, v2, e.SourceVersionID)
	assert.Equal(t, sum(changed), e.SHA256)
	assert.Equal(t, changed, w.read(archive, archiveKeyOf(sce.BucketDataIn, key)))
	require.Len(t, m.Superseded, 1)
	assert.Equal(t, sum(w.want[archiveKeyOf(sce.BucketDataIn, key)]), m.Superseded[0].SHA256, "the first copy is listed as superseded")
	assert.True(t, m.Superseded[0].ArchivedAt.After(e.ArchivedAt), "although its clock said it was made later")
	assert.Equal(t, 1, st.Archive.Superseded)
	assert.Contains(t, w.read(archive, testLayout.report()+".md"), "1 earlier copy of the same keys (the source changed between runs, or a log group was exported again before the destroy) is kept as noncurrent versions")
}

func entryFor(t *testing.T, m Manifest, key string) Entry {
	t.Helper()
	for _, e := range m.Objects {
		if e.Key == key {
			return e
		}
	}
	require.Failf(t, "no manifest entry", "for %s", key)
	return Entry{}
}

// failDeletesOnce refuses the first batch deletion in a bucket.
func failDeletesOnce(bucket string) s3test.Interceptor {
	var done atomic.Bool
	return func(w http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if req.Bucket != bucket || r.Method != http.MethodPost || !strings.Contains(req.Query, "delete") || !done.CompareAndSwap(false, true) {
			return false
		}
		s3test.FailWith(w, http.StatusForbidden, "AccessDenied", "injected")
		return true
	}
}

func TestARestoredOlderVersionBecomesTheArchivedOne(t *testing.T) {
	w := newWorld(t)
	w.stopBeforeUnprotect()
	key := "cohort/patients.csv"
	v1 := currentVersion(t, w, bucketOf(sce.BucketDataIn), key)
	v2 := w.srv.Put(t, bucketOf(sce.BucketDataIn), key, "consent withdrawn for row 1")
	w.srv.Intercept(failDeletesOnce(bucketOf(sce.BucketDataIn)))
	_, err := w.run()
	require.Error(t, err)
	require.Contains(t, err.Error(), "close-out step empty-buckets failed: data-in: delete versions in "+bucketOf(sce.BucketDataIn))
	// The researcher withdraws v2: v1 is the current version again.
	_, err = w.s3.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(bucketOf(sce.BucketDataIn)),
		Key: aws.String(key), VersionId: aws.String(v2)})
	require.NoError(t, err)

	w.srv.ClearInterceptors()
	_, err = w.run()
	require.NoError(t, err)
	m := w.manifest()
	e := entryFor(t, m, archiveKeyOf(sce.BucketDataIn, key))
	assert.Equal(t, v1, e.SourceVersionID)
	assert.Equal(t, w.want[archiveKeyOf(sce.BucketDataIn, key)], w.read(archive, archiveKeyOf(sce.BucketDataIn, key)),
		"the archive's current copy is the source's current version, not the withdrawn one")
	var earlier []string
	for _, s := range m.Superseded {
		earlier = append(earlier, s.SourceVersionID)
	}
	assert.Equal(t, []string{v1, v2}, earlier, "the first copy of v1 and the withdrawn v2 stay, listed as superseded")
	assert.Equal(t, 3, w.archivePuts(nil)[archiveKeyOf(sce.BucketDataIn, key)], "v1, v2, then v1 again: each copied once while it was current")
}

func currentVersion(t *testing.T, w *world, bucket, key string) string {
	t.Helper()
	out, err := w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	require.NoError(t, err)
	return aws.ToString(out.VersionId)
}

// elsewhere is the options of a close-out run from another directory.
func (w *world) elsewhere() Options {
	o := w.opts()
	o.StateDir = w.t.TempDir()
	return o
}

func TestASecondCloseoutFromAnotherDirectoryWaitsForTheFirst(t *testing.T) {
	w := newWorld(t)
	var second error
	var during []s3test.Request
	w.stack.beforeDestroy = func(attempt int) error {
		if attempt == 1 {
			before := len(w.srv.Requests())
			_, second = Run(context.Background(), w.env(), w.elsewhere())
			during = w.srv.Requests()[before:]
		}
		return nil
	}
	_, err := w.run()
	require.NoError(t, err)
	require.Error(t, second, "the second run is refused")
	assert.True(t, errors.Is(second, ErrLocked))
	host, _ := os.Hostname()
	assert.Regexp(t, `^close-out locked: a close-out of stack hipaa is running: s3://`+archive+`/closeout/hipaa/`+instance+`/CLOSEOUT.lock `+
		`was taken by `+regexp.QuoteMeta(operator)+` on `+regexp.QuoteMeta(host)+` \(pid \d+\) at 2027-07-01T09:\d\d:\d\dZ. `+
		`Wait for it to end; if it is dead \(its machine stopped, its process killed\), run `+
		"`sce closeout hipaa --break-lock \"<why you are sure>\"`$", second.Error())
	for _, r := range during {
		if r.Method == http.MethodPut {
			assert.Equal(t, testLayout.lock(), r.Key, "the refused run writes nothing but its attempt at the lock")
			assert.Equal(t, "*", r.Header.Get("If-None-Match"), "a conditional create, which S3 refuses")
		}
		assert.NotEqual(t, http.MethodPost, r.Method, "the refused run deletes nothing: %s", r.Key)
		assert.NotEqual(t, http.MethodDelete, r.Method, "the refused run deletes nothing: %s", r.Key)
	}
	assert.Equal(t, 1, w.calls.count("Destroy"))
	for key, n := range w.archivePuts(nil) {
		assert.Equal(t, 1, n, key)
	}
	assert.Equal(t, lockVersions{locks: 1, released: 1}, w.lockVersions(), "the first run released its lock when it ended")
}

// lockVersions counts the lock object's versions: locks taken, and delete
// markers (locks released); held is true when the current version is a lock.
type lockVersions struct {
	locks, released int
	held            bool
}

func (w *world) lockVersions() lockVersions {
	out, err := w.s3.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(archive), Prefix: aws.String(testLayout.lock())})
	require.NoError(w.t, err)
	var l lockVersions
	for _, v := range out.Versions {
		l.locks++
		l.held = l.held || aws.ToBool(v.IsLatest)
	}
	l.released = len(out.DeleteMarkers)
	return l
}

func TestARerunAfterAnotherRunClosedTheProjectOutFinishesCleanly(t *testing.T) {
	w := newWorld(t)
	w.stopBeforeUnprotect()
	_, err := Run(context.Background(), w.env(), w.elsewhere())
	require.NoError(t, err, "another operator finishes the close-out")
	puts := w.archivePuts(nil)

	w.log.Reset()
	st, err := w.run()
	require.NoError(t, err)
	assert.True(t, st.done(StepReport))
	assert.Equal(t, 1, w.calls.count("Destroy"), "the stack is not destroyed twice")
	assert.Equal(t, puts, w.archivePuts(nil), "nothing is copied again")
	assert.Equal(t, "continuing from s3://"+archive+"/closeout/hipaa/"+instance+"/CLOSEOUT-STATE.json: 8 of 8 steps done (last by "+operator+")\n"+
		"project hipaa is closed out (by "+operator+"): nothing left to do\n", w.log.String())

	third, err := Run(context.Background(), w.env(), w.elsewhere())
	require.NoError(t, err, "a run from a third directory finds the project closed out")
	assert.True(t, third.done(StepReport))
	assert.Equal(t, st.Archive, third.Archive)
	assert.Equal(t, 1, w.calls.count("Destroy"))
}

// seedEarlierProject puts the archive of an earlier project that used the
// same PIT, as close-out wrote it before archives had a prefix of their
// own: an object at a key this project also has, and its manifest.
func (w *world) seedEarlierProject() map[string]string {
	earlier := map[string]string{
		pit + "/data-in/cohort/patients.csv": "an earlier study's patients",
		pit + "/output/old-results.csv":      "an earlier study's results",
	}
	var entries []string
	for key, body := range earlier {
		w.srv.Put(w.t, archive, key, body)
		entries = append(entries, `{"role":"data-in","sourceBucket":"hipaa-data-in-123456789012-us-west-2","sourceKey":"`+
			strings.TrimPrefix(key, pit+"/data-in/")+`","sourceVersionId":"old","key":"`+key+`","size":`+
			itoa(len(body))+`,"sha256":"`+sum(body)+`","archivedAt":"2024-01-01T00:00:00Z"}`)
	}
	w.srv.Put(w.t, archive, pit+"/MANIFEST.json", `{"version":1,"pit":"hipaa","stack":"hipaa","objects":[`+strings.Join(entries, ",")+`]}`)
	return earlier
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestAReusedPITNeverMixesWithTheEarlierProjectsArchive(t *testing.T) {
	w := newWorld(t)
	earlier := w.seedEarlierProject()
	older := layout{pit: pit, instance: "20240101T000000Z"}
	earlier[older.archiveKey("data-in", "cohort/patients.csv")] = "a 2024 study's patients"
	earlier[older.manifest()] = `{"version":2,"pit":"hipaa","stack":"hipaa","instance":"20240101T000000Z","objects":[]}`
	for key, body := range earlier {
		if strings.HasPrefix(key, sce.ArchiveObjectsPrefix) || strings.HasPrefix(key, documentsPrefix) {
			w.srv.Put(t, archive, key, body)
		}
	}
	_, err := w.run()
	require.NoError(t, err)
	m := w.manifest()
	assert.Len(t, m.Objects, len(w.want))
	for _, e := range m.Objects {
		assert.Equal(t, sum(w.want[e.Key]), e.SHA256, e.Key)
	}
	assert.Equal(t, instance, m.Instance)
	for key, body := range earlier {
		assert.Equal(t, body, w.read(archive, key), "the earlier project's archive is left as it was")
	}
	assert.Contains(t, w.read(archive, testLayout.report()+".md"),
		"Another archive under PIT hipaa, left as it is: s3://"+archive+"/closeout/hipaa/20240101T000000Z/.\n"+
			"Another archive under PIT hipaa, left as it is: s3://"+archive+"/hipaa/ (an archive written before close-outs had a prefix of their own).\n")
}

func TestAManifestOfAnotherProjectWhereThisOnesGoesIsRefused(t *testing.T) {
	w := newWorld(t)
	w.srv.Put(t, archive, testLayout.manifest(), `{"version":2,"pit":"hipaa","stack":"omop","instance":"`+instance+`",`+
		`"projectKeyArn":"arn:aws:kms:us-west-2:123456789012:key/other","objects":[]}`)
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step archive failed: s3://"+archive+"/"+testLayout.manifest()+` belongs to another project `+
		`(stack "omop", instance "`+instance+`", key arn:aws:kms:us-west-2:123456789012:key/other), not to stack "hipaa" instance "`+instance+
		`" (key `+projectKey+`): nothing is added to it; find out who wrote it before closing this project out`)
	assert.Empty(t, w.archivePuts(nil), "nothing is copied")
}

func TestACheckpointOfAnotherProjectWhereThisOnesGoesIsRefused(t *testing.T) {
	w := newWorld(t)
	other := &State{Version: stateVersion, Stack: "omop", Instance: instance, Outputs: Outputs{PIT: pit, KMSKeyArn: "arn:aws:kms:us-west-2:123456789012:key/other"}}
	data, err := other.encode()
	require.NoError(t, err)
	w.srv.Put(t, archive, testLayout.checkpoint(), string(data))
	_, err = w.run()
	require.EqualError(t, err, "s3://"+archive+"/"+testLayout.checkpoint()+` is the close-out of another project (stack "omop", `+
		`key arn:aws:kms:us-west-2:123456789012:key/other), not of stack "hipaa" (key `+projectKey+`): nothing is changed; find out who wrote it`)
	assert.Empty(t, w.archivePuts(nil))
	assert.Equal(t, lockVersions{locks: 1, released: 1}, w.lockVersions(), "the lock is released")
}

func TestAResumeAfterTheArchiveMovedToGlacierFinishes(t *testing.T) {
	w := newWorld(t)
	w.stopBeforeUnprotect()
	moved := w.srv.Transition(t, archive, sce.ArchiveObjectsPrefix, "GLACIER") // 90 days later
	require.Positive(t, moved)

	st, err := w.run()
	require.NoError(t, err)
	assert.True(t, st.done(StepReport))
	md := w.read(archive, testLayout.report()+".md")
	assert.Contains(t, md, ": 8 in GLACIER. Only copies (under objects/hipaa/"+instance+"/) move to Glacier; "+
		"the manifest, the reports and the checkpoint stay in S3 Standard.\n8 current copies are in a cold tier and must be restored before they can be read: ")
	for key := range w.want {
		assert.Contains(t, md, key)
	}
	var rep Report
	require.NoError(t, json.Unmarshal([]byte(w.read(archive, testLayout.report()+".json")), &rep))
	assert.ElementsMatch(t, keysOf(w.want), rep.Storage.Cold)
	assert.Equal(t, map[string]int{"GLACIER": 8}, rep.Storage.Classes)
	for _, doc := range []string{testLayout.manifest(), testLayout.checkpoint(), testLayout.report() + ".md"} {
		h, err := w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(archive), Key: aws.String(doc)})
		require.NoError(t, err)
		assert.Empty(t, h.StorageClass, "%s stays in S3 Standard", doc)
	}
}

func TestKeysTooLongForTheArchiveAreArchivedUnderTheirHash(t *testing.T) {
	w := newWorld(t)
	prefix := archiveKeyOf(sce.BucketOutput, "")
	fits := "results/" + strings.Repeat("f", maxKeyBytes-len(prefix)-len("results/"))
	over := "results/" + strings.Repeat("o", maxKeyBytes-len(prefix)-len("results/")+1)
	longest := "results/" + strings.Repeat("l", maxKeyBytes-len("results/"))
	for _, k := range []string{fits, over, longest} {
		w.srv.Put(t, bucketOf(sce.BucketOutput), k, "body of "+k[:12])
	}
	require.Len(t, archiveKeyOf(sce.BucketOutput, fits), maxKeyBytes)

	_, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, "body of results/ffff", w.read(archive, archiveKeyOf(sce.BucketOutput, fits)), "a key at the limit keeps its name")
	m := w.manifest()
	for _, k := range []string{over, longest} {
		hashed := sha256.Sum256([]byte(k))
		key := "objects/hipaa/" + instance + "/long-keys/output/" + hex.EncodeToString(hashed[:])
		e := entryFor(t, m, key)
		assert.Equal(t, k, e.SourceKey)
		assert.Equal(t, "body of "+k[:12], w.read(archive, key))
		h, err := w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(archive), Key: aws.String(key)})
		require.NoError(t, err)
		original, err := base64.StdEncoding.DecodeString(h.Metadata[metaSourceKey])
		require.NoError(t, err)
		assert.Equal(t, k, string(original), "the copy's metadata keeps the original key")
	}
	assert.Equal(t, fits, entryFor(t, m, archiveKeyOf(sce.BucketOutput, fits)).SourceKey)
	assert.Len(t, m.Objects, len(w.want)+3)
}
