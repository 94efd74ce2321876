package closeout

import (
	"context"
	"fmt"
	"strings"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/sce"
)

// archiverFor readies the archiver with what preflight recorded. Once
// protection is lifted or the buckets emptied, destroy may have deleted a
// project bucket: the archiver then takes a missing bucket for an empty one.
func (r *runner) archiverFor() *archiver {
	o := r.st.Outputs
	r.arch.out = o
	r.arch.copier = &copier{s3: r.env.S3, bucket: o.ArchiveBucket, keyArn: o.ArchiveKeyArn, layout: r.st.layout(), partSize: r.opts.PartSize, now: r.env.Now}
	r.arch.allowGone = r.st.done(StepUnprotect) || r.st.done(StepEmpty)
	return r.arch
}

// archive copies the current objects of data-in, output, logs and
// access-logs into the archive, and exports the stack's log groups; a
// rerun copies and exports only what is missing.
func (r *runner) archive(ctx context.Context) (string, error) {
	if err := r.loadManifest(ctx); err != nil {
		return "", err
	}
	a := r.archiverFor()
	if r.st.Archive.Sources == nil {
		r.st.Archive.Sources = map[string]BucketCounts{}
	}
	copied := 0
	for _, role := range archivedRoles() {
		res, err := a.syncRole(ctx, role)
		copied += len(res.copied)
		if err != nil {
			return "", fmt.Errorf("%s: %w (%s copied and journaled before the failure)", role, err, english.Plural(copied, "object"))
		}
		if !res.gone {
			r.st.Archive.Sources[string(role)] = res.counts
		}
	}
	exported, err := r.archiveLogs(ctx)
	if err != nil {
		return "", fmt.Errorf("%w (%s copied and %s exported before the failure)", err, english.Plural(copied, "object"),
			english.Plural(exported, "log group"))
	}
	current, _ := r.journal.split()
	n, size := totals(current)
	return fmt.Sprintf("%s copied now, %s exported now (%s), %d archived in all (%s)", english.Plural(copied, "object"),
		english.Plural(exported, "log group"), logEventSummary(r.st.Archive.LogGroups), n, english.Plural(size, "byte")), nil
}

// verifyArchive writes MANIFEST.json, reads it back, and checks every copy
// it lists. A mismatch blocks every destructive step; the bad copies leave
// the journal, so a rerun copies them again.
func (r *runner) verifyArchive(ctx context.Context) (string, error) {
	m, sum, err := r.publishManifest(ctx)
	if err != nil {
		return "", err
	}
	res, err := r.archiverFor().verifyEntries(ctx, m.Objects, m.Superseded)
	if err != nil {
		return "", err
	}
	if len(res.bad) > 0 {
		return "", r.rejectCopies(res, len(m.Objects)+len(m.Superseded))
	}
	if err := r.journal.markVerified(append(append([]Entry(nil), m.Objects...), m.Superseded...)); err != nil {
		return "", err
	}
	r.st.Archive.Verified = true
	return fmt.Sprintf("%s %s %s (sha256 %s)", english.Count(len(m.Objects), "copy", "copies"), english.Agree(len(m.Objects), "matches", "match"),
		r.st.Archive.ManifestKey, sum), nil
}

// publishManifest writes the manifest of every known copy, journaled here
// or listed by the manifest already in the archive, and remembers what the
// new one lists.
func (r *runner) publishManifest(ctx context.Context) (*Manifest, string, error) {
	if err := r.loadManifest(ctx); err != nil {
		return nil, "", err
	}
	current, superseded := r.journal.split()
	m := buildManifest(r.st, current, superseded, r.env.Now())
	stored, sum, err := writeManifest(ctx, r.env.S3, r.st, m)
	if err != nil {
		return nil, "", err
	}
	if len(stored.Objects) != len(m.Objects) || len(stored.Superseded) != len(m.Superseded) {
		return nil, "", fmt.Errorf("MANIFEST.json read back lists %d+%d copies, %d+%d were written",
			len(stored.Objects), len(stored.Superseded), len(m.Objects), len(m.Superseded))
	}
	a := &r.st.Archive
	a.ManifestSHA256 = sum
	a.Objects, a.Bytes = totals(stored.Objects)
	a.Superseded, a.Checks = len(stored.Superseded), checks(stored.Objects)
	a.SourceMetadataInManifest = keepingSourceMetadata(stored.Objects)
	r.manifest = listed(stored)
	return stored, sum, nil
}

