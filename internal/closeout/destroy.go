package closeout

import (
	"context"
	"fmt"
	"io"

	"github.com/sce-dev/sce/internal/english"
)

// DestroyResult is what the destroy steps did.
type DestroyResult struct {
	// Unprotected counts the resources whose protection was lifted.
	Unprotected int `json:"unprotected"`
	// Attempts counts the `pulumi destroy` runs, over every close-out run.
	Attempts int `json:"attempts"`
	// Destroyed counts the resources the stack held before.
	Destroyed int `json:"destroyed"`
}

// unprotect lifts `protect` from the stack's resources: the PHI buckets,
// the log buckets and the KMS key are protected so that nothing but a
// verified close-out can delete them.
func (r *runner) unprotect(ctx context.Context) (string, error) {
	n, err := r.env.Stack.Unprotect(ctx)
	if err != nil {
		return "", fmt.Errorf("lift protection: %w", err)
	}
	r.st.Destroy.Unprotected = n
	return "protection lifted from " + english.Plural(n, "resource"), nil
}

// destroy runs `pulumi destroy`, once the log groups are exported again
// with what they logged since the archive step. Log files delivered into an emptied
// bucket before its trail or flow log was deleted make the bucket's
// deletion fail (BucketNotEmpty): they are archived, the buckets emptied
// again, and destroy retried, up to maxDestroyAttempts times per run (a
// rerun tries again); the state keeps the total for the report.
func (r *runner) destroy(ctx context.Context) (string, error) {
	if r.st.Destroy.Attempts == 0 {
		if err := r.finalLogExports(ctx); err != nil {
			return "", err
		}
	}
	for attempt := 1; ; attempt++ {
		r.st.Destroy.Attempts++
		err := r.env.Stack.Destroy(ctx, r.logWriter())
		if err == nil {
			break
		}
		if !bucketNotEmpty(err) || attempt >= maxDestroyAttempts {
			return "", fmt.Errorf("pulumi destroy (attempt %d of this run, %d in all): %w", attempt, r.st.Destroy.Attempts, err)
		}
		r.logf("destroy: a bucket received log files after it was emptied; archiving them and emptying again")
		if _, err := r.empty(ctx); err != nil {
			return "", err
		}
	}
	r.st.Destroy.Destroyed = len(r.st.Existed)
	return fmt.Sprintf("pulumi destroy removed the stack's %s (%s)", english.Plural(len(r.st.Existed), "resource"), english.Plural(r.st.Destroy.Attempts, "attempt")), nil
}

func (r *runner) logWriter() io.Writer {
	if r.env.Log == nil {
		return io.Discard
	}
	return r.env.Log
}
