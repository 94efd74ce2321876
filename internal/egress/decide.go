package egress

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/sce"
)

// Review is a reviewer's decision to record.
type Review struct {
	// ID is the request.
	ID string
	// Reason says why it is approved or rejected.
	Reason string
	// Lock is the Object Lock retention of the decision and the receipt.
	Lock Retention
}

// Outcome is what an approval did.
type Outcome struct {
	// Decision is the approval (written now, or by the run that resumed).
	Decision Decision
	// Resumed is set when the decision was already recorded by an earlier,
	// interrupted approval.
	Resumed bool
	// Copied counts the files copied now; AlreadyCopied those an earlier
	// run had copied.
	Copied, AlreadyCopied int
	// Receipt records every copy.
	Receipt Receipt
}

// pending is a request being decided on.
type pending struct {
	manifest Manifest
	doc      document
	reviewer string
	existing *Decision
}

// Approve approves a request and releases its files: every file must
// still be the version the request pinned, with the same SHA-256, or
// nothing is copied and nothing recorded. Then the decision is written once
// under Object Lock, each version is copied into the egress bucket (a copy
// an earlier, interrupted approval made is kept, not made again), and a
// receipt listing the copies is written once under Object Lock.
func Approve(ctx context.Context, env Env, r Review) (Outcome, error) {
	egressBucket, err := env.Project.egressBucket()
	if err != nil {
		return Outcome{}, err
	}
	p, err := open(ctx, env, r)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{}
	switch {
	case p.existing != nil && p.existing.Decision == Rejected:
		return Outcome{}, refused("request %s was rejected by %s at %s: make a new request", r.ID, p.existing.Reviewer, stamp(p.existing.DecidedAt))
	case p.existing != nil:
		out.Decision, out.Resumed = *p.existing, true
		// The files were current when it was approved: only the pinned
		// versions' content must still match.
		if err := verify(ctx, env.S3, p.manifest, false); err != nil {
			return Outcome{}, err
		}
	default:
		if err := verify(ctx, env.S3, p.manifest, true); err != nil {
			return Outcome{}, err
		}
		if out.Decision, err = record(ctx, env, p, Approved, r, egressBucket); err != nil {
			return Outcome{}, err
		}
	}
	return release(ctx, env, p, out, r.Lock, egressBucket)
}

// Reject rejects a request: nothing is copied; the decision is written
// once under Object Lock.
func Reject(ctx context.Context, env Env, r Review) (Decision, error) {
	p, err := open(ctx, env, r)
	if err != nil {
		return Decision{}, err
	}
	if p.existing != nil {
		return Decision{}, refused("request %s was already %s by %s at %s", r.ID, p.existing.Decision, p.existing.Reviewer, stamp(p.existing.DecidedAt))
	}
	return record(ctx, env, p, Rejected, r, "")
}

// open reads a request and its decision, if any, and refuses a reviewer
// who is the requester's principal, or a manifest rewritten since.
func open(ctx context.Context, env Env, r Review) (pending, error) {
	if err := checkID(r.ID); err != nil {
		return pending{}, err
	}
	if strings.TrimSpace(r.Reason) == "" {
		return pending{}, invalid("--reason is empty: say why request %s is approved or rejected (it is kept with the decision)", r.ID)
	}
	if err := r.Lock.check(); err != nil {
		return pending{}, err
	}
	reviewer, err := env.caller(ctx)
	if err != nil {
		return pending{}, err
	}
	p := pending{reviewer: reviewer}
	if p.manifest, p.doc, err = readManifest(ctx, env, r.ID); err != nil {
		return pending{}, err
	}
	if a, b := principal(reviewer), principal(p.manifest.Requester); a == b {
		return pending{}, refused("request %s was made by %s; %s is the same principal (%s) and cannot review it: ask a reviewer, who decides as the role %s",
			r.ID, p.manifest.Requester, reviewer, a, sce.ApproverRoleName(env.Project.PIT))
	}
	var d Decision
	_, found, err := getJSON(ctx, env.S3, env.Project.Logs, decisionKey(r.ID), &d)
	if err != nil {
		return pending{}, err
	}
	if found {
		p.existing = &d
	}
	return p, nil
}

