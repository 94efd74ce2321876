package closeout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// Lock is the close-out lock: an object in the archive
// (closeout/<pit>/<instance>/CLOSEOUT.lock) that a run creates only if it
// does not exist (If-None-Match: *), so that of two runs, from any machine
// or directory, one goes on and the other stops before changing anything.
// A run deletes it when it ends (a delete marker: the archive keeps every
// version, so the lock's history stays in the archive).
//
// A run that dies leaves its lock. Once sure that run is gone (its machine
// stopped, its process killed), an operator breaks the lock with
// `sce closeout <stack> --break-lock "<why>"`: the new lock replaces the
// stale one only if it is still the one read (If-Match), and records the
// stale lock, who broke it, when and why; the report lists every break.
type Lock struct {
	// Stack, PIT and Instance name what is being closed out.
	Stack    string `json:"stack"`
	PIT      string `json:"pit"`
	Instance string `json:"instance"`
	// Owner is the AWS caller identity of the run; Host and PID where it runs.
	Owner string `json:"owner"`
	Host  string `json:"host"`
	PID   int    `json:"pid"`
	// Acquired is when the run took the lock.
	Acquired time.Time `json:"acquired"`
	// Broke is the stale lock this one replaced, if any.
	Broke *BrokenLock `json:"broke,omitempty"`
}

// BrokenLock is a stale lock an operator broke, and why.
type BrokenLock struct {
	// Owner, Host and Acquired describe the stale lock.
	Owner    string    `json:"owner"`
	Host     string    `json:"host"`
	Acquired time.Time `json:"acquired"`
	// By broke it at At, for Reason.
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// heldLock is the lock this run holds.
type heldLock struct {
	client S3API
	out    Outputs
	key    string
	// versionID is the lock version this run wrote: only that one is
	// released.
	versionID string
}

// acquireLock takes the close-out lock, or breaks a stale one when
// breakReason is set; it fails, naming the holder, when another run holds it.
func (r *runner) acquireLock(ctx context.Context) (*heldLock, error) {
	st := r.st
	key := st.layout().lock()
	host, _ := os.Hostname()
	l := Lock{Stack: st.Stack, PIT: st.Outputs.PIT, Instance: st.Instance, Owner: r.caller, Host: host, PID: os.Getpid(), Acquired: r.env.Now().UTC()}
	held := &heldLock{client: r.env.S3, out: st.Outputs, key: key}
	in, err := lockInput(st.Outputs, key, l)
	if err != nil {
		return nil, err
	}
	in.IfNoneMatch = aws.String("*")
	out, err := r.env.S3.PutObject(ctx, in)
	if isPreconditionFailed(err) {
		return r.lockHeld(ctx, held, l)
	}
	if err != nil {
		return nil, fmt.Errorf("take the close-out lock s3://%s/%s: %w", st.Outputs.ArchiveBucket, key, err)
	}
	if r.opts.BreakLock != "" {
		r.logf("--break-lock: no close-out held the lock, nothing was broken")
	}
	held.versionID = aws.ToString(out.VersionId)
	return held, nil
}

// lockHeld reads the lock another run holds and refuses, or, asked to,
// replaces it if it is still the one read.
func (r *runner) lockHeld(ctx context.Context, held *heldLock, l Lock) (*heldLock, error) {
	current, etag, err := readLock(ctx, r.env.S3, held.out.ArchiveBucket, held.key)
	if err != nil {
		return nil, err
	}
	if r.opts.BreakLock == "" {
		return nil, fmt.Errorf("%w: a close-out of stack %s is running: s3://%s/%s was taken by %s on %s (pid %d) at %s. "+
			"Wait for it to end; if it is dead (its machine stopped, its process killed), run `sce closeout %s --break-lock \"<why you are sure>\"`",
			ErrLocked, r.opts.Stack, held.out.ArchiveBucket, held.key, current.Owner, current.Host, current.PID,
			current.Acquired.UTC().Format(time.RFC3339), r.opts.Stack)
	}
	l.Broke = &BrokenLock{Owner: current.Owner, Host: current.Host, Acquired: current.Acquired, By: r.caller, At: l.Acquired, Reason: r.opts.BreakLock}
	in, err := lockInput(held.out, held.key, l)
	if err != nil {
		return nil, err
	}
	in.IfMatch = aws.String(etag)
	out, err := r.env.S3.PutObject(ctx, in)
	if isPreconditionFailed(err) {
		return nil, fmt.Errorf("%w: the lock s3://%s/%s changed while it was being broken: run again to see who holds it now", ErrLocked, held.out.ArchiveBucket, held.key)
	}
	if err != nil {
		return nil, fmt.Errorf("break the close-out lock s3://%s/%s: %w", held.out.ArchiveBucket, held.key, err)
	}
	r.st.LockBreaks = append(r.st.LockBreaks, *l.Broke)
	r.logf("broke the lock of %s (taken at %s on %s): %s", current.Owner, current.Acquired.UTC().Format(time.RFC3339), current.Host, r.opts.BreakLock)
	held.versionID = aws.ToString(out.VersionId)
	return held, nil
}

// ErrLocked marks a close-out refused because another run holds the lock.
var ErrLocked = errors.New("close-out locked")

func lockInput(o Outputs, key string, l Lock) (*s3.PutObjectInput, error) {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("close-out lock: %w", err)
	}
	return documentInput(o, key, "application/json", append(data, '\n')), nil
}

// readLock reads the current lock and its ETag.
func readLock(ctx context.Context, client S3API, bucket, key string) (Lock, string, error) {
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return Lock{}, "", fmt.Errorf("read the close-out lock s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	var l Lock
	if err := json.NewDecoder(out.Body).Decode(&l); err != nil {
		return Lock{}, "", fmt.Errorf("read the close-out lock s3://%s/%s: %w", bucket, key, err)
	}
	return l, aws.ToString(out.ETag), nil
}

// release deletes the lock if it is still the one this run wrote (a run
// whose lock was broken leaves the new holder's).
func (h *heldLock) release(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	head, err := h.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(h.out.ArchiveBucket), Key: aws.String(h.key)})
	if isNotFound(err) || (err == nil && aws.ToString(head.VersionId) != h.versionID) {
		return nil
	}
	if err == nil {
		_, err = h.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(h.out.ArchiveBucket), Key: aws.String(h.key)})
	}
	if err != nil {
		return fmt.Errorf("release the close-out lock s3://%s/%s (the next run will have to break it): %w", h.out.ArchiveBucket, h.key, err)
	}
	return nil
}

// isPreconditionFailed reports a conditional write that did not hold (or
// that another conditional write on the key was racing, 409).
func isPreconditionFailed(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && (api.ErrorCode() == "PreconditionFailed" || api.ErrorCode() == "ConditionalRequestConflict")
}
