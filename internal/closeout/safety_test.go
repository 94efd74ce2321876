package closeout

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/s3test"
	"github.com/sce-dev/sce/sce"
)

// lateLog is a log file the close-out's own trail delivers while destroy runs.
const lateLog = "cloudtrail/AWSLogs/123456789012/CloudTrail/us-west-2/2027/07/01/late.json.gz"

// deliverLateLogOnFirstDestroy makes the first destroy find a new log file
// in the emptied logs bucket, as a trail that is not deleted yet does.
func (w *world) deliverLateLogOnFirstDestroy() {
	w.stack.beforeDestroy = func(attempt int) error {
		if attempt == 1 {
			w.srv.Put(w.t, bucketOf(sce.BucketLogs), lateLog, "the close-out's own trail")
		}
		return nil
	}
}

// failChecks fails every check (HEAD) of an archive key, once it was
// uploaded, with a server error.
func failChecks(key string) s3test.Interceptor {
	var mu sync.Mutex
	uploaded := false
	return func(w http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		mu.Lock()
		defer mu.Unlock()
		if req.Bucket != archive || req.Key != key {
			return false
		}
		uploaded = uploaded || r.Method == http.MethodPut
		if !uploaded || r.Method != http.MethodHead {
			return false
		}
		s3test.FailWith(w, http.StatusInternalServerError, "InternalError", "injected read failure")
		return true
	}
}

// sourceKeys lists the keys of a bucket's current objects.
func (w *world) sourceKeys(bucket string) []string {
	out, err := w.s3.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	require.NoError(w.t, err)
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

func TestATopUpCopyThatCouldNotBeCheckedIsNotDeleted(t *testing.T) {
	w := newWorld(t)
	w.deliverLateLogOnFirstDestroy()
	archived := archiveKeyOf(sce.BucketLogs, lateLog)
	w.srv.Intercept(failChecks(archived))
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step destroy failed: logs: check 1 archived copy: check s3://"+archive+"/"+archived+": ")
	assert.Contains(t, err.Error(), "StatusCode: 500")
	assert.Contains(t, w.sourceKeys(bucketOf(sce.BucketLogs)), lateLog, "the copy is journaled but unverified: its source stays")

	w.srv.ClearInterceptors()
	st, err := w.run()
	require.NoError(t, err)
	assert.Contains(t, keys(w.manifest()), archived, "the rerun verifies the copy and rewrites the manifest before deleting the source")
	assert.Equal(t, "the close-out's own trail", w.archived()[archived])
	assert.True(t, st.done(StepReport))
	j, err := openJournal(pathsFor(w.stateDir, pit).journal)
	require.NoError(t, err)
	current, _ := j.split()
	require.Len(t, current, len(w.want)+1)
	for _, e := range current {
		assert.True(t, j.isVerified(e), e.Key)
	}
}

func TestARerunAfterDestroyDeletedABucketTreatsItAsEmpty(t *testing.T) {
	w := newWorld(t)
	w.deliverLateLogOnFirstDestroy()
	archived := archiveKeyOf(sce.BucketLogs, lateLog)
	w.srv.Intercept(corrupt(archived))
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step destroy failed: logs: 1 of 1 archived copy does not match MANIFEST.json, so nothing is destroyed: "+
		archived+": S3 stores the SHA-256 checksum ")
	_, err = w.s3.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(bucketOf(sce.BucketAccessLogs))})
	require.True(t, isNotFound(err), "the first destroy deleted the access-logs bucket: %v", err)

	w.srv.ClearInterceptors()
	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, "the close-out's own trail", w.read(archive, archived))
	assert.Equal(t, 2, w.archivePuts(nil)[archived], "the bad copy is copied once more")
	assert.Equal(t, BucketCounts{Objects: 1, Bytes: 10}, st.Archive.Sources["access-logs"], "the counts of the gone bucket are kept")
	assert.True(t, st.Archive.Verified)
	assert.Equal(t, 3, st.Destroy.Attempts)
}

func TestTheArchiveStepFailsOnAMissingBucketBeforeDestroyStarted(t *testing.T) {
	w := newWorld(t)
	gone := pit + "-gone-123456789012-us-west-2"
	w.stack.outputs["bucketNames"].(map[string]any)[string(sce.BucketAccessLogs)] = gone
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step archive failed: access-logs: list versions of "+gone+": ")
	assert.Contains(t, err.Error(), "NoSuchBucket")
}

