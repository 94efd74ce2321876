package closeout

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"golang.org/x/sync/errgroup"

	"github.com/sce-dev/sce/internal/progress"
	"github.com/sce-dev/sce/sce"
)

// ArchiveSummary is what the archive holds, for the state and the report.
type ArchiveSummary struct {
	// Bucket and KeyArn are the archive.
	Bucket string `json:"bucket"`
	KeyArn string `json:"keyArn"`
	// ManifestKey and ManifestSHA256 locate and fingerprint MANIFEST.json.
	ManifestKey    string `json:"manifestKey"`
	ManifestSHA256 string `json:"manifestSha256"`
	// Objects and Bytes are the archived totals.
	Objects int   `json:"objects"`
	Bytes   int64 `json:"bytes"`
	// Sources are the project buckets' contents when they were archived.
	Sources map[string]BucketCounts `json:"sources"`
	// Verified is true once every archived object matched the manifest.
	Verified bool `json:"verified"`
	// Rejected counts copies that failed verification and were redone.
	Rejected int `json:"rejected"`
}

// archiver copies the project's buckets into the archive, resumably.
type archiver struct {
	copier  *copier
	s3      S3API
	out     Outputs
	journal *journal
	workers int
	bar     func(label string) *progress.Bar
	// allowGone takes a missing project bucket for an empty one: destroy
	// may have deleted it once protection was lifted.
	allowGone bool
}

// versionID is the journal identity of a source version.
func versionID(role string, v version) string {
	return Entry{Role: role, SourceKey: v.key, SourceVersionID: v.versionID}.id()
}

// roleSync is what syncing one role's bucket found and copied.
type roleSync struct {
	// copied are this run's copies; counts the bucket's content.
	copied []Entry
	counts BucketCounts
	// gone is true when the bucket no longer exists (allowGone only).
	gone bool
}

// syncRole copies the current versions of a role's bucket that the journal
// does not hold yet, and returns the copies and the bucket's counts.
func (a *archiver) syncRole(ctx context.Context, role sce.BucketRole) (roleSync, error) {
	bucket := a.out.bucket(role)
	var todo []version
	var res roleSync
	err := listVersions(ctx, a.s3, bucket, func(vs []version) error {
		for _, v := range vs {
			res.counts.count(v)
			if v.current() && !a.journal.has(versionID(string(role), v)) {
				todo = append(todo, v)
			}
		}
		return nil
	})
	if a.allowGone && isNoSuchBucket(err) {
		return roleSync{gone: true}, nil
	}
	if err != nil {
		return res, err
	}
	res.copied, err = a.copyAll(ctx, string(role), bucket, todo)
	return res, err
}

// copyAll copies versions concurrently, journaling each copy as it ends;
// the first failure stops the rest.
func (a *archiver) copyAll(ctx context.Context, role, bucket string, todo []version) ([]Entry, error) {
	bar := a.bar("archive " + role)
	defer bar.Done()
	var (
		mu     sync.Mutex
		copied []Entry
		bytes  int64
	)
	err := forEach(ctx, a.workers, todo, func(ctx context.Context, v version) error {
		e, err := a.copyOrAdopt(ctx, role, bucket, v)
		if err != nil {
			return err
		}
		if err := a.journal.add(e); err != nil {
			return err
		}
		mu.Lock()
		copied, bytes = append(copied, e), bytes+e.Size
		bar.Update(int64(len(copied)), int64(len(todo)), fmt.Sprintf("objects, %d bytes", bytes))
		mu.Unlock()
		return nil
	})
	sort.Slice(copied, func(i, j int) bool { return copied[i].Key < copied[j].Key })
	return copied, err
}

// copyOrAdopt copies a version unless the archive already holds it: a copy
// an earlier run made but did not journal, or whose journal was lost, is
// adopted when its SHA-256 matches the source's, so that nothing is copied
// twice into the COMPLIANCE-locked archive. A copy that once failed
// verification is always copied again.
func (a *archiver) copyOrAdopt(ctx context.Context, role, bucket string, v version) (Entry, error) {
	if !a.journal.wasRejected(versionID(role, v)) {
		e, ok, err := a.adopt(ctx, role, bucket, v)
		if err != nil || ok {
			return e, err
		}
	}
	return a.copier.copy(ctx, role, bucket, v)
}

