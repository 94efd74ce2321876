package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/audit"
	"github.com/sce-dev/sce/internal/buildinfo"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/progress"
)

// auditServices are the AWS services sce audit uses for s3:// sources.
type auditServices interface {
	// S3 reads s3:// sources.
	S3(ctx context.Context, region string) (audit.S3API, error)
	// Keys fetches CloudTrail's public keys, to check digest signatures.
	Keys(ctx context.Context, region string) (audit.PublicKeys, error)
}

// auditOptions are the flags of sce audit.
type auditOptions struct {
	pit, principal, prefix string
	buckets                []string
	since, until           string
	format, out, region    string
	stacksDir              string
	verify, noProgress     bool
	workers                int
	// stacksGiven is whether --stacks was given (a missing default folder
	// is no error: the PIT is then not checked against the stacks).
	stacksGiven bool
}

func newAuditCmd(a app, l lifecycle) *cobra.Command {
	var opts auditOptions
	cmd := &cobra.Command{
		Use:   "audit SOURCE...",
		Short: "Report who read, wrote or deleted a project's PHI objects, from CloudTrail logs",
		Long: "audit reads CloudTrail log files (gzip JSON) from folders or s3://bucket/prefix, several at once,\n" +
			"and reports the S3 data events on the project's PHI buckets (<pit>-data-in-<account>-<region>,\n" +
			"<pit>-output-<account>-<region>) and their replicas (<bucket>-replica): per event, object and principal,\n" +
			"what was done, when, and from which address or VPC endpoint; with --pit, also its egress\n" +
			"bucket (<pit>-egress-<account>-<region>) and its replica, and who downloaded which released results (GetObject), in a section of its own. With --pit, the events of the\n" +
			"project's S3 replication role (S3 copying objects between each bucket and its replica) are counted apart, per\n" +
			"principal, not among people's access (the csv rows are people's events only; their count, 0 too, is stated). Only the\n" +
			"role's own work is: a session of it in the buckets' account doing what its policy allows; a same-named role of another\n" +
			"account, or the role reading with GetObject, stays among people's events. --principal narrows the counted-apart events\n" +
			"too, so --principal s3-replication lists 0 events: their counts are in the replication note and section only.\n" +
			"--verify checks the log files against CloudTrail's digest files (chain and SHA-256 of every file; the digests' signatures\n" +
			"only online, on an s3:// source: without them the status is CONSISTENT, not PASSED) and that digests cover\n" +
			"every hour from --since to --until.\n" +
			"Every report says when it was generated and by which build of sce, the time the log files read cover (from an hour\n" +
			"before the first delivery time in their names to the end of the last's minute) and the verification status (\"not run\"\n" +
			"without --verify); it counts and names malformed or truncated files, and files skipped as not CloudTrail log or digest\n" +
			"files (a log renamed .json.gz.bak; the first 20 named, the others counted). The csv report holds events only: for csv,\n" +
			"the time covered, the verification and those files are on stderr. A --since or --until that puts part of the window\n" +
			"outside the time the log files read cover is a warning naming those parts and how long they are (the exit code\n" +
			"stays: a trail with nothing to log delivers no file, and only --verify, hour by hour, proves an hour missing).\n" +
			"--pit must be a project's\n" +
			"PIT (of a stack file in --stacks when that folder exists).\n" +
			"Each file is read once: a file reached through two sources (overlapping folders or prefixes, a link)\n" +
			"or a byte-identical copy of a log file or digest is skipped, counted and named. Linked folders are followed.\n" +
			"A --principal or --prefix that matches no event on the searched buckets in the window is a warning\n" +
			"listing the principals or top-level prefixes seen, closest first (no access by someone is a finding).\n" +
			"Exit codes: 1 when --verify finds a missing, altered or unlisted file or an hour without a digest\n" +
			"(with no digest file at all, every log file is unlisted and every hour a gap);\n" +
			"2 when a flag is wrong (an empty --pit, --bucket, --principal or --prefix, a --prefix starting with /),\n" +
			"a source does not exist or holds no CloudTrail file (they are under AWSLogs/<account>/CloudTrail/),\n" +
			"the sources hold the digests of two trails of an account in a region (give one trail's logs;\n" +
			"each trail needs its own bucket or prefix for a source to hold its logs alone),\n" +
			"or a bucket searched for is on no S3 data event of the logs, at any time (a mistyped --pit or\n" +
			"--bucket, named with the closest bucket seen; the report is written), or --since/--until put the window\n" +
			"wholly before or after the time the log files read cover (a mistyped year; named with that time, taken\n" +
			"from the delivery times in the files' names; the report is written: a window inside it without events\n" +
			"is an answer of no access, not an error); 3 when log files are\n" +
			"malformed or truncated: evidence is missing (the report is written and names them; for csv, stderr does).",
		Example: "  sce audit s3://hipaa-logs-123456789012-us-west-2/cloudtrail/ --pit hipaa --verify --since 2026-01-01 --until 2026-03-31\n" +
			"  sce audit ./trail --pit hipaa --since 2026-01-01 --until 2026-03-31 --format markdown --out access.md\n" +
			"  sce audit ./trail --pit hipaa --principal alice --prefix cohort/ --format csv",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("give at least one folder or s3://bucket/prefix: usage: %s", cmd.UseLine())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.stacksGiven = cmd.Flags().Changed("stacks")
			if err := checkAuditFlags(cmd.Flags(), opts); err != nil {
				return err
			}
			return runAudit(cmd, a, l, args, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.pit, "pit", "", "report on this project's PHI buckets (data-in, output), its egress bucket (with the downloads from it) and their replicas")
	f.StringSliceVar(&opts.buckets, "bucket", nil, "report on this bucket too (repeatable)")
	f.StringVar(&opts.since, "since", "", "only events at or after this time (RFC 3339 or YYYY-MM-DD, UTC)")
	f.StringVar(&opts.until, "until", "", "only events before this time (RFC 3339), or up to the end of this day (YYYY-MM-DD)")
	f.StringVar(&opts.principal, "principal", "", "only principals whose ARN (AWSAccount:<account>:<id> for another account's caller, anonymous) contains this text (case-insensitive); S3 replication stays counted apart, so s3-replication lists 0 events")
	f.StringVar(&opts.prefix, "prefix", "", "only objects whose key starts with this prefix")
	f.StringVarP(&opts.format, "format", "f", "table", "output format: "+strings.Join(audit.Formats(), ", "))
	f.StringVarP(&opts.out, "out", "o", "", "write the report to this file instead of stdout")
	f.BoolVar(&opts.verify, "verify", false, "check the log files against CloudTrail's digest files")
	f.IntVar(&opts.workers, "workers", 0, "files read at once: 1 or more, or 0 (the default) for one per CPU")
	f.BoolVar(&opts.noProgress, "no-progress", false, "never draw a progress bar")
	f.StringVar(&opts.region, "region", "", "AWS region of the s3:// sources (default: from the AWS configuration)")
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files, to check --pit against")
	return cmd
}

func runAudit(cmd *cobra.Command, a app, l lifecycle, sources []string, opts auditOptions) error {
	filter, err := auditFilter(opts)
	if err != nil {
		return err
	}
	if !validFormat(opts.format) {
		return usagef("unknown --format %q: use one of %s", opts.format, strings.Join(audit.Formats(), ", "))
	}
	if opts.format, err = outFormat(cmd, opts.format, opts.out, audit.Formats()); err != nil {
		return err
	}
	if err := checkAuditPIT(opts); err != nil {
		return err
	}
	if err := checkOutFile(opts.out, "audit.csv"); err != nil {
		return err
	}
	ctx := cmd.Context()
	run := audit.Options{Sources: sources, Filter: filter, Verify: opts.verify, Workers: opts.workers,
		Generated: l.now(), Build: buildinfo.Read(a.buildInfo).Line()}
	if err := auditAWS(ctx, l.audit, sources, opts, &run); err != nil {
		return err
	}
	bar := progress.New(cmd.ErrOrStderr(), "reading CloudTrail files", !opts.noProgress && progress.IsTerminal(cmd.ErrOrStderr()))
	run.Progress = func(p audit.Progress) {
		bar.Update(int64(p.Files), int64(p.Total), "files, "+english.Plural(p.Records, "record"))
	}
	rep, err := audit.Run(ctx, run)
	bar.Done()
	var wrongSource *audit.SourceError
	var mixedTrails *audit.MixedTrailsError
	if errors.As(err, &wrongSource) || errors.As(err, &mixedTrails) {
		return &usageError{err: err}
	}
	if err != nil {
		return err
	}
	defer rep.Close()
	if err := writeAudit(cmd, rep, opts); err != nil {
		return err
	}
	if note := rep.ReplicationNote(); note != "" && (rep.ReplicationEvents() > 0 || opts.format == "csv") {
		// Also for csv, whose rows are people's events only: its report
		// cannot say that no replication was recorded either.
		fmt.Fprintln(cmd.ErrOrStderr(), "note: "+note)
	}
	auditDuplicatesNote(cmd.ErrOrStderr(), rep, opts.format)
	if opts.format == "csv" {
		// The csv rows are events only: what the other formats state
		// besides goes to stderr.
		for _, n := range rep.CSVNotes() {
			fmt.Fprintln(cmd.ErrOrStderr(), "note: "+n)
		}
	}
	for _, w := range rep.FilterWarnings {
		// A warning, not an error: no access by someone is a finding too.
		fmt.Fprintln(cmd.ErrOrStderr(), "warning: "+w)
	}
	if nc := rep.NotCovered(); nc != "" {
		// A warning, not an error (see auditOutcome).
		fmt.Fprintln(cmd.ErrOrStderr(), "warning: "+nc)
	}
	return auditOutcome(cmd.ErrOrStderr(), rep, opts.format)
}

// auditDuplicatesNote says on stderr how many files were found twice and
// read once; for csv, whose rows are events only, it names them.
func auditDuplicatesNote(stderr io.Writer, rep *audit.Report, format string) {
	n := len(rep.Duplicates)
	if n == 0 {
		return
	}
	if format != "csv" {
		fmt.Fprintf(stderr, "note: %s skipped (read once): the same file through two sources, or a copy; the report names %s\n",
			english.Plural(n, "duplicate file"), english.Agree(n, "it", "them"))
		return
	}
	for _, d := range rep.Duplicates {
		fmt.Fprintf(stderr, "note: duplicate skipped: %s: %s\n", d.File, d.Detail)
	}
}

// auditAWS connects to AWS only when a source is in S3.
func auditAWS(ctx context.Context, svc auditServices, sources []string, opts auditOptions, run *audit.Options) error {
	online := false
	for _, s := range sources {
		online = online || strings.HasPrefix(s, "s3://")
	}
	if !online {
		return nil
	}
	client, err := svc.S3(ctx, opts.region)
	if err != nil {
		return err
	}
	run.S3 = client
	if opts.verify {
		if run.Keys, err = svc.Keys(ctx, opts.region); err != nil {
			return err
		}
	}
	return nil
}

// writeAudit writes the report to stdout, or to --out through a temporary
// file in the same folder, renamed when complete: no partial report.
func writeAudit(cmd *cobra.Command, rep *audit.Report, opts auditOptions) error {
	if opts.out == "" {
		return rep.Write(cmd.OutOrStdout(), opts.format)
	}
	f, err := os.CreateTemp(filepath.Dir(opts.out), ".sce-audit-*")
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	defer os.Remove(f.Name())
	if err := rep.Write(f, opts.format); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := os.Rename(f.Name(), opts.out); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s: %s from %s\n", opts.out, english.Plural(rep.Len(), "event"), english.Plural(rep.LogFiles, "log file"))
	return nil
}

// exitEvidenceGap is the exit code of a report written from log files some
// of which are malformed or truncated.
const exitEvidenceGap = 3

// evidenceGapError is a report with missing evidence; it exits with
// exitEvidenceGap.
type evidenceGapError struct{ msg string }

func (e *evidenceGapError) Error() string { return e.msg }

// ExitCode is exitEvidenceGap.
func (e *evidenceGapError) ExitCode() int { return exitEvidenceGap }

// auditOutcome turns what the report found into the exit code, the worst
// first: a failed verification (1), malformed or truncated log files (3:
// what they held may explain the rest), no searched bucket in the logs
// (2), a window wholly outside the time the logs read cover (2). The
// others are warnings, a window partly outside that time too: that time
// is estimated from the delivery times in the files' names, and a trail
// with nothing to log delivers no file, so only --verify (every hour
// against the digests, exit 1 on a gap) proves a part of the window
// without files to be missing. Where the findings are is said per
// format: the csv report holds events only, so they are on stderr.
func auditOutcome(stderr io.Writer, rep *audit.Report, format string) error {
	details, names := "details in the report", "the report names them"
	if format == "csv" {
		details, names = "details above: the csv report holds events only", "named above: the csv report holds events only"
	}
	var problems []error
	if v := rep.Verification; v != nil && !v.OK() {
		problems = append(problems, fmt.Errorf("log verification FAILED: log files: %d missing, %d altered, %d unlisted; %s, %s in the window, %s (%s)",
			len(v.Missing), len(v.Altered), len(v.Unlisted), english.Plural(len(v.Chain), "digest-chain problem"), english.Plural(len(v.Gaps), "gap"),
			english.Plural(len(v.BadSignatures), "bad signature"), details))
	}
	if n := len(rep.Malformed); n > 0 {
		problems = append(problems, &evidenceGapError{fmt.Sprintf("evidence gap: %d of %s %s malformed or truncated; %s",
			n, english.Plural(rep.LogFiles, "log file"), english.IsAre(n), names)})
	}
	if nf := rep.NotFound(); nf != "" {
		problems = append(problems, usagef("%s: check --pit and --bucket, and that the source holds the project's trail", nf))
	}
	if rep.OutsideWindow != "" {
		problems = append(problems, usagef("%s: check --since and --until (a mistyped date is not an absence of events)", rep.OutsideWindow))
	}
	if len(problems) == 0 {
		return nil
	}
	for _, p := range problems[1:] {
		fmt.Fprintln(stderr, "warning: "+p.Error())
	}
	return problems[0]
}

func validFormat(format string) bool { return slices.Contains(audit.Formats(), format) }

func auditFilter(opts auditOptions) (audit.Filter, error) {
	f := audit.Filter{PIT: opts.pit, Buckets: opts.buckets, Principal: opts.principal, KeyPrefix: opts.prefix, Egress: opts.pit != ""}
	var err error
	if f.Since, err = parseWhen("--since", opts.since, false); err != nil {
		return f, err
	}
	if f.Until, err = parseWhen("--until", opts.until, true); err != nil {
		return f, err
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return f, usagef("--since %s is not before --until %s", opts.since, opts.until)
	}
	return f, nil
}

// parseWhen reads RFC 3339 or a UTC date; a date as the end of a range
// means the end of that day.
func parseWhen(flag, s string, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usagef("%s %q is not a time: use YYYY-MM-DD or RFC 3339 such as 2026-03-01T08:00:00Z", flag, s)
	}
	if endOfDay {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}
