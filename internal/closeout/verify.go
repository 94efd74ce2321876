package closeout

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// verification is what checking copies against their entries found.
type verification struct {
	// bad are the copies that do not match, problems say how.
	bad      []Entry
	problems []string
}

// verifyEntries checks every copy against its entry with a HEAD (so a copy
// in a cold storage class is checked too): that it is the archive's current
// version of its key (current entries) or still there (superseded ones),
// and that its size, source version and the SHA-256 checksum S3 stores are
// the entry's, which were computed from the source's content, and that the
// copy and the entry agree on which keeps the source's user metadata.
func (a *archiver) verifyEntries(ctx context.Context, current, superseded []Entry) (verification, error) {
	bar := a.bar("verify archive")
	defer bar.Done()
	type item struct {
		e       Entry
		current bool
	}
	var items []item
	for _, e := range current {
		items = append(items, item{e, true})
	}
	for _, e := range superseded {
		items = append(items, item{e, false})
	}
	var (
		mu   sync.Mutex
		res  verification
		done int
	)
	err := forEach(ctx, a.workers, items, func(ctx context.Context, it item) error {
		problem, err := a.check(ctx, it.e, it.current)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if problem != "" {
			res.bad, res.problems = append(res.bad, it.e), append(res.problems, it.e.Key+": "+problem)
		}
		done++
		bar.Update(int64(done), int64(len(items)), "copies")
		return nil
	})
	sort.Strings(res.problems)
	return res, err
}

// check compares one copy with its entry.
func (a *archiver) check(ctx context.Context, e Entry, current bool) (string, error) {
	in := &s3.HeadObjectInput{Bucket: aws.String(a.out.ArchiveBucket), Key: aws.String(e.Key), ChecksumMode: types.ChecksumModeEnabled}
	if !current {
		in.VersionId = aws.String(e.ArchiveVersionID)
	}
	h, err := a.s3.HeadObject(ctx, in)
	switch {
	case isNotFound(err):
		return "missing from the archive", nil
	case err != nil:
		return "", fmt.Errorf("check s3://%s/%s: %w", a.out.ArchiveBucket, e.Key, err)
	case aws.ToString(h.VersionId) != e.ArchiveVersionID:
		return fmt.Sprintf("the archive's current version is %s, the manifest's copy is version %s", aws.ToString(h.VersionId), e.ArchiveVersionID), nil
	case aws.ToInt64(h.ContentLength) != e.Size:
		return fmt.Sprintf("size %d, the manifest says %d", aws.ToInt64(h.ContentLength), e.Size), nil
	case aws.ToString(h.ChecksumSHA256) != e.ArchiveChecksum:
		return fmt.Sprintf("S3 stores the SHA-256 checksum %q, the source's content has %q", aws.ToString(h.ChecksumSHA256), e.ArchiveChecksum), nil
	case h.Metadata[metaVersion] != e.SourceVersionID:
		return fmt.Sprintf("holds source version %q, the manifest says %s", h.Metadata[metaVersion], e.SourceVersionID), nil
	}
	return sourceMetadataProblem(h.Metadata, e), nil
}

// sourceMetadataProblem says how a copy and its entry disagree on where
// the source's user metadata is: the copy's sce-in-manifest says the
// entry keeps it exactly when the entry does.
func sourceMetadataProblem(meta map[string]string, e Entry) string {
	switch inManifest := sourceMetadataInManifest(meta); {
	case inManifest && len(e.SourceMetadata) == 0:
		return fmt.Sprintf("does not carry its source's metadata (%s: %s), the manifest does not keep it", metaInManifest, meta[metaInManifest])
	case !inManifest && len(e.SourceMetadata) > 0:
		return fmt.Sprintf("the manifest keeps its source's metadata, the copy does not say it left it off (%s)", metaInManifest)
	}
	return ""
}