// rejectCopies takes failed copies out of the journal and reopens the
// archive step, so that the next run copies them again.
func (r *runner) rejectCopies(res verification, total int) error {
	for _, e := range res.bad {
		if err := r.journal.reject(e); err != nil {
			return err
		}
	}
	r.st.Archive.Verified = false
	r.st.Archive.Rejected += len(res.bad)
	reopened := english.Count(len(res.bad), "copy", "copies") + " failed verification and will be copied again"
	r.st.record(StepArchive, statusFailed, reopened, r.env.Now())
	r.st.record(StepVerify, statusFailed, reopened, r.env.Now())
	shown := res.problems
	if len(shown) > 5 {
		shown = append(shown[:5:5], fmt.Sprintf("and %d more", len(res.problems)-5))
	}
	return fmt.Errorf("%d of %s %s not match MANIFEST.json, so nothing is destroyed: %s",
		len(res.bad), english.Count(total, "archived copy", "archived copies"), english.Agree(len(res.bad), "does", "do"), strings.Join(shown, "; "))
}

// topUp archives the current objects of a role that arrived, or became
// current again, after the archive step (the close-out's own audit logs, a
// version restored by deleting a newer one), checks every current copy not
// verified yet (this run's, and any an earlier run or another operator made),
// and rewrites the manifest when it does not list the current copies, so
// that emptying never deletes an object whose archived copy is unverified.
func (r *runner) topUp(ctx context.Context, role sce.BucketRole) (int, error) {
	if err := r.loadManifest(ctx); err != nil {
		return 0, err
	}
	res, err := r.archiverFor().syncRole(ctx, role)
	if err != nil {
		return 0, err
	}
	if err := r.verifyPending(ctx); err != nil {
		return 0, err
	}
	if err := r.publishIfChanged(ctx); err != nil {
		return 0, err
	}
	return len(res.copied), nil
}

// verifyPending checks the current copies not verified yet, and journals
// their verification.
func (r *runner) verifyPending(ctx context.Context) error {
	current, _ := r.journal.split()
	var pending []Entry
	for _, e := range current {
		if !r.journal.isVerified(e) {
			pending = append(pending, e)
		}
	}
	if len(pending) == 0 {
		return nil
	}
	res, err := r.archiverFor().verifyEntries(ctx, pending, nil)
	if err != nil {
		return fmt.Errorf("check %s: %w", english.Count(len(pending), "archived copy", "archived copies"), err)
	}
	if len(res.bad) > 0 {
		return r.rejectCopies(res, len(pending))
	}
	return r.journal.markVerified(pending)
}

// publishIfChanged rewrites MANIFEST.json when its current copies are not
// the journal's.
func (r *runner) publishIfChanged(ctx context.Context) error {
	current, _ := r.journal.split()
	for _, e := range current {
		if listedAs, ok := r.manifest[e.Key]; !ok || listedAs.copyID() != e.copyID() {
			_, _, err := r.publishManifest(ctx)
			return err
		}
	}
	return nil
}

// loadManifest reads the copies the archive's MANIFEST.json lists, once per
// run, and adds those the journal does not know to it; a manifest of
// another project instance refuses the run.
func (r *runner) loadManifest(ctx context.Context) error {
	if r.manifest != nil {
		return nil
	}
	key := r.st.layout().manifest()
	m, err := readDocument[Manifest](ctx, r.env.S3, r.st.Outputs.ArchiveBucket, key)
	switch {
	case isNotFound(err):
		r.manifest = map[string]Entry{}
		return nil
	case err != nil:
		return err
	}
	if err := m.belongsTo(r.st, key); err != nil {
		return err
	}
	r.journal.seed(m)
	r.manifest = listed(m)
	return nil
}

// archivedSafely reports whether a current source version may be deleted:
// MANIFEST.json lists a copy of it as its key's current copy, and that copy
// was checked and matched.
func (r *runner) archivedSafely(role sce.BucketRole, v version) bool {
	e, ok := r.manifest[r.st.layout().archiveKey(string(role), v.key)]
	return ok && e.SourceVersionID == v.versionID && r.journal.isVerified(e)
}

// listed are a manifest's current copies by archive key.
func listed(m *Manifest) map[string]Entry {
	byKey := make(map[string]Entry, len(m.Objects))
	for _, e := range m.Objects {
		byKey[e.Key] = e
	}
	return byKey
}

// checks counts copies by what their source read was checked against.
func checks(es []Entry) map[string]int {
	out := map[string]int{}
	for _, e := range es {
		out[e.SourceCheck]++
	}
	return out
}

// keepingSourceMetadata counts the entries that keep their source's user
// metadata, which their copies do not carry.
func keepingSourceMetadata(es []Entry) int {
	n := 0
	for _, e := range es {
		if len(e.SourceMetadata) > 0 {
			n++
		}
	}
	return n
}

func totals(entries []Entry) (int, int64) {
	var size int64
	for _, e := range entries {
		size += e.Size
	}
	return len(entries), size
}
