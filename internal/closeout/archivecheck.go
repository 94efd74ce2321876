package closeout

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/sce-dev/sce/sce"
)

// archiveChoice is where the archive came from: what a refusal names,
// and the retention the archive must keep copies for.
type archiveChoice struct {
	// source names where the bucket's name came from: the flag or an output.
	source string
	// years is the least default COMPLIANCE retention the archive must have.
	years int
}

// archiveSources name where the archive's bucket and key came from.
const (
	fromFlagBucket     = "--archive-bucket"
	fromFlagKey        = "--archive-key"
	fromProjectOutput  = "the stack output "
	fromBaselineOutput = "the baseline stack's output "
)

// archived are the archive bucket and key, each with where it came from.
type archived struct{ bucket, bucketFrom, key, keyFrom string }

// archiveOutputs finds the archive: the flags, else the project's
// re-exported baseline outputs, else the baseline stack. A flag that names
// another archive than the project or the baseline exports is refused
// unless Options.NotBaselineArchive says it is meant: close-out deletes
// the sources once copied, so a mistyped archive would lose them.
func (r *runner) archiveOutputs(ctx context.Context, out *Outputs) (archiveChoice, error) {
	want := archived{bucket: out.ArchiveBucket, bucketFrom: fromProjectOutput + sce.OutputArchiveBucketName,
		key: out.ArchiveKeyArn, keyFrom: fromProjectOutput + sce.OutputArchiveKeyArn}
	choice := archiveChoice{years: sce.MinArchiveRetentionYears}
	if r.readsBaseline(want) {
		if err := r.fromBaseline(ctx, &want); err != nil {
			return archiveChoice{}, err
		}
	}
	years, err := r.baselineYears(ctx)
	if err != nil {
		return archiveChoice{}, err
	}
	choice.years = years
	got, err := r.archiveFlags(want)
	if err != nil {
		return archiveChoice{}, err
	}
	if got.bucket == "" || got.key == "" {
		return archiveChoice{}, fmt.Errorf("no archive: neither the project nor the baseline stack exports archiveBucketName and archiveKeyArn; " +
			"deploy the account baseline, or pass --archive-bucket and --archive-key")
	}
	out.ArchiveBucket, out.ArchiveKeyArn, choice.source = got.bucket, got.key, got.bucketFrom
	return choice, nil
}

// readsBaseline reports whether the baseline stack is read: for what the
// project does not export, or to check the flags against, unless the
// operator said they name another archive on purpose.
func (r *runner) readsBaseline(want archived) bool {
	if r.env.Baseline == nil || (want.bucket != "" && want.key != "") {
		return false
	}
	return !r.opts.NotBaselineArchive || r.opts.ArchiveBucket == "" || r.opts.ArchiveKeyArn == ""
}

// fromBaseline fills what the project does not export from the baseline
// stack's outputs.
func (r *runner) fromBaseline(ctx context.Context, want *archived) error {
	raw, err := r.env.Baseline.Outputs(ctx)
	if err != nil {
		if r.opts.ArchiveBucket != "" && r.opts.ArchiveKeyArn != "" {
			return fmt.Errorf("read the baseline stack's outputs, to check --archive-bucket and --archive-key against its archive "+
				"(--not-baseline-archive skips the check): %w", err)
		}
		return fmt.Errorf("read the baseline stack's outputs: %w", err)
	}
	if want.bucket == "" {
		want.bucket, want.bucketFrom = str(raw[sce.OutputArchiveBucketName]), fromBaselineOutput+sce.OutputArchiveBucketName
	}
	if want.key == "" {
		want.key, want.keyFrom = str(raw[sce.OutputArchiveKeyArn]), fromBaselineOutput+sce.OutputArchiveKeyArn
	}
	return nil
}

// baselineYears is the retention the baseline configures for the archive
// (sce:archiveRetentionYears, at least sce.MinArchiveRetentionYears), the
// account's rule for any archive close-out writes to, whether or not the
// project re-exports the archive's name; the minimum when no baseline
// config can be read (Env.Baseline is no ConfigReader).
func (r *runner) baselineYears(ctx context.Context) (int, error) {
	cr, ok := r.env.Baseline.(ConfigReader)
	if !ok {
		return sce.MinArchiveRetentionYears, nil
	}
	cfg, err := cr.Config(ctx)
	if err != nil {
		return 0, fmt.Errorf("read the baseline stack's config (its sce:archiveRetentionYears): %w", err)
	}
	return max(sce.MinArchiveRetentionYears, sce.ArchiveRetentionYears(cfg.ArchiveRetentionYears)), nil
}

