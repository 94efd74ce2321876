// Package closeout ends a research project: it archives the project's
// data, results and logs into the account baseline's archive, each read
// checked against the source's own integrity data, with a manifest of
// SHA-256 checksums, and only when every archived copy is verified does it
// lift protection, empty the buckets and destroy the stack, then proves that
// nothing of the project is left and writes a report next to the manifest.
// Every step is recorded in a state file and in a checkpoint in the archive,
// so a rerun, from any directory, continues where a failure stopped; a lock
// in the archive keeps two runs from working at once.
package closeout

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sce-dev/sce/internal/buildinfo"
	"github.com/sce-dev/sce/internal/progress"
)

// Env is what close-out works with: the project stack, AWS, the clock.
type Env struct {
	// Stack is the project's Pulumi stack.
	Stack Stack
	// Baseline reads the account baseline's outputs, and, when it is a
	// ConfigReader too, the retention its archive must keep copies for
	// (sce:archiveRetentionYears); nil when the project stack exports
	// archiveBucketName and archiveKeyArn itself.
	Baseline OutputReader
	// Region is the region the AWS clients call (the Inspector and
	// Retention look there): preflight refuses a stack whose outputs name
	// resources in another one, and verify-no-trace records it with its
	// check. "" means the stack's aws:region.
	Region string
	// S3 reaches the project buckets and the archive.
	S3 S3API
	// Logs reads the events of the project's log groups, to archive them.
	Logs LogsAPI
	// Inspector looks for leftovers.
	Inspector Inspector
	// Retention finds what the project keeps on purpose: backup recovery
	// points and the warehouse's final snapshot.
	Retention Retention
	// Caller is the AWS caller identity running the close-out (the ARN
	// STS GetCallerIdentity returns): the lock's owner and the report's
	// operator.
	Caller func(ctx context.Context) (string, error)
	// Build is the sce build running the close-out, recorded in the state
	// and the report.
	Build buildinfo.Info
	// Now is the clock.
	Now func() time.Time
	// Log receives one line per step, Pulumi's progress and the bars.
	Log io.Writer
	// Bars draws progress bars on Log (a terminal).
	Bars bool
}

// Options configure a close-out.
type Options struct {
	// Stack is the project's stack name.
	Stack string
	// StateDir holds the state file, the archive journal and a copy of the report.
	StateDir string
	// Force closes out before the study end date; Reason says why (required).
	Force  bool
	Reason string
	// BreakLock, when set, is why a stale lock (of a run that is gone) is
	// broken; it is recorded in the lock, the state and the report.
	BreakLock string
	// Workers is how many objects are copied or checked at once.
	Workers int
	// PartSize is the smallest size of the parts large objects are copied
	// in; an object that would need more than S3's 10,000 parts gets
	// larger ones.
	PartSize int64
	// ArchiveBucket and ArchiveKeyArn override the stack outputs; one
	// that differs from what the project or the baseline stack exports is
	// refused unless NotBaselineArchive says it is meant.
	ArchiveBucket, ArchiveKeyArn string
	NotBaselineArchive           bool
	// FinalSnapshotDeleted says the operator deleted the warehouse's final
	// snapshot after the destroy: the no-trace check then requires it gone
	// instead of reporting it as kept.
	FinalSnapshotDeleted bool
}

// Defaults of Options.
const (
	DefaultWorkers  = 4
	DefaultPartSize = 32 << 20
	// maxDestroyAttempts bounds the destroys one run retries after log
	// files arrived in an emptied bucket.
	maxDestroyAttempts = 3
)

// ErrRefused marks a close-out refused before it changed anything: before
// the study end without --force, or without a reason.
var ErrRefused = errors.New("close-out refused")

// runner runs the steps of one close-out.
type runner struct {
	env     Env
	opts    Options
	st      *State
	paths   paths
	journal *journal
	arch    *archiver
	// caller is the AWS identity running this run.
	caller string
	// held is the archive lock, once taken.
	held *heldLock
	// manifest holds the current copies MANIFEST.json lists, by archive
	// key; nil until read or written in this run.
	manifest map[string]Entry
}

// Run runs the close-out's remaining steps and returns its state. A failed
// step is recorded, in the state directory and in the archive's checkpoint;
// rerunning, from any directory, continues from it. While another run holds
// the archive lock, Run changes nothing and returns an error wrapping
// ErrLocked.
func Run(ctx context.Context, env Env, opts Options) (*State, error) {
	opts = withDefaults(opts)
	if err := os.MkdirAll(opts.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("close-out state directory: %w", err)
	}
	p := pathsFor(opts.StateDir, opts.Stack)
	unlock, err := lock(p.lock)
	if err != nil {
		return nil, err
	}
	defer unlock()
	r, err := newRunner(env, opts, p)
	if err != nil {
		return nil, err
	}
	return r.st, r.run(ctx)
}