func TestDestroyRetriesAgainInALaterRun(t *testing.T) {
	w := newWorld(t)
	w.stack.beforeDestroy = func(attempt int) error {
		if attempt <= maxDestroyAttempts+1 {
			w.srv.Put(t, bucketOf(sce.BucketLogs), fmt.Sprintf("late/%d.json.gz", attempt), "late")
		}
		return nil
	}
	st, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step destroy failed: pulumi destroy (attempt 3 of this run, 3 in all): ")
	assert.Equal(t, 3, st.Destroy.Attempts)

	st, err = w.run()
	require.NoError(t, err)
	assert.Equal(t, 5, st.Destroy.Attempts, "the rerun tried twice: once more with a late file, then without")
	assert.Equal(t, 5, w.calls.count("Destroy"))
	for i := 1; i <= 4; i++ {
		assert.Equal(t, "late", w.archived()[archiveKeyOf(sce.BucketLogs, fmt.Sprintf("late/%d.json.gz", i))])
	}
}

func TestALostJournalCopiesNothingTwice(t *testing.T) {
	w := newWorld(t)
	w.stack.unprotectErr = errors.New("state import failed")
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step unprotect failed: lift protection: state import failed")
	p := pathsFor(w.stateDir, pit)
	require.NoError(t, os.Remove(p.journal))
	matches, err := filepath.Glob(filepath.Join(w.stateDir, "*.jsonl"))
	require.NoError(t, err)
	require.Empty(t, matches, "no journal file at all")

	w.stack.unprotectErr = nil
	before := len(w.srv.Requests())
	st, err := w.run()
	require.NoError(t, err)
	puts := w.archivePuts(nil)
	for key := range w.want {
		assert.Equal(t, 1, puts[key], "%s is uploaded once: the manifest in the archive says it is there", key)
	}
	assert.Equal(t, len(w.want), len(filterPositive(puts)), "%v", puts)
	assert.Len(t, w.manifest().Objects, len(w.want))
	assert.Equal(t, w.want, withoutDocs(w.archived()))
	assert.Equal(t, EmptyResult{Bucket: bucketOf(sce.BucketDataIn), Versions: 5, DeleteMarkers: 1}, st.Emptied["data-in"])
	for _, r := range w.srv.Requests()[before:] {
		assert.False(t, r.Method == http.MethodGet && r.Bucket == bucketOf(sce.BucketDataIn) && r.Key != "", "no source is read again: %s", r.Key)
	}
}

func TestACopyWhoseSHA256DiffersIsNotAdopted(t *testing.T) {
	w := newWorld(t)
	key := "results/model.rds"
	src, err := w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucketOf(sce.BucketOutput)), Key: aws.String(key)})
	require.NoError(t, err)
	_, err = w.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(archive), Key: aws.String(archiveKeyOf(sce.BucketOutput, key)),
		Body: strings.NewReader("MODEL"), Metadata: map[string]string{metaVersion: aws.ToString(src.VersionId), metaSHA256: sum("MODEL")}})
	require.NoError(t, err)
	before := w.archivePuts(nil)[archiveKeyOf(sce.BucketOutput, key)]

	_, err = w.run()
	require.NoError(t, err)
	assert.Equal(t, before+1, w.archivePuts(nil)[archiveKeyOf(sce.BucketOutput, key)], "copied, not adopted")
	assert.Equal(t, "model", w.read(archive, archiveKeyOf(sce.BucketOutput, key)))
}

func TestPartSizeFor(t *testing.T) {
	const min = 32 << 20
	tests := []struct {
		name string
		size int64
		want int64
	}{
		{"small", 1 << 30, 32 << 20},
		{"exactly 10,000 parts of 32 MiB", 10000 * 32 << 20, 32 << 20},
		{"one byte more", 10000*32<<20 + 1, 33 << 20},
		{"1 TiB", 1 << 40, 105 << 20},
		{"S3's largest object, 5 TiB", 5 << 40, 525 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := partSizeFor(tt.size, min)
			assert.Equal(t, tt.want, got)
			assert.LessOrEqual(t, (tt.size+got-1)/got, int64(maxParts))
		})
	}
	assert.Equal(t, int64(5<<20), partSizeFor(6<<20, 5<<20), "the configured minimum is kept")
}

func TestALostJournalNeverShrinksTheManifest(t *testing.T) {
	w := newWorld(t)
	w.stack.beforeDestroy = func(attempt int) error {
		if attempt == 1 {
			return errors.New("pulumi: the refresh of the VPC failed")
		}
		return nil
	}
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step destroy failed: pulumi destroy (attempt 1 of this run, 1 in all): pulumi: the refresh of the VPC failed")
	require.Empty(t, w.sourceKeys(bucketOf(sce.BucketDataIn)), "the buckets are emptied")
	require.NoError(t, os.Remove(pathsFor(w.stateDir, pit).journal))
	w.srv.Put(t, bucketOf(sce.BucketLogs), lateLog, "the close-out's own trail")

	st, err := w.run()
	require.NoError(t, err)
	want := append(keysOf(w.want), archiveKeyOf(sce.BucketLogs, lateLog))
	assert.ElementsMatch(t, want, keys(w.manifest()), "the rewritten manifest keeps what the lost journal listed")
	assert.Equal(t, len(want), st.Archive.Objects)
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
