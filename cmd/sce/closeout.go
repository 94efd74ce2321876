package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/buildinfo"
	"github.com/sce-dev/sce/internal/closeout"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/progress"
	"github.com/sce-dev/sce/sce"
)

// closeoutServices connect close-out to the stack and the AWS account.
type closeoutServices interface {
	// Env opens the stack and the AWS clients of its region.
	Env(ctx context.Context, opts closeoutOptions, log io.Writer) (closeout.Env, error)
}

// closeoutOptions are the flags of sce closeout.
type closeoutOptions struct {
	stack                     string
	force, yes, noProgress    bool
	dryRun                    bool
	stacksDir                 string
	reason, stateDir, workDir string
	baselineStack, breakLock  string
	archiveBucket, archiveKey string
	notBaselineArchive        bool
	workers                   int
	finalSnapshotDeleted      bool
}

func newCloseoutCmd(a app, l lifecycle) *cobra.Command {
	var opts closeoutOptions
	cmd := &cobra.Command{
		Use:   "closeout STACK",
		Short: "Archive a finished project's data and logs, destroy it, and prove nothing is left",
		Long: "closeout ends a project in resumable steps recorded in <state-dir>/<stack>.json and, in the archive,\n" +
			"closeout/<pit>/<instance>/CLOSEOUT-STATE.json (<instance>: the stack's creation time):\n" +
			closeoutStepsHelp() +
			"Copies go to objects/<pit>/<instance>/<role>/ in the account baseline's archive, encrypted with the\n" +
			"archive key; the manifest, reports, checkpoint and lock CLOSEOUT.lock (one run at a time) are under\n" +
			"closeout/<pit>/<instance>/. A failed step stops the run; running the command again, from any directory\n" +
			"or machine, continues from it. A run that died leaves its lock: once sure it is gone, --break-lock\n" +
			"\"<why>\" replaces the lock (recorded in the report). The operator recorded in the lock and the report\n" +
			"is the AWS caller identity (STS GetCallerIdentity), never $USER. Run it as the admin role\n" +
			"(sce:adminRoleArn) from the repository root, with the Pulumi CLI logged in.\n" +
			"--dry-run prints the steps and what would be archived, deleted, destroyed and retained, worked out\n" +
			"from the stack file and its offline plan: no AWS client and no Pulumi stack is opened.",
		Example: "  sce closeout hipaa --dry-run\n  sce closeout hipaa\n  sce closeout omop --force --reason \"IRB terminated the study on 2026-05-02\" --yes\n" +
			"  sce closeout hipaa --break-lock \"the laptop that ran it was wiped on 2027-07-02\"",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.stack = args[0]
			if opts.dryRun {
				return runCloseoutDryRun(cmd, a, l, opts)
			}
			return runCloseout(cmd, a, l, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.force, "force", false, "close out before the study end date (needs --reason)")
	f.StringVar(&opts.reason, "reason", "", "why the close-out is forced; recorded in the report")
	f.StringVar(&opts.stateDir, "state-dir", ".sce/closeout", "where the state file and archive journal are kept")
	f.StringVar(&opts.workDir, "work-dir", ".", "the Pulumi project directory (with Pulumi.yaml)")
	f.StringVar(&opts.baselineStack, "baseline-stack", "", "the account baseline stack: its archive when the project does not export one, and its sce:archiveRetentionYears (default: sce:baselineStack)")
	f.StringVar(&opts.archiveBucket, "archive-bucket", "", "archive bucket (default: the stack outputs)")
	f.StringVar(&opts.archiveKey, "archive-key", "", "archive KMS key ARN (default: the stack outputs)")
	f.BoolVar(&opts.notBaselineArchive, "not-baseline-archive", false,
		"archive into --archive-bucket/--archive-key although the project or baseline stack exports another archive")
	f.StringVar(&opts.breakLock, "break-lock", "", "break the lock a dead close-out left, saying why (recorded in the report)")
	f.IntVar(&opts.workers, "workers", closeout.DefaultWorkers, "objects copied or checked at once")
	f.BoolVar(&opts.finalSnapshotDeleted, "final-snapshot-deleted", false,
		"the warehouse's final snapshot was deleted on purpose: check it is gone instead of reporting it as kept")
	f.BoolVar(&opts.yes, "yes", false, "do not ask for confirmation")
	f.BoolVar(&opts.noProgress, "no-progress", false, "never draw progress bars")
	f.BoolVar(&opts.dryRun, "dry-run", false, "print what would be done, from the stack file and its offline plan, without AWS or Pulumi")
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files (for --dry-run)")
	return cmd
}

// checkCloseoutFlags refuses flags that need another flag, a --workers
// below 1 and an --archive-bucket S3 would not take, for the real run and
// the dry run alike, before anything is read.
func checkCloseoutFlags(cmd *cobra.Command, opts closeoutOptions) error {
	if opts.force && strings.TrimSpace(opts.reason) == "" {
		return usagef("--force needs --reason: say why the project closes before its study end date")
	}
	if !opts.force && cmd.Flags().Changed("reason") {
		return usagef("--reason is recorded only for a forced close-out: add --force to close out before the study end date, or drop --reason")
	}
	if opts.workers < 1 {
		return usagef("--workers %d: give 1 or more objects to copy or check at once", opts.workers)
	}
	if opts.archiveBucket != "" {
		if err := sce.CheckBucketName(opts.archiveBucket); err != nil {
			return usagef("--archive-bucket: %v: name the archive bucket of the account baseline", err)
		}
	}
	if cmd.Flags().Changed("break-lock") && strings.TrimSpace(opts.breakLock) == "" {
		return usagef("--break-lock needs a reason: say why you are sure the close-out that holds the lock is dead")
	}
	if opts.notBaselineArchive && opts.archiveBucket == "" && opts.archiveKey == "" {
		return usagef("--not-baseline-archive needs --archive-bucket or --archive-key: it lets them name another archive " +
			"than the baseline's; without them close-out uses the baseline's archive, so drop it")
	}
	return nil
}

func runCloseout(cmd *cobra.Command, a app, l lifecycle, opts closeoutOptions) error {
	if err := checkCloseoutFlags(cmd, opts); err != nil {
		return err
	}
	if err := confirm(cmd, l, opts); err != nil {
		return err
	}
	log := cmd.ErrOrStderr()
	env, err := l.closeout.Env(cmd.Context(), opts, log)
	if err != nil {
		return err
	}
	env.Now, env.Log, env.Build = l.now, log, buildinfo.Read(a.buildInfo)
	env.Bars = !opts.noProgress && progress.IsTerminal(log)
	st, err := closeout.Run(cmd.Context(), env, closeout.Options{
		Stack: opts.stack, StateDir: opts.stateDir, Force: opts.force, Reason: opts.reason, BreakLock: opts.breakLock,
		Workers: opts.workers, ArchiveBucket: opts.archiveBucket, ArchiveKeyArn: opts.archiveKey, NotBaselineArchive: opts.notBaselineArchive,
		FinalSnapshotDeleted: opts.finalSnapshotDeleted,
	})
	if errors.Is(err, closeout.ErrRefused) {
		return &usageError{err: err}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "project %s is closed out: %s archived in s3://%s/%s, report s3://%s/%s (and .json)\n",
		st.Outputs.PIT, english.Plural(st.Archive.Objects, "object"), st.Archive.Bucket, st.Archive.Prefix, st.Archive.Bucket, st.Archive.ReportKey)
	return nil
}

// confirm asks for the stack name when the command's input is a terminal,
// or requires --yes.
func confirm(cmd *cobra.Command, l lifecycle, opts closeoutOptions) error {
	if opts.yes {
		return nil
	}
	in := cmd.InOrStdin()
	if !l.terminal(in) {
		return usagef("closeout destroys project %s after archiving it: pass --yes to run it without a prompt", opts.stack)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "This archives project %s and then DESTROYS it. Type the stack name to continue: ", opts.stack)
	line, _ := bufio.NewReader(in).ReadString('\n')
	if strings.TrimSpace(line) != opts.stack {
		return usagef("not confirmed: nothing was changed")
	}
	return nil
}