// readManifest reads a request's manifest and checks that it is the only
// version ever written there and that it is this project's.
func readManifest(ctx context.Context, env Env, id string) (Manifest, document, error) {
	bucket, key := env.Project.Output, requestKey(id)
	var m Manifest
	doc, found, err := getJSON(ctx, env.S3, bucket, key, &m)
	if err != nil {
		return Manifest{}, document{}, err
	}
	if !found {
		return Manifest{}, document{}, invalid("no request %s in project %s (s3://%s/%s): see `sce egress review %s`", id, env.Project.PIT, bucket, key, env.Project.PIT)
	}
	if m.ID != id || m.PIT != env.Project.PIT || m.Bucket != bucket {
		return Manifest{}, document{}, refused("s3://%s/%s names request %q of project %q in bucket %q: it is not this request's manifest", bucket, key, m.ID, m.PIT, m.Bucket)
	}
	out, err := env.S3.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(key)})
	if err != nil {
		return Manifest{}, document{}, fmt.Errorf("list the versions of s3://%s/%s: %w", bucket, key, err)
	}
	if n := versionsOf(out, key); n != 1 {
		return Manifest{}, document{}, refused("the manifest s3://%s/%s has %d versions and delete markers: it was rewritten after the request; reject it and ask for a new request", bucket, key, n)
	}
	return m, doc, nil
}

// versionsOf counts the versions and delete markers of exactly key.
func versionsOf(out *s3.ListObjectVersionsOutput, key string) int {
	n := 0
	for _, v := range out.Versions {
		if aws.ToString(v.Key) == key {
			n++
		}
	}
	for _, m := range out.DeleteMarkers {
		if aws.ToString(m.Key) == key {
			n++
		}
	}
	return n
}

// record writes a decision once, under Object Lock.
func record(ctx context.Context, env Env, p pending, decision string, r Review, egressBucket string) (Decision, error) {
	now := env.now()
	d := Decision{Format: Format, RequestID: r.ID, Decision: decision, Reviewer: p.reviewer, Reason: strings.TrimSpace(r.Reason),
		DecidedAt: now, ManifestVersionID: p.doc.versionID, ManifestSHA256: p.doc.sha256, EgressBucket: egressBucket, Manifest: p.manifest}
	_, err := putOnce(ctx, env.S3, env.Project.Logs, decisionKey(r.ID), d, &r.Lock, now)
	if errors.Is(err, errExists) {
		return Decision{}, refused("request %s was decided by someone else meanwhile: see `sce egress list %s`", r.ID, env.Project.PIT)
	}
	if err != nil {
		return Decision{}, wrap("record the decision", err)
	}
	return d, nil
}

// verify checks every file of a request and reports every one that
// changed: the pinned version must still be there with its size and
// SHA-256, and, when current is set, still be the key's current version.
func verify(ctx context.Context, c S3API, m Manifest, current bool) error {
	var changed []string
	for _, f := range m.Files {
		problem, err := check(ctx, c, m.Bucket, f, current)
		if err != nil {
			return err
		}
		if problem != "" {
			changed = append(changed, f.Key+": "+problem)
		}
	}
	if len(changed) > 0 {
		return refused("%d of the %s of request %s changed after the request, so nothing was copied:\n  %s\nreject it and ask for a new request",
			len(changed), english.Plural(len(m.Files), "file"), m.ID, strings.Join(changed, "\n  "))
	}
	return nil
}

// check says how one file changed since the request ("" when it did not).
func check(ctx context.Context, c S3API, bucket string, f File, current bool) (string, error) {
	if current {
		head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(f.Key)})
		switch {
		case hasCode(err, "NotFound", "NoSuchKey"):
			return "deleted after the request", nil
		case err != nil:
			return "", fmt.Errorf("check s3://%s/%s: %w", bucket, f.Key, err)
		case aws.ToString(head.VersionId) != f.VersionID:
			return fmt.Sprintf("replaced after the request (current version %s, requested %s)", aws.ToString(head.VersionId), f.VersionID), nil
		}
	}
	got, err := readVersion(ctx, c, bucket, f.Key, f.VersionID)
	switch {
	case hasCode(err, "NoSuchVersion", "NoSuchKey", "NotFound"):
		return fmt.Sprintf("version %s is gone", f.VersionID), nil
	case err != nil:
		return "", err
	case got.sha256 != f.SHA256 || got.size != f.Size:
		return fmt.Sprintf("version %s reads %d bytes with SHA-256 %s, the request has %d bytes with %s", f.VersionID, got.size, got.sha256, f.Size, f.SHA256), nil
	}
	return "", nil
}