// archiveFlags applies --archive-bucket and --archive-key over what the
// stacks export, refusing one that differs unless it is meant.
func (r *runner) archiveFlags(want archived) (archived, error) {
	got := want
	flags := []struct{ flag, value, exported, from, what string }{
		{fromFlagBucket, r.opts.ArchiveBucket, want.bucket, want.bucketFrom, "archive bucket"},
		{fromFlagKey, r.opts.ArchiveKeyArn, want.key, want.keyFrom, "archive key"},
	}
	for _, f := range flags {
		if f.value == "" || f.value == f.exported {
			continue
		}
		if f.exported != "" && !r.opts.NotBaselineArchive {
			return archived{}, fmt.Errorf("%w: %s %s is not the account baseline's %s %s (%s): close-out deletes the project's data "+
				"once it is copied, so a mistyped archive loses it; drop %s to use %s, or add --not-baseline-archive to use %s on purpose",
				ErrRefused, f.flag, f.value, f.what, f.exported, f.from, f.flag, f.exported, f.value)
		}
	}
	if r.opts.ArchiveBucket != "" {
		got.bucket, got.bucketFrom = r.opts.ArchiveBucket, fromFlagBucket
	}
	if r.opts.ArchiveKeyArn != "" {
		got.key, got.keyFrom = r.opts.ArchiveKeyArn, fromFlagKey
	}
	return got, nil
}

// checkArchive refuses an archive that would not keep the copies:
// unversioned (every copy, lock and checkpoint version is kept only in a
// versioned bucket), or without Object Lock and a default COMPLIANCE
// retention of at least c.years. Close-out sets no retention on its copies
// and deletes the sources once they are copied, so the copies are kept
// only by the archive's default retention.
func (r *runner) checkArchive(ctx context.Context, bucket string, c archiveChoice) error {
	v, err := r.env.S3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	if err != nil {
		return fmt.Errorf("read the versioning of the archive s3://%s: %w", bucket, err)
	}
	if v.Status != types.BucketVersioningStatusEnabled {
		return c.refuse(bucket, fmt.Sprintf("is not versioned (versioning %q)", v.Status))
	}
	lock, err := r.env.S3.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(bucket)})
	if noLockConfiguration(err) {
		return c.refuse(bucket, "has no Object Lock")
	}
	if err != nil {
		return fmt.Errorf("read the Object Lock configuration of the archive s3://%s: %w", bucket, err)
	}
	if problem := c.lockProblem(lock.ObjectLockConfiguration, r.env.Now()); problem != "" {
		return c.refuse(bucket, problem)
	}
	return nil
}

// lockProblem says what is wrong with an archive's Object Lock
// configuration; "" when it keeps copies in COMPLIANCE mode at least
// c.years from now.
func (c archiveChoice) lockProblem(cfg *types.ObjectLockConfiguration, now time.Time) string {
	if cfg == nil || cfg.ObjectLockEnabled != types.ObjectLockEnabledEnabled {
		return "has no Object Lock"
	}
	if cfg.Rule == nil || cfg.Rule.DefaultRetention == nil {
		return "has Object Lock but no default retention"
	}
	d := cfg.Rule.DefaultRetention
	period := fmt.Sprintf("%d days", aws.ToInt32(d.Days))
	until := now.AddDate(0, 0, int(aws.ToInt32(d.Days)))
	if d.Years != nil {
		period, until = fmt.Sprintf("%d years", aws.ToInt32(d.Years)), now.AddDate(int(aws.ToInt32(d.Years)), 0, 0)
	}
	if d.Mode != types.ObjectLockRetentionModeCompliance {
		return fmt.Sprintf("keeps copies in %s mode (%s), which can be lifted, not COMPLIANCE", d.Mode, period)
	}
	if until.Before(now.AddDate(c.years, 0, 0)) {
		return fmt.Sprintf("keeps copies %s in COMPLIANCE mode, less than %d years", period, c.years)
	}
	return ""
}

// refuse is the refusal of an archive that would not keep the copies.
func (c archiveChoice) refuse(bucket, problem string) error {
	return fmt.Errorf("%w: the archive s3://%s %s; close-out sets no retention on its copies and deletes the project's data once it is "+
		"copied, so the archive must be the account baseline's, versioned, with Object Lock and a default COMPLIANCE retention of at "+
		"least %d years (sce:archiveRetentionYears): check %s", ErrRefused, bucket, problem, c.years, c.source)
}

// noLockConfiguration reports S3's answer for a bucket without Object Lock.
func noLockConfiguration(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == "ObjectLockConfigurationNotFoundError"
}
