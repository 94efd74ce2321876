package closeout

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/sce-dev/sce/internal/english"
)

// DestroyResult is what the destroy steps did.
type DestroyResult struct {
	// Unprotected counts the resources whose protection was lifted.
	Unprotected int `json:"unprotected"`
	// Attempts counts the `pulumi destroy` runs, over every close-out run.
	Attempts int `json:"attempts"`
	// Destroyed counts the AWS resources of the stack `pulumi destroy`
	// deleted: those it held before, less the retained ones; Pulumi's own
	// (the stack, providers, components) are not counted.
	Destroyed int `json:"destroyed"`
	// Retained counts the AWS resources marked retainOnDelete: `pulumi destroy`
	// dropped them from the stack and left them in the account.
	Retained int `json:"retained"`
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
		if err := r.warehouseStillAvailable(ctx); err != nil {
			return "", err
		}
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
	gone, kept := splitRetained(r.st.Existed)
	r.st.Destroy.Destroyed, r.st.Destroy.Retained = len(gone), len(kept)
	detail := "pulumi destroy deleted " + strconv.Itoa(len(gone)) + " AWS " + english.Agree(len(gone), "resource", "resources")
	if len(kept) > 0 {
		detail += fmt.Sprintf("; %s marked retainOnDelete %s dropped from the stack and kept in the account",
			english.Plural(len(kept), "resource"), english.Agree(len(kept), "was", "were"))
	}
	return fmt.Sprintf("%s (%s)", detail, english.Plural(r.st.Destroy.Attempts, "attempt")), nil
}

// splitRetained splits the stack's AWS resources into those `pulumi
// destroy` deletes and those it only drops from the stack (retainOnDelete);
// Pulumi's own (the stack, providers, components) are not counted, as the
// dry run does not count them.
func splitRetained(res []Resource) (gone, kept []Resource) {
	for _, r := range res {
		if !awsResource(r) {
			continue
		}
		if r.RetainOnDelete {
			kept = append(kept, r)
		} else {
			gone = append(gone, r)
		}
	}
	return gone, kept
}

func (r *runner) logWriter() io.Writer {
	if r.env.Log == nil {
		return io.Discard
	}
	return r.env.Log
}

// warehouseStillAvailable asks again, right before the destroy, what
// preflight asked (checkWarehouse): the archive and empty steps can take
// hours, or days when one is run again, and a working-hours schedule may
// have paused the warehouse meanwhile.
func (r *runner) warehouseStillAvailable(ctx context.Context) error {
	cfg, err := r.env.Stack.Config(ctx)
	if err != nil {
		return fmt.Errorf("read stack config: %w", err)
	}
	return r.checkWarehouse(ctx, cfg, r.st.Outputs.PIT)
}
