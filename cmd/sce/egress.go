package main

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/egress"
)

// egressServices connect sce egress to a deployed project.
type egressServices interface {
	// Open reads the project's stack outputs (and, when it can, its stack
	// config) and connects to AWS as the caller.
	Open(ctx context.Context, pit string, opts egressOptions) (egressSession, error)
}

// egressSession is an opened project.
type egressSession struct {
	// env is the airlock's environment.
	env egress.Env
	// lockDays is the stack's sce:auditLockDays (its default when unset);
	// 0 when the stack config was not read.
	lockDays int
}

// egressOptions are the flags of sce egress and its commands.
type egressOptions struct {
	outputs, workDir, stacksDir, region string
	prefix, reason, format, lockMode    string
	lockDays                            int
}

func newEgressCmd(l lifecycle) *cobra.Command {
	var opts egressOptions
	cmd := &cobra.Command{
		Use:   "egress",
		Short: "The airlock results leave by: request, review, approve or reject, list",
		Long: "egress is the only way results leave a project. A researcher (on a worker) or IT requests the\n" +
			"files under a prefix of the output bucket; the request pins each file's version and SHA-256.\n" +
			"A reviewer who is not the requester's principal approves or rejects it; the decision is\n" +
			"written once, under Object Lock, in the logs bucket. An approval copies exactly the pinned\n" +
			"versions into the project's egress bucket, where the named recipients read them.\n" +
			"The project's buckets come from its stack outputs: --outputs FILE (pulumi stack output --json),\n" +
			"or, without it, the Pulumi stack <pit> itself (the Pulumi CLI logged in, in --work-dir).",
		Args:                       cobra.ArbitraryArgs,
		RunE:                       runRoot,
		SuggestionsMinimumDistance: 2,
	}
	p := cmd.PersistentFlags()
	p.StringVar(&opts.outputs, "outputs", "", "JSON file of the deployed stack's outputs (pulumi stack output --json)")
	p.StringVar(&opts.workDir, "work-dir", ".", "the Pulumi project directory, when --outputs is not given")
	p.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files (read with --outputs, for sce:auditLockDays)")
	p.StringVar(&opts.region, "region", "", "AWS region of the project (default: the stack's aws:region, else the AWS configuration's)")
	cmd.AddCommand(newEgressRequestCmd(l, &opts), newEgressReviewCmd(l, &opts), newEgressDecideCmd(l, &opts, egress.Approved),
		newEgressDecideCmd(l, &opts, egress.Rejected), newEgressListCmd(l, &opts))
	return cmd
}

func newEgressRequestCmd(l lifecycle, opts *egressOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "request <pit> --prefix PREFIX --reason TEXT",
		Short: "Ask for the files under a prefix of the output bucket to leave the environment",
		Long: "request lists the current version of every object under --prefix in the output bucket, reads\n" +
			"each to compute its SHA-256, and writes the request manifest (ID, files, versions, sizes,\n" +
			"SHA-256, who asks, why, when) once to s3://<output>/" + egress.RequestsPrefix + "<id>.json.",
		Example: "  sce egress request hipaa --prefix results/table1/ --reason \"Table 1 of the paper: counts of 11 or more\" --outputs outputs.json",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkKeyPrefix(opts.prefix, "name the results to release, for example results/table1/"); err != nil {
				return err
			}
			s, err := l.egress.Open(cmd.Context(), args[0], *opts)
			if err != nil {
				return err
			}
			m, err := egress.Request(cmd.Context(), s.env, egress.RequestOptions{Prefix: opts.prefix, Reason: opts.reason})
			if err != nil {
				return egressError(err)
			}
			writeRequest(cmd.OutOrStdout(), m)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.prefix, "prefix", "", "the prefix of the output bucket to release (required)")
	cmd.Flags().StringVar(&opts.reason, "reason", "", "why these results should leave (required; the reviewer reads it)")
	return cmd
}

func newEgressReviewCmd(l lifecycle, opts *egressOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "review <pit>",
		Short: "Show the requests waiting for a decision, with their files",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := l.egress.Open(cmd.Context(), args[0], *opts)
			if err != nil {
				return err
			}
			all, err := egress.History(cmd.Context(), s.env)
			if err != nil {
				return err
			}
			writeReview(cmd.OutOrStdout(), args[0], all)
			return nil
		},
	}
}

func newEgressDecideCmd(l lifecycle, opts *egressOptions, decision string) *cobra.Command {
	verb := map[string]string{egress.Approved: "approve", egress.Rejected: "reject"}[decision]
	reason := map[string]string{egress.Approved: `"counts of 11 or more, no identifiers"`, egress.Rejected: `"row 3 is a count of 2"`}[decision]
	cmd := &cobra.Command{
		Use: verb + " <pit> <request-id> --reason TEXT",
		Short: map[string]string{egress.Approved: "Approve a request: check every file, record the decision, copy the files to the egress bucket",
			egress.Rejected: "Reject a request: record the decision; nothing is copied"}[decision],
		Long:    egressDecideHelp(decision),
		Example: "  sce egress " + verb + " hipaa 20260302T101500Z-1a2b3c4d --reason " + reason + " --outputs outputs.json",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runEgressDecide(cmd, l, *opts, decision, args[0], args[1])
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.reason, "reason", "", "why (required; kept with the decision)")
	f.StringVar(&opts.lockMode, "lock-mode", string(types.ObjectLockRetentionModeGovernance), "Object Lock mode of the decision: GOVERNANCE (close-out can lift it) or COMPLIANCE")
	f.IntVar(&opts.lockDays, "lock-days", 0, "Object Lock retention of the decision, in days (default: the stack's sce:auditLockDays)")
	return cmd
}