// adopt looks for the version's copy in the archive (HEAD) and, when one
// of the same size and source version is there, hashes the source and
// adopts the copy if its SHA-256 matches.
func (a *archiver) adopt(ctx context.Context, role, bucket string, v version) (Entry, bool, error) {
	key := a.copier.archiveKey(role, v.key)
	head, err := a.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(a.out.ArchiveBucket), Key: aws.String(key)})
	switch {
	case isNotFound(err):
		return Entry{}, false, nil
	case err != nil:
		return Entry{}, false, fmt.Errorf("look for an earlier copy at s3://%s/%s: %w", a.out.ArchiveBucket, key, err)
	case aws.ToInt64(head.ContentLength) != v.size || head.Metadata[metaVersion] != v.versionID:
		return Entry{}, false, nil
	}
	size, sum, _, err := hashObject(ctx, a.s3, bucket, v.key, v.versionID)
	if err != nil {
		return Entry{}, false, err
	}
	stored, err := a.storedSHA256(ctx, key, head.Metadata)
	if err != nil || stored != sum {
		return Entry{}, false, err
	}
	return Entry{Role: role, SourceBucket: bucket, SourceKey: v.key, SourceVersionID: v.versionID, Key: key,
		Size: size, SHA256: sum, ArchivedAt: a.copier.now().UTC()}, true, nil
}

// storedSHA256 is an archived object's SHA-256: from its metadata, or, for
// a copy without it (a multipart upload sets its metadata before the
// content is known), by reading it.
func (a *archiver) storedSHA256(ctx context.Context, key string, meta map[string]string) (string, error) {
	if sum := meta[metaSHA256]; sum != "" {
		return sum, nil
	}
	_, sum, _, err := hashObject(ctx, a.s3, a.out.ArchiveBucket, key, "")
	return sum, err
}

// verifyEntries reads every archived object back and compares its size,
// SHA-256 and source version with its entry; it returns the mismatches.
func (a *archiver) verifyEntries(ctx context.Context, entries []Entry) ([]Entry, []string, error) {
	bar := a.bar("verify archive")
	defer bar.Done()
	var (
		mu       sync.Mutex
		bad      []Entry
		problems []string
		done     int
	)
	err := forEach(ctx, a.workers, entries, func(ctx context.Context, e Entry) error {
		problem, err := a.check(ctx, e)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if problem != "" {
			bad, problems = append(bad, e), append(problems, e.Key+": "+problem)
		}
		done++
		bar.Update(int64(done), int64(len(entries)), "objects")
		return nil
	})
	sort.Strings(problems)
	return bad, problems, err
}

// forEach runs fn on every item, at most workers at once; the first error
// cancels the others' context and is returned.
func forEach[T any](ctx context.Context, workers int, items []T, fn func(context.Context, T) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, it := range items {
		g.Go(func() error { return fn(gctx, it) })
	}
	return g.Wait()
}

// check compares one archived object with its entry.
func (a *archiver) check(ctx context.Context, e Entry) (string, error) {
	size, sum, meta, err := hashObject(ctx, a.s3, a.out.ArchiveBucket, e.Key, "")
	switch {
	case isNotFound(err):
		return "missing from the archive", nil
	case err != nil:
		return "", err
	case size != e.Size:
		return fmt.Sprintf("size %d, the manifest says %d", size, e.Size), nil
	case sum != e.SHA256:
		return fmt.Sprintf("SHA-256 %s, the manifest says %s", sum, e.SHA256), nil
	case meta[metaVersion] != "" && meta[metaVersion] != e.SourceVersionID:
		return fmt.Sprintf("holds source version %s, the manifest says %s", meta[metaVersion], e.SourceVersionID), nil
	}
	return "", nil
}
