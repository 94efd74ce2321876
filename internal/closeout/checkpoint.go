package closeout

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The close-out's checkpoint is its state, written to
// closeout/<pit>/<instance>/CLOSEOUT-STATE.json after every step: the state
// file in the state directory is this machine's copy. A run from another
// directory or machine continues from the checkpoint, and a run that finds
// the project already closed out by another one ends there, cleanly.

// saveCheckpoint writes the state into the archive.
func (r *runner) saveCheckpoint(ctx context.Context) error {
	data, err := r.st.encode()
	if err != nil {
		return err
	}
	_, err = putDocument(ctx, r.env.S3, r.st.Outputs, r.st.layout().checkpoint(), "application/json", data)
	return err
}

// readCheckpoint reads a project instance's checkpoint; nil when there is none.
func readCheckpoint(ctx context.Context, client S3API, bucket string, l layout) (*State, error) {
	st, err := readDocument[State](ctx, client, bucket, l.checkpoint())
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if st.Version != stateVersion {
		return nil, olderFormat(fmt.Sprintf("s3://%s/%s", bucket, l.checkpoint()), st)
	}
	return st, nil
}

// olderFormat refuses a close-out state (at where) that another sce wrote
// in another format: resumed, it would report what it never recorded.
func olderFormat(where string, st *State) error {
	if st.done(StepReport) {
		return fmt.Errorf("%w: %s is the state of a close-out of stack %q that an sce writing format %d finished (this sce "+
			"writes format %d): its report is s3://%s/%s.md; this sce neither resumes nor rechecks it", ErrRefused, where, st.Stack,
			st.Version, stateVersion, st.Outputs.ArchiveBucket, st.layout().report())
	}
	return fmt.Errorf("%w: %s is the state of a close-out of stack %q that an sce writing format %d began (this sce writes "+
		"format %d, and would report what that one never recorded): finish it with the sce that began it", ErrRefused, where,
		st.Stack, st.Version, stateVersion)
}

// syncCheckpoint compares this run's state with the archive's checkpoint:
// a checkpoint of another project refuses the run; one further along (a
// run from elsewhere went on) replaces the state.
func (r *runner) syncCheckpoint(ctx context.Context) error {
	l := r.st.layout()
	cp, err := readCheckpoint(ctx, r.env.S3, r.st.Outputs.ArchiveBucket, l)
	if err != nil || cp == nil {
		return err
	}
	if cp.Stack != r.st.Stack || cp.Outputs.KMSKeyArn != r.st.Outputs.KMSKeyArn || cp.Instance != r.st.Instance {
		return fmt.Errorf("s3://%s/%s is the close-out of another project (stack %q, key %s), not of stack %q (key %s): "+
			"nothing is changed; find out who wrote it", r.st.Outputs.ArchiveBucket, l.checkpoint(), cp.Stack, cp.Outputs.KMSKeyArn,
			r.st.Stack, r.st.Outputs.KMSKeyArn)
	}
	if cp.progress() > r.st.progress() {
		r.logf("continuing from s3://%s/%s: %d of %d steps done (last by %s)", r.st.Outputs.ArchiveBucket, l.checkpoint(),
			cp.progress(), len(Steps()), last(cp.Operators))
		cp.LockBreaks = append(cp.LockBreaks, newBreaks(cp.LockBreaks, r.st.LockBreaks)...)
		*r.st = *cp
	}
	return nil
}

func newBreaks(have, breaks []BrokenLock) []BrokenLock {
	var out []BrokenLock
	for _, b := range breaks {
		if !slices.Contains(have, b) {
			out = append(out, b)
		}
	}
	return out
}

func last(s []string) string {
	if len(s) == 0 {
		return "unknown"
	}
	return s[len(s)-1]
}

// findCloseout finds, for a stack with no outputs left (destroyed), the
// newest close-out of it in the archive, under closeout/<pit>/.
func findCloseout(ctx context.Context, client S3API, bucket, pit, stack string) (*State, error) {
	instances, err := listInstances(ctx, client, bucket, pit)
	if err != nil {
		return nil, err
	}
	slices.Reverse(instances)
	for _, instance := range instances {
		cp, err := readCheckpoint(ctx, client, bucket, layout{pit: pit, instance: instance})
		if err != nil {
			return nil, err
		}
		if cp != nil && cp.Stack == stack {
			return cp, nil
		}
	}
	return nil, nil
}

// listInstances lists the project instances closed out (or being closed
// out) under a PIT, oldest first.
func listInstances(ctx context.Context, client S3API, bucket, pit string) ([]string, error) {
	prefix := documentsPrefix + pit + "/"
	var out []string
	p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix), Delimiter: aws.String("/")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, c := range page.CommonPrefixes {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(aws.ToString(c.Prefix), prefix), "/"))
		}
	}
	slices.Sort(out)
	return out, nil
}
