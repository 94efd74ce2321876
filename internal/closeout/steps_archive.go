package closeout

import (
	"context"
	"fmt"
	"strings"

	"github.com/sce-dev/sce/sce"
)

// archiverFor readies the archiver with what preflight recorded.
func (r *runner) archiverFor() *archiver {
	o := r.st.Outputs
	r.arch.out = o
	r.arch.copier = &copier{s3: r.env.S3, bucket: o.ArchiveBucket, keyArn: o.ArchiveKeyArn, pit: o.PIT, partSize: r.opts.PartSize, now: r.env.Now}
	return r.arch
}

// archive copies the current objects of data-in, output, logs and
// access-logs into the archive; a rerun copies only what is missing.
func (r *runner) archive(ctx context.Context) (string, error) {
	a := r.archiverFor()
	if r.st.Archive.Sources == nil {
		r.st.Archive.Sources = map[string]BucketCounts{}
	}
	copied := 0
	for _, role := range archivedRoles {
		entries, counts, err := a.syncRole(ctx, role)
		copied += len(entries)
		if err != nil {
			return "", fmt.Errorf("%s: %w (%d objects copied and journaled before the failure)", role, err, copied)
		}
		r.st.Archive.Sources[string(role)] = counts
	}
	n, size := totals(r.journal.all())
	return fmt.Sprintf("%d objects copied now, %d archived in all (%d bytes)", copied, n, size), nil
}

// verifyArchive writes MANIFEST.json, reads it back, and checks every
// archived object against it. A mismatch blocks every destructive step;
// the bad copies leave the journal, so a rerun copies them again.
func (r *runner) verifyArchive(ctx context.Context) (string, error) {
	m, sum, err := r.publishManifest(ctx)
	if err != nil {
		return "", err
	}
	bad, problems, err := r.archiverFor().verifyEntries(ctx, m.Objects)
	if err != nil {
		return "", err
	}
	if len(bad) > 0 {
		return "", r.rejectCopies(bad, problems, len(m.Objects))
	}
	r.st.Archive.Verified = true
	return fmt.Sprintf("%d objects match %s (sha256 %s)", len(m.Objects), r.st.Archive.ManifestKey, sum), nil
}

// publishManifest writes the manifest of every journaled copy.
func (r *runner) publishManifest(ctx context.Context) (*Manifest, string, error) {
	m := buildManifest(r.st, r.journal.all(), r.env.Now())
	stored, sum, err := writeManifest(ctx, r.env.S3, r.st.Outputs, m)
	if err != nil {
		return nil, "", err
	}
	if len(stored.Objects) != len(m.Objects) {
		return nil, "", fmt.Errorf("MANIFEST.json read back lists %d objects, %d were written", len(stored.Objects), len(m.Objects))
	}
	a := &r.st.Archive
	a.ManifestKey, a.ManifestSHA256 = manifestKey(r.st.Outputs.PIT), sum
	a.Objects, a.Bytes = totals(stored.Objects)
	return stored, sum, nil
}

// rejectCopies takes failed copies out of the journal and reopens the
// archive step, so that the next run copies them again.
func (r *runner) rejectCopies(bad []Entry, problems []string, total int) error {
	for _, e := range bad {
		if err := r.journal.reject(e); err != nil {
			return err
		}
	}
	r.st.Archive.Verified = false
	r.st.Archive.Rejected += len(bad)
	reopened := fmt.Sprintf("%d copies failed verification and will be copied again", len(bad))
	r.st.record(StepArchive, statusFailed, reopened, r.env.Now())
	r.st.record(StepVerify, statusFailed, reopened, r.env.Now())
	shown := problems
	if len(shown) > 5 {
		shown = append(shown[:5:5], fmt.Sprintf("and %d more", len(problems)-5))
	}
	return fmt.Errorf("%d of %d archived objects do not match MANIFEST.json, so nothing is destroyed: %s",
		len(bad), total, strings.Join(shown, "; "))
}

// topUp archives and verifies the current objects of a role that arrived
// after the archive step (the close-out's own audit logs), and rewrites
// the manifest, so that emptying never deletes an unarchived object.
func (r *runner) topUp(ctx context.Context, role sce.BucketRole) (int, error) {
	a := r.archiverFor()
	copied, _, err := a.syncRole(ctx, role)
	if err != nil || len(copied) == 0 {
		return 0, err
	}
	bad, problems, err := a.verifyEntries(ctx, copied)
	if err != nil {
		return 0, err
	}
	if len(bad) > 0 {
		return 0, r.rejectCopies(bad, problems, len(copied))
	}
	if _, _, err := r.publishManifest(ctx); err != nil {
		return 0, err
	}
	return len(copied), nil
}

func totals(entries []Entry) (int, int64) {
	var size int64
	for _, e := range entries {
		size += e.Size
	}
	return len(entries), size
}
