package closeout

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sce-dev/sce/stacks"
)

// preflight reads the stack's outputs, config and resources, checks the
// study end date, and records what exists before anything changes.
func (r *runner) preflight(ctx context.Context) (string, error) {
	raw, err := r.env.Stack.Outputs(ctx)
	if err != nil {
		return "", fmt.Errorf("read stack outputs: %w", err)
	}
	out, err := parseOutputs(raw)
	if err != nil {
		return "", err
	}
	if err := r.archiveOutputs(ctx, &out); err != nil {
		return "", err
	}
	cfg, err := r.env.Stack.Config(ctx)
	if err != nil {
		return "", fmt.Errorf("read stack config: %w", err)
	}
	if err := r.checkEndDate(cfg.StudyEndDate); err != nil {
		return "", err
	}
	res, err := r.env.Stack.Resources(ctx)
	if err != nil {
		return "", fmt.Errorf("read stack resources: %w", err)
	}
	r.st.Outputs, r.st.Project, r.st.Existed = out, projectFacts(cfg), res
	r.st.Force, r.st.Reason, r.st.Operator = r.opts.Force, r.opts.Reason, r.opts.Operator
	r.st.Archive.Bucket, r.st.Archive.KeyArn = out.ArchiveBucket, out.ArchiveKeyArn
	return fmt.Sprintf("project %s: %d resources, archive s3://%s", out.PIT, len(res), out.ArchiveBucket), nil
}

// archiveOutputs finds the archive: flags, then the project's re-exported
// baseline outputs, then the baseline stack.
func (r *runner) archiveOutputs(ctx context.Context, out *Outputs) error {
	if r.opts.ArchiveBucket != "" {
		out.ArchiveBucket = r.opts.ArchiveBucket
	}
	if r.opts.ArchiveKeyArn != "" {
		out.ArchiveKeyArn = r.opts.ArchiveKeyArn
	}
	if (out.ArchiveBucket == "" || out.ArchiveKeyArn == "") && r.env.Baseline != nil {
		raw, err := r.env.Baseline.Outputs(ctx)
		if err != nil {
			return fmt.Errorf("read the baseline stack's outputs: %w", err)
		}
		out.archiveFrom(raw)
	}
	if out.ArchiveBucket == "" || out.ArchiveKeyArn == "" {
		return fmt.Errorf("no archive: neither the project nor the baseline stack exports archiveBucketName and archiveKeyArn; " +
			"deploy the account baseline, or pass --archive-bucket and --archive-key")
	}
	return nil
}

// checkEndDate refuses to close out a running study unless forced with a reason.
func (r *runner) checkEndDate(end string) error {
	if r.opts.Force && strings.TrimSpace(r.opts.Reason) == "" {
		return fmt.Errorf("%w: --force needs --reason, recorded in the close-out report", ErrRefused)
	}
	day, err := time.Parse(time.DateOnly, end)
	if err != nil {
		return fmt.Errorf("the stack's sce:studyEndDate %q is not a date", end)
	}
	now := r.env.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if !today.Before(day) || r.opts.Force {
		return nil
	}
	return fmt.Errorf("%w: the study ends %s, after today (%s): close out after that date, or pass --force --reason \"...\"",
		ErrRefused, end, now.Format(time.DateOnly))
}

// projectFacts keeps the config the report shows: the settings the stack sets.
func projectFacts(cfg stacks.Config) map[string]string {
	out := map[string]string{}
	for k, v := range map[string]string{"title": cfg.Title, "principalInvestigator": cfg.PrincipalInvestigator,
		"owner": cfg.Owner, "irbProtocol": cfg.IRBProtocol, "studyEndDate": cfg.StudyEndDate, "dataClass": string(cfg.DataClass)} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}