// egressDecideHelp is the help of sce egress approve or reject (decision):
// who may decide and how the decision is kept, then what the verb does.
func egressDecideHelp(decision string) string {
	common := "The reviewer must not be the requester's principal (every session of a role is that role).\n" +
		"The decision is written once to s3://<logs>/" + egress.DecisionsPrefix + "<id>.json under Object Lock\n" +
		"(--lock-mode, for --lock-days, default the stack's sce:auditLockDays).\n"
	if decision == egress.Rejected {
		return common +
			"reject records the decision and copies nothing: the files stay in the output bucket, and the\n" +
			"egress bucket is not written. A request already approved or rejected is refused; a rejected\n" +
			"request cannot be approved later: the researcher makes a new one."
	}
	return common +
		"approve first checks that every file is still the pinned version with the same SHA-256 (a file\n" +
		"changed after the request refuses the whole request: nothing is recorded or copied), then\n" +
		"records the decision, copies each version to s3://<egress>/<id>/<key>, and writes the receipt\n" +
		"s3://<logs>/" + egress.ReceiptsPrefix + "<id>.json. An interrupted approve is resumed by running it again:\n" +
		"copies already made are kept, not made again."
}

func runEgressDecide(cmd *cobra.Command, l lifecycle, opts egressOptions, decision, pit, id string) error {
	if cmd.Flags().Changed("lock-days") && (opts.lockDays < 1 || opts.lockDays > maxLockDays) {
		return usagef("--lock-days %d: use 1 to %d, or leave the flag out for the stack's sce:auditLockDays", opts.lockDays, maxLockDays)
	}
	s, err := l.egress.Open(cmd.Context(), pit, opts)
	if err != nil {
		return err
	}
	lock, err := decisionLock(opts, s.lockDays, pit)
	if err != nil {
		return err
	}
	r := egress.Review{ID: id, Reason: opts.reason, Lock: lock}
	if decision == egress.Rejected {
		d, err := egress.Reject(cmd.Context(), s.env, r)
		if err != nil {
			return egressError(err)
		}
		writeRejected(cmd.OutOrStdout(), s.env.Project, d, lock)
		return nil
	}
	out, err := egress.Approve(cmd.Context(), s.env, r)
	if err != nil {
		return egressError(err)
	}
	writeApproved(cmd.OutOrStdout(), s.env.Project, out, lock)
	return nil
}

// maxLockDays is the longest Object Lock retention of a decision, in days.
const maxLockDays = 36500

// decisionLock is the decision's retention: --lock-mode, and --lock-days
// (0: not given; runEgressDecide refuses an explicit 0) or the stack's
// sce:auditLockDays.
func decisionLock(opts egressOptions, stackDays int, pit string) (egress.Retention, error) {
	mode := types.ObjectLockRetentionMode(strings.ToUpper(opts.lockMode))
	if mode != types.ObjectLockRetentionModeGovernance && mode != types.ObjectLockRetentionModeCompliance {
		return egress.Retention{}, usagef("--lock-mode %q: use GOVERNANCE or COMPLIANCE", opts.lockMode)
	}
	days := opts.lockDays
	if days == 0 {
		days = stackDays
	}
	if days == 0 {
		return egress.Retention{}, usagef("the decision's Object Lock retention is the stack's sce:auditLockDays, and the stack config was not read: "+
			"pass --lock-days, or --stacks with the folder of Pulumi.%s.yaml", pit)
	}
	if days < 1 || days > maxLockDays {
		return egress.Retention{}, usagef("--lock-days %d: use 1 to %d", days, maxLockDays)
	}
	return egress.Retention{Mode: mode, Days: days}, nil
}

func newEgressListCmd(l lifecycle, opts *egressOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list <pit>",
		Short: "Show every request with its decision and copies: who asked, who decided, when, which files",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.format != "table" && opts.format != "json" {
				return usagef("--format %q: use table or json", opts.format)
			}
			s, err := l.egress.Open(cmd.Context(), args[0], *opts)
			if err != nil {
				return err
			}
			all, err := egress.History(cmd.Context(), s.env)
			if err != nil {
				return err
			}
			return writeHistory(cmd.OutOrStdout(), args[0], all, opts.format)
		},
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "table", "output format: table or json")
	return cmd
}

// egressError makes a refusal or bad input a usage error (exit 2): the
// request, not the system, is what must change. Other errors say what
// failed already.
func egressError(err error) error {
	if errors.Is(err, egress.ErrRefused) || errors.Is(err, egress.ErrInvalid) {
		return &usageError{err: err}
	}
	return err
}
