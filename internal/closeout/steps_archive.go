package closeout

import (
	"context"
	"fmt"
	"strings"

	"github.com/sce-dev/sce/sce"
)

// archiverFor readies the archiver with what preflight recorded. Once
// protection is lifted or the buckets emptied, destroy may have deleted a
// project bucket: the archiver then takes a missing bucket for an empty one.
func (r *runner) archiverFor() *archiver {
	o := r.st.Outputs
	r.arch.out = o
	r.arch.copier = &copier{s3: r.env.S3, bucket: o.ArchiveBucket, keyArn: o.ArchiveKeyArn, pit: o.PIT, partSize: r.opts.PartSize, now: r.env.Now}
	r.arch.allowGone = r.st.done(StepUnprotect) || r.st.done(StepEmpty)
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
		res, err := a.syncRole(ctx, role)
		copied += len(res.copied)
		if err != nil {
			return "", fmt.Errorf("%s: %w (%d objects copied and journaled before the failure)", role, err, copied)
		}
		if !res.gone {
			r.st.Archive.Sources[string(role)] = res.counts
		}
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
	if err := r.journal.markVerified(m.Objects); err != nil {
		return "", err
	}
	r.st.Archive.Verified = true
	return fmt.Sprintf("%d objects match %s (sha256 %s)", len(m.Objects), r.st.Archive.ManifestKey, sum), nil
}

// publishManifest writes the manifest of every journaled copy and of every
// copy the archive's manifest already lists, but those that failed
// verification (so that a lost journal never shrinks it), and remembers
// what the new one lists.
func (r *runner) publishManifest(ctx context.Context) (*Manifest, string, error) {
	if err := r.loadManifest(ctx); err != nil {
		return nil, "", err
	}
	entries := r.journal.all()
	for _, e := range r.manifest {
		if !r.journal.wasRejected(e.id()) {
			entries = append(entries, e)
		}
	}
	m := buildManifest(r.st, entries, r.env.Now())
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
	r.manifest = listed(stored)
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

// topUp archives the current objects of a role that arrived after the
// archive step (the close-out's own audit logs), reads back every copy not
// verified yet (this run's, and any an earlier run journaled but could not
// read back), and rewrites the manifest when it misses a copy, so that
// emptying never deletes an object whose archived copy is unverified.
func (r *runner) topUp(ctx context.Context, role sce.BucketRole) (int, error) {
	res, err := r.archiverFor().syncRole(ctx, role)
	if err != nil {
		return 0, err
	}
	if err := r.verifyPending(ctx); err != nil {
		return 0, err
	}
	if err := r.publishIfMissing(ctx); err != nil {
		return 0, err
	}
	return len(res.copied), nil
}

// verifyPending reads back the copies the manifest lists, or will list,
// that are not verified yet, and journals their verification.
func (r *runner) verifyPending(ctx context.Context) error {
	var pending []Entry
	for _, e := range latestEntries(r.journal.all()) {
		if !r.journal.isVerified(e.id()) {
			pending = append(pending, e)
		}
	}
	if len(pending) == 0 {
		return nil
	}
	bad, problems, err := r.archiverFor().verifyEntries(ctx, pending)
	if err != nil {
		return fmt.Errorf("read back %d archived copies: %w", len(pending), err)
	}
	if len(bad) > 0 {
		return r.rejectCopies(bad, problems, len(pending))
	}
	return r.journal.markVerified(pending)
}

// publishIfMissing rewrites MANIFEST.json when a journaled copy is not in
// the one in the archive.
func (r *runner) publishIfMissing(ctx context.Context) error {
	if err := r.loadManifest(ctx); err != nil {
		return err
	}
	for _, e := range latestEntries(r.journal.all()) {
		if _, ok := r.manifest[e.id()]; !ok {
			_, _, err := r.publishManifest(ctx)
			return err
		}
	}
	return nil
}

// loadManifest reads the copies the archive's MANIFEST.json lists, once
// per run: none before the first verify-archive.
func (r *runner) loadManifest(ctx context.Context) error {
	if r.manifest != nil {
		return nil
	}
	o := r.st.Outputs
	m, err := readManifest(ctx, r.env.S3, o.ArchiveBucket, manifestKey(o.PIT))
	switch {
	case isNotFound(err):
		r.manifest = map[string]Entry{}
	case err != nil:
		return err
	default:
		r.manifest = listed(m)
	}
	return nil
}

// archivedSafely reports whether a current source version may be deleted:
// its archived copy was read back and matched, and MANIFEST.json lists it.
func (r *runner) archivedSafely(role sce.BucketRole, v version) bool {
	id := versionID(string(role), v)
	_, inManifest := r.manifest[id]
	return r.journal.isVerified(id) && inManifest
}

// listed are a manifest's entries by source version.
func listed(m *Manifest) map[string]Entry {
	byID := make(map[string]Entry, len(m.Objects))
	for _, e := range m.Objects {
		byID[e.id()] = e
	}
	return byID
}

func totals(entries []Entry) (int, int64) {
	var size int64
	for _, e := range entries {
		size += e.Size
	}
	return len(entries), size
}
