package closeout

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"

	"github.com/sce-dev/sce/internal/progress"
	"github.com/sce-dev/sce/sce"
)

// ArchiveSummary is what the archive holds, for the state and the report.
type ArchiveSummary struct {
	// Bucket and KeyArn are the archive.
	Bucket string `json:"bucket"`
	KeyArn string `json:"keyArn"`
	// Prefix is where the copies are; ManifestKey and ReportKey locate
	// MANIFEST.json and CLOSEOUT-REPORT.md; ManifestSHA256 fingerprints
	// the manifest.
	Prefix         string `json:"prefix"`
	ManifestKey    string `json:"manifestKey"`
	ReportKey      string `json:"reportKey"`
	ManifestSHA256 string `json:"manifestSha256"`
	// Objects and Bytes are the current copies' totals; Superseded counts
	// the earlier copies of the same keys.
	Objects    int   `json:"objects"`
	Bytes      int64 `json:"bytes"`
	Superseded int   `json:"superseded"`
	// Checks counts the current copies by what their source read was
	// checked against (a checksum, the ETag, a second read).
	Checks map[string]int `json:"checks"`
	// SourceMetadataInManifest counts the current copies that do not carry
	// their source's user metadata, which the manifest keeps instead.
	SourceMetadataInManifest int `json:"sourceMetadataInManifest"`
	// LogGroups are the stack's log groups exported into the archive,
	// with their event counts.
	LogGroups []LogGroupExport `json:"logGroups"`
	// Sources are the project buckets' contents when they were archived.
	Sources map[string]BucketCounts `json:"sources"`
	// Verified is true once every archived copy matched the manifest.
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

// roleSync is what syncing one role's bucket found and copied.
type roleSync struct {
	// copied are this run's copies; counts the bucket's content.
	copied []Entry
	counts BucketCounts
	// gone is true when the bucket no longer exists (allowGone only).
	gone bool
}

// syncRole copies the current versions of a role's bucket whose archive
// key's current copy (the last one observed) is of another version, or
// that have none, and returns the copies and the bucket's counts.
func (a *archiver) syncRole(ctx context.Context, role sce.BucketRole) (roleSync, error) {
	bucket := a.out.bucket(role)
	var todo []version
	var res roleSync
	err := listVersions(ctx, a.s3, bucket, func(vs []version) error {
		for _, v := range vs {
			res.counts.count(v)
			if v.current() && !a.archived(string(role), v) {
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

// archived reports whether the current copy of a version's archive key is
// a copy of that version.
func (a *archiver) archived(role string, v version) bool {
	e, ok := a.journal.latest(a.copier.layout.archiveKey(role, v.key))
	return ok && e.SourceVersionID == v.versionID
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

// copyOrAdopt copies a version unless the archive's current copy of its key
// already is one: a copy an earlier run made but did not journal, or whose
// journal was lost, is adopted when its stored checksum matches the
// source's content, so that nothing is copied twice into the
// COMPLIANCE-locked archive. A copy that once failed verification is never
// adopted.
func (a *archiver) copyOrAdopt(ctx context.Context, role, bucket string, v version) (Entry, error) {
	e, ok, err := a.adopt(ctx, role, bucket, v)
	if err != nil || ok {
		return e, err
	}
	return a.copier.copy(ctx, role, bucket, v)
}

// adopt looks at the archive's current copy of the version's key (HEAD)
// and, when it is of the same size and source version, reads the source
// (checked against its integrity data) and adopts the copy if the checksum
// S3 stores for it is the source content's. When the copy says its
// manifest entry keeps the source's user metadata, the entry gets the
// source's, as the copy left it off.
func (a *archiver) adopt(ctx context.Context, role, bucket string, v version) (Entry, bool, error) {
	key := a.copier.layout.archiveKey(role, v.key)
	head, err := a.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(a.out.ArchiveBucket), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled})
	switch {
	case isNotFound(err):
		return Entry{}, false, nil
	case err != nil:
		return Entry{}, false, fmt.Errorf("look for an earlier copy at s3://%s/%s: %w", a.out.ArchiveBucket, key, err)
	case aws.ToInt64(head.ContentLength) != v.size || head.Metadata[metaVersion] != v.versionID || aws.ToString(head.ChecksumSHA256) == "" ||
		a.journal.wasRejected(key, aws.ToString(head.VersionId)):
		return Entry{}, false, nil
	}
	partSize, _ := strconv.ParseInt(head.Metadata[metaPartSize], 10, 64)
	src, err := a.readSource(ctx, bucket, v, partSize)
	if err != nil || src.checksum != aws.ToString(head.ChecksumSHA256) {
		return Entry{}, false, err
	}
	k := src.check
	e := Entry{Role: role, SourceBucket: bucket, SourceKey: v.key, SourceVersionID: v.versionID, SourceCheck: k.check.method,
		Key: key, ArchiveVersionID: aws.ToString(head.VersionId), Size: k.n, SHA256: k.hexSHA256(),
		ArchiveChecksum: src.checksum, PartSize: partSize, ArchivedAt: a.copier.now().UTC()}
	if sourceMetadataInManifest(head.Metadata) {
		e.SourceMetadata = userMetadata(src.metadata)
	}
	return e, true, nil
}

// sourceRead is what reading a source version found.
type sourceRead struct {
	// check hashed the content; checksum is what S3 would store for a
	// copy of it; metadata is the source's user metadata.
	check    *checker
	checksum string
	metadata map[string]string
}

// readSource reads a source version, checked against its integrity data,
// with the checksum S3 would store for a copy in parts of partSize.
func (a *archiver) readSource(ctx context.Context, bucket string, v version, partSize int64) (sourceRead, error) {
	check, err := integrityOf(ctx, a.s3, bucket, v)
	if err != nil {
		return sourceRead{}, err
	}
	src, err := a.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(v.key), VersionId: aws.String(v.versionID),
		ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		return sourceRead{}, fmt.Errorf("read s3://%s/%s (version %s): %w", bucket, v.key, v.versionID, err)
	}
	defer src.Body.Close()
	k := newChecker(check)
	checksum, err := contentChecksum(io.TeeReader(src.Body, k), partSize)
	if err != nil {
		return sourceRead{}, fmt.Errorf("read s3://%s/%s (version %s): %w", bucket, v.key, v.versionID, err)
	}
	return sourceRead{check: k, checksum: checksum, metadata: src.Metadata}, k.verify(ctx, a.s3, bucket, v)
}

// forEach runs fn on every item, at most workers at once. After the first
// error no new item starts, but the ones in flight finish (with ctx, not a
// cancelled one): a copy that completes is then journaled, so that a resumed
// run does not copy it again. The first error is returned; ctx's own
// cancellation (the operator's interrupt) still stops everything.
func forEach[T any](ctx context.Context, workers int, items []T, fn func(context.Context, T) error) error {
	var g errgroup.Group
	g.SetLimit(workers)
	var failed atomic.Bool
	for _, it := range items {
		if failed.Load() || ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if failed.Load() {
				return nil
			}
			if err := fn(ctx, it); err != nil {
				failed.Store(true)
				return err
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}
