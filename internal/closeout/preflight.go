package closeout

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/stacks"
)

// preflight reads the stack's outputs, config and resources, checks the
// study end date and the archive, and records what exists before anything
// changes. A stack without outputs (destroyed) is looked up in the
// archive: a close-out of it found there is continued, or, finished, ends
// the run cleanly.
func (r *runner) preflight(ctx context.Context) (string, error) {
	raw, err := r.env.Stack.Outputs(ctx)
	if err != nil {
		return "", fmt.Errorf("read stack outputs: %w", err)
	}
	cfg, err := r.env.Stack.Config(ctx)
	if err != nil {
		return "", fmt.Errorf("read stack config: %w", err)
	}
	if len(raw) == 0 {
		return r.closedOutBefore(ctx, cfg)
	}
	out, err := parseOutputs(raw)
	if err != nil {
		return "", err
	}
	arch, err := r.archiveOutputs(ctx, &out)
	if err != nil {
		return "", err
	}
	if err := checkRegion(r.env.Region, cfg.Region, r.opts.Stack, raw, out); err != nil {
		return "", err
	}
	if err := r.checkEndDate(cfg.StudyEndDate); err != nil {
		return "", err
	}
	if err := r.checkWarehouse(ctx, cfg, out.PIT); err != nil {
		return "", err
	}
	res, err := r.env.Stack.Resources(ctx)
	if err != nil {
		return "", fmt.Errorf("read stack resources: %w", err)
	}
	if err := r.checkArchive(ctx, out.ArchiveBucket, arch); err != nil {
		return "", err
	}
	r.record(out, cfg, res)
	return fmt.Sprintf("project %s: %s, archive s3://%s/%s", out.PIT, english.Plural(len(res), "resource"), out.ArchiveBucket, r.st.layout().documents()), nil
}

// record keeps what preflight found in the state.
func (r *runner) record(out Outputs, cfg stacks.Config, res []Resource) {
	s := r.st
	s.Outputs, s.Project, s.Existed, s.Instance = out, projectFacts(cfg), res, instanceOf(res, out.KMSKeyArn)
	s.Force, s.Reason = r.opts.Force, r.opts.Reason
	s.Archive.Bucket, s.Archive.KeyArn = out.ArchiveBucket, out.ArchiveKeyArn
	l := s.layout()
	s.Archive.Prefix, s.Archive.ManifestKey, s.Archive.ReportKey = l.objects(), l.manifest(), l.report()+".md"
}

// closedOutBefore continues the newest close-out of this stack the archive
// holds, for a stack that has no outputs left.
func (r *runner) closedOutBefore(ctx context.Context, cfg stacks.Config) (string, error) {
	pit := cmp.Or(cfg.PIT, r.opts.Stack)
	out := Outputs{PIT: pit}
	if _, err := r.archiveOutputs(ctx, &out); err != nil {
		return "", err
	}
	cp, err := findCloseout(ctx, r.env.S3, out.ArchiveBucket, pit, r.opts.Stack)
	if err != nil {
		return "", err
	}
	if cp == nil {
		return "", fmt.Errorf("the stack has no outputs (is it deployed, with `pulumi up`?) and s3://%s/%s%s/ holds no close-out of stack %s",
			out.ArchiveBucket, documentsPrefix, pit, r.opts.Stack)
	}
	*r.st = *cp
	return fmt.Sprintf("the stack has no outputs: continuing its close-out from s3://%s/%s", out.ArchiveBucket, cp.layout().checkpoint()), nil
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
	now := r.env.Now().UTC()
	today := stacks.UTCDay(now) // the study end date is a UTC day, as sce stacks and the dry run count it
	if !today.Before(day) || r.opts.Force {
		return nil
	}
	return fmt.Errorf("%w: the study ends %s, after today (%s): close out after that date, or pass --force --reason \"...\"",
		ErrRefused, end, now.Format(time.DateOnly))
}

// checkWarehouse refuses to close out a project whose warehouse could not
// give the destroy its final snapshot from a running cluster: Redshift
// modifies and snapshots only an available cluster, and whether it takes
// the final snapshot of a paused one is not documented, so close-out does
// not find out with the project's only copy of the warehouse. A suspended
// project is refused first: its keep-paused schedule pauses the cluster
// again within the hour, so resuming by hand is not enough. A project
// without a warehouse is not checked (suspend only stops its instances and
// removes its NAT gateway, which close-out does not need).
func (r *runner) checkWarehouse(ctx context.Context, cfg stacks.Config, pit string) error {
	if cfg.Warehouse == nil {
		return nil
	}
	id := pit + warehouseSuffix
	resume := fmt.Sprintf("aws redshift resume-cluster --cluster-identifier %s", id)
	if cfg.Suspended {
		return fmt.Errorf("%w: the stack is suspended (sce:suspended: true): its schedule %s-keep-warehouse-paused pauses the warehouse %s "+
			"every hour, and the destroy must take the warehouse's final snapshot from a running cluster; lift the suspend first "+
			"(set sce:suspended: false, run pulumi up), resume the warehouse (%s), then close out", ErrRefused, pit, id, resume)
	}
	status, err := r.env.Retention.WarehouseStatus(ctx, id)
	if err != nil {
		return fmt.Errorf("read the status of the warehouse %s: %w", id, err)
	}
	switch status {
	case "available", "":
		return nil
	case "paused", "pausing":
		return fmt.Errorf("%w: the warehouse %s is %s, and the destroy must take its final snapshot from a running cluster: "+
			"resume it (%s), wait until it is available (aws redshift wait cluster-available --cluster-identifier %s), then close out",
			ErrRefused, id, status, resume, id)
	}
	return fmt.Errorf("%w: the warehouse %s is %s, not available, and the destroy must take its final snapshot from an available cluster: "+
		"wait until it is (aws redshift wait cluster-available --cluster-identifier %s), then close out", ErrRefused, id, status, id)
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