func withDefaults(o Options) Options {
	if o.Workers <= 0 {
		o.Workers = DefaultWorkers
	}
	if o.PartSize <= 0 {
		o.PartSize = DefaultPartSize
	}
	if o.StateDir == "" {
		o.StateDir = ".sce/closeout"
	}
	return o
}

func newRunner(env Env, opts Options, p paths) (*runner, error) {
	st, err := loadState(p.state, opts.Stack, env.Now())
	if err != nil {
		return nil, err
	}
	j, err := openJournal(p.journal)
	if err != nil {
		return nil, err
	}
	r := &runner{env: env, opts: opts, st: st, paths: p, journal: j}
	r.arch = &archiver{s3: env.S3, journal: j, workers: opts.Workers, bar: r.bar}
	return r, nil
}

func (r *runner) bar(label string) *progress.Bar { return progress.New(r.env.Log, label, r.env.Bars) }

// steps maps each step to its function; each returns a one-line result.
func (r *runner) steps() map[string]func(context.Context) (string, error) {
	return map[string]func(context.Context) (string, error){
		StepPreflight: r.preflight, StepArchive: r.archive, StepVerify: r.verifyArchive, StepUnprotect: r.unprotect,
		StepEmpty: r.empty, StepDestroy: r.destroy, StepNoTrace: r.noTrace, StepReport: r.report,
	}
}

// run finds the project (preflight, read-only), takes the archive lock,
// catches up with the archive's checkpoint, and runs the remaining steps.
func (r *runner) run(ctx context.Context) (err error) {
	if r.env.Caller == nil {
		return errors.New("close-out needs the AWS caller identity (Env.Caller)")
	}
	if r.caller, err = r.env.Caller(ctx); err != nil {
		return fmt.Errorf("read the AWS caller identity: %w", err)
	}
	preflight := ""
	if !r.st.done(StepPreflight) {
		if preflight, err = r.preflight(ctx); err != nil {
			return r.fail(ctx, 0, StepPreflight, err)
		}
	}
	if r.held, err = r.acquireLock(ctx); err != nil {
		return err
	}
	defer func() { err = errors.Join(err, r.held.release(ctx)) }()
	if err := r.syncCheckpoint(ctx); err != nil {
		return err
	}
	if r.st.done(StepReport) {
		r.logf("project %s is closed out (by %s): nothing left to do", r.st.Outputs.PIT, strings.Join(r.st.Operators, ", "))
		return r.st.save(r.paths.state)
	}
	r.st.ran(r.caller, r.env.Build.Line())
	if !r.st.done(StepPreflight) {
		if err := r.finish(ctx, 0, StepPreflight, preflight); err != nil {
			return err
		}
	}
	return r.runSteps(ctx)
}

// runSteps runs every step not done yet, in order.
func (r *runner) runSteps(ctx context.Context) error {
	fns, steps := r.steps(), Steps()
	for i, step := range steps {
		if r.st.done(step) {
			r.logf("[%d/%d] %s: done before", i+1, len(steps), step)
			continue
		}
		if err := r.guard(step); err != nil {
			return err
		}
		detail, err := fns[step](ctx)
		if err != nil {
			return r.fail(ctx, i, step, err)
		}
		if err := r.finish(ctx, i, step, detail); err != nil {
			return err
		}
	}
	return nil
}

// finish records a step done, here and in the archive's checkpoint.
func (r *runner) finish(ctx context.Context, i int, step, detail string) error {
	r.st.record(step, statusDone, detail, r.env.Now())
	if err := r.save(ctx); err != nil {
		return err
	}
	r.logf("[%d/%d] %s: %s", i+1, len(Steps()), step, detail)
	return nil
}

// save writes the state file and, once the lock is held, the checkpoint.
func (r *runner) save(ctx context.Context) error {
	if err := r.st.save(r.paths.state); err != nil {
		return err
	}
	if r.held == nil {
		return nil
	}
	return r.saveCheckpoint(ctx)
}

// guard keeps every destructive step behind a verified archive.
func (r *runner) guard(step string) error {
	switch step {
	case StepUnprotect, StepEmpty, StepDestroy:
		if !r.st.done(StepVerify) || !r.st.Archive.Verified {
			return fmt.Errorf("%s refused: the archive is not verified", step)
		}
	}
	return nil
}

func (r *runner) fail(ctx context.Context, i int, step string, err error) error {
	r.st.record(step, statusFailed, err.Error(), r.env.Now())
	if saveErr := r.save(context.WithoutCancel(ctx)); saveErr != nil {
		return errors.Join(err, saveErr)
	}
	r.logf("[%d/%d] %s: FAILED: %v", i+1, len(Steps()), step, err)
	if errors.Is(err, ErrRefused) {
		return err
	}
	return fmt.Errorf("close-out step %s failed: %w; fix the cause and run `sce closeout %s` again: it continues from this step",
		step, err, r.opts.Stack)
}

func (r *runner) logf(format string, a ...any) {
	if r.env.Log != nil {
		fmt.Fprintf(r.env.Log, format+"\n", a...)
	}
}
