package closeout

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/s3test"
	"github.com/sce-dev/sce/sce"
)

func md5hex(s string) string {
	d := md5.Sum([]byte(s))
	return hex.EncodeToString(d[:])
}

// sourceGets counts the reads (GET) of a source object.
func (w *world) sourceGets(bucket, key string) int {
	n := 0
	for _, r := range w.srv.Requests() {
		if r.Method == http.MethodGet && r.Bucket == bucket && r.Key == key {
			n++
		}
	}
	return n
}

func TestASourceWithoutAChecksumIsCheckedAgainstItsETag(t *testing.T) {
	w := newWorld(t)
	key := "results/legacy.csv"
	v := w.srv.PutLegacy(t, bucketOf(sce.BucketOutput), key, "value", 1)
	w.srv.Intercept(wrongBytesOnce(bucketOf(sce.BucketOutput), key, "VALUE"))
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read s3://"+bucketOf(sce.BucketOutput)+"/"+key+" (version "+v+"): the content read has ETag (MD5) "+
		md5hex("VALUE")+", S3 stores "+md5hex("value")+": the read was damaged")

	w.srv.ClearInterceptors()
	_, err = w.run()
	require.NoError(t, err)
	e := entryFor(t, w.manifest(), archiveKeyOf(sce.BucketOutput, key))
	assert.Equal(t, "ETag (MD5)", e.SourceCheck)
	assert.Equal(t, sum("value"), e.SHA256)
}

func TestASourceWithNeitherChecksumNorMD5IsReadTwice(t *testing.T) {
	w := newWorld(t)
	key := "results/legacy-multipart.csv"
	v := w.srv.PutLegacy(t, bucketOf(sce.BucketOutput), key, "value", 2)
	w.srv.Intercept(wrongBytesOnce(bucketOf(sce.BucketOutput), key, "VALUE"))
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read s3://"+bucketOf(sce.BucketOutput)+"/"+key+" (version "+v+"): two reads differ (SHA-256 "+
		sum("VALUE")+", then "+sum("value")+"): the read was damaged, so nothing of it is archived")
	assert.Zero(t, w.archivePuts(nil)[archiveKeyOf(sce.BucketOutput, key)])

	w.srv.ClearInterceptors()
	before := w.sourceGets(bucketOf(sce.BucketOutput), key)
	_, err = w.run()
	require.NoError(t, err)
	assert.Equal(t, 2, w.sourceGets(bucketOf(sce.BucketOutput), key)-before, "read, and read again to compare")
	e := entryFor(t, w.manifest(), archiveKeyOf(sce.BucketOutput, key))
	assert.Equal(t, "second read", e.SourceCheck)
	assert.Equal(t, sum("value"), e.SHA256)
}

// flipOnce flips a byte of the first read of a source object, keeping
// S3's headers: a read damaged on its way, its checksum header stripped
// (as a proxy that rewrites bodies does).
func flipOnce(bucket, key string) s3test.Interceptor {
	var done atomic.Bool
	return func(w http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if r.Method != http.MethodGet || req.Bucket != bucket || req.Key != key || !done.CompareAndSwap(false, true) {
			return false
		}
		body := []byte(strings.Repeat("0123456789abcdef", (partSize+partSize/2)/16))
		body[partSize+1] ^= 0xff
		w.Header().Set("x-amz-version-id", r.URL.Query().Get("versionId"))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
		return true
	}
}

func TestADamagedReadOfALargeObjectNeverCompletesItsUpload(t *testing.T) {
	w := newWorld(t)
	key := "imaging/scan.bin"
	w.srv.Intercept(flipOnce(bucketOf(sce.BucketDataIn), key))
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step archive failed: data-in: archive s3://"+bucketOf(sce.BucketDataIn)+"/"+key+" to s3://"+archive+"/"+
		archiveKeyOf(sce.BucketDataIn, key)+": read s3://"+bucketOf(sce.BucketDataIn)+"/"+key+" (version ")
	assert.Contains(t, err.Error(), "the content read has CRC64NVME checksum ")
	assert.Contains(t, err.Error(), "the read was damaged, so nothing of it is archived")
	aborted := false
	for _, r := range w.srv.Requests() {
		aborted = aborted || (r.Method == http.MethodDelete && r.Key == archiveKeyOf(sce.BucketDataIn, key) && strings.Contains(r.Query, "uploadId"))
	}
	assert.True(t, aborted, "the upload is aborted")
	assert.Zero(t, w.archivePuts(nil)[archiveKeyOf(sce.BucketDataIn, key)], "and never completed")

	w.srv.ClearInterceptors()
	_, err = w.run()
	require.NoError(t, err)
	e := entryFor(t, w.manifest(), archiveKeyOf(sce.BucketDataIn, key))
	assert.Equal(t, int64(partSize), e.PartSize)
	assert.True(t, strings.HasSuffix(e.ArchiveChecksum, "-2"), e.ArchiveChecksum)
	assert.Equal(t, w.want[archiveKeyOf(sce.BucketDataIn, key)], w.read(archive, archiveKeyOf(sce.BucketDataIn, key)))
}

func TestCopiesAreAdoptedWhenTheJournalIsLostBeforeTheManifestIsWritten(t *testing.T) {
	w := newWorld(t)
	var failed atomic.Bool
	w.srv.Intercept(func(rw http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if r.Method != http.MethodPut || req.Key != testLayout.manifest() || !failed.CompareAndSwap(false, true) {
			return false
		}
		s3test.FailWith(rw, http.StatusForbidden, "AccessDenied", "injected")
		return true
	})
	_, err := w.run()
	require.Error(t, err)
	require.Contains(t, err.Error(), "close-out step verify-archive failed: write s3://"+archive+"/"+testLayout.manifest())
	require.NoError(t, os.Remove(pathsFor(w.stateDir, pit).journal))

	st, err := w.run()
	require.NoError(t, err)
	puts := w.archivePuts(nil)
	for key := range w.want {
		assert.Equal(t, 1, puts[key], "%s is uploaded once: its copy is adopted, multipart ones too", key)
	}
	assert.Len(t, w.manifest().Objects, len(w.want))
	assert.Equal(t, 3, st.Emptied["data-in"].LateArchived, "adopted while emptying")
}
