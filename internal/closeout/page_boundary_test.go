package closeout

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// fillFirstPage puts enough objects under a/ in the output bucket that the
// versions of a key under b/ written next straddle the first page of a
// version listing (1,000 entries): the key's newest entry ends the first
// page, its older versions open the second.
func fillFirstPage(t *testing.T, w *world) {
	t.Helper()
	pad(t, w, "a", "x", func(key string) bool { return key < "b/" })
}

// pad puts objects holding content under dir/ in the output bucket until a
// version listing gives 999 entries whose keys counted says to count.
func pad(t *testing.T, w *world, dir, content string, counted func(key string) bool) {
	t.Helper()
	b := bucketOf(sce.BucketOutput)
	n := 0
	require.NoError(t, listVersions(context.Background(), w.s3, b, func(vs []version) error {
		for _, v := range vs {
			if counted(v.key) {
				n++
			}
		}
		return nil
	}))
	require.Less(t, n, 999)
	for i := n; i < 999; i++ {
		key := fmt.Sprintf("%s/%04d", dir, i)
		w.srv.Put(t, b, key, content)
		w.want[archiveKeyOf(sce.BucketOutput, key)] = content
	}
}

// TestEmptyingAcrossAListingPageKeepsTheFinalVersionArchived: deleting a
// key's current version while its older versions are still to be listed
// would make the next-older one current, and the next pass would archive it
// as the key's current copy. Emptying holds back the current entries of a
// page's last key until the key's other versions are listed, so the final
// version stays the archive's current copy.
func TestEmptyingAcrossAListingPageKeepsTheFinalVersionArchived(t *testing.T) {
	w := newWorld(t)
	fillFirstPage(t, w)
	b := bucketOf(sce.BucketOutput)
	key := "b/final.csv"
	w.srv.Put(t, b, key, "OLD draft")
	final := w.srv.Put(t, b, key, "FINAL")
	w.want[archiveKeyOf(sce.BucketOutput, key)] = "FINAL"

	_, err := w.run()

	require.NoError(t, err)
	e := entryFor(t, w.manifest(), archiveKeyOf(sce.BucketOutput, key))
	assert.Equal(t, final, e.SourceVersionID)
	assert.Equal(t, "FINAL", w.read(archive, archiveKeyOf(sce.BucketOutput, key)))
}

// TestEmptyingAcrossAListingPageDoesNotResurrectADeletedFile: the same
// with a delete marker: removing it before the key's versions are listed
// would make the deleted file current again, and it would be archived.
func TestEmptyingAcrossAListingPageDoesNotResurrectADeletedFile(t *testing.T) {
	w := newWorld(t)
	fillFirstPage(t, w)
	b := bucketOf(sce.BucketOutput)
	key := "b/removed-identifiers.csv"
	w.srv.Put(t, b, key, "names and MRNs")
	w.srv.Delete(t, b, key)

	_, err := w.run()

	require.NoError(t, err)
	for _, e := range w.manifest().Objects {
		assert.NotEqual(t, key, e.SourceKey, "a deleted file is not archived as current")
	}
}

// TestEmptyingAFullLastPageAfterAHeldEntry: the held newest entry of a key
// that ended the first page joins a full last page, 1,001 versions to
// delete at the end of the listing; S3 takes at most 1,000 in one request
// (the test server too), so they go in two: three requests for two pages.
func TestEmptyingAFullLastPageAfterAHeldEntry(t *testing.T) {
	w := newWorld(t)
	fillFirstPage(t, w)
	b := bucketOf(sce.BucketOutput)
	key := "b/final.csv"
	w.srv.Put(t, b, key, "OLD draft")
	w.srv.Put(t, b, key, "FINAL")
	w.want[archiveKeyOf(sce.BucketOutput, key)] = "FINAL"
	// the second page: the old draft and 999 entries after it
	pad(t, w, "c", "y", func(k string) bool { return k > key })

	st, err := w.run()

	require.NoError(t, err)
	assert.Equal(t, 2000, st.Emptied[string(sce.BucketOutput)].Versions)
	assert.Equal(t, "FINAL", w.read(archive, archiveKeyOf(sce.BucketOutput, key)))
	deletes := 0
	for _, c := range w.srv.Requests() {
		if c.Method == "POST" && strings.HasPrefix(c.Query, "delete") && c.Bucket == b {
			deletes++
		}
	}
	assert.Equal(t, 3, deletes)
}
