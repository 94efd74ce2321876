package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/pulumicmd"
	"github.com/sce-dev/sce/internal/request"
)

// requestOptions are the flags of sce request.
type requestOptions struct {
	stacksDir string
	site      string
	pit       string
	dryRun    bool
}

func newRequestCmd(a app, l lifecycle) *cobra.Command {
	var opts requestOptions
	cmd := &cobra.Command{
		Use:   "request",
		Short: "Check a project request and turn it into a stack file",
		Long: "A request file (YAML, see examples/requests/) is what a researcher asks for: study, PI, IRB\n" +
			"approval, researchers and their SSH keys, workers, budget. validate checks it; approve writes\n" +
			"stacks/Pulumi.<pit>.yaml with the first free VPC block of the pool in stacks/site.yaml.",
		Args:                       cobra.ArbitraryArgs,
		RunE:                       runRoot,
		SuggestionsMinimumDistance: 2,
	}
	cmd.PersistentFlags().StringVar(&opts.site, "site", request.DefaultSitePath, "site settings: config every project gets, VPC pool, quotas")
	cmd.PersistentFlags().StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files")
	cmd.AddCommand(newRequestValidateCmd(a, l, &opts), newRequestApproveCmd(a, l, &opts))
	return cmd
}

func newRequestValidateCmd(a app, l lifecycle, opts *requestOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE",
		Short: "Report every problem of a request file, with its line and the fix",
		Long: "validate checks the request's fields and dates, then plans, offline, the stack file it would\n" +
			"become next to the existing stacks, with the VPC block approve would allocate now: every problem\n" +
			"prints as file:line: field: message and the exit code is 2. It warns as approve does (quotas,\n" +
			"an IRB protocol another stack has) and refuses a full VPC pool.",
		Example: "  sce request validate examples/requests/vitals-study.yaml",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := request.Validate(cmd.Context(), args[0], requestOpts(a, l, opts))
			if err != nil {
				return err
			}
			printNotes(cmd.ErrOrStderr(), res)
			fmt.Fprintf(cmd.OutOrStdout(), "%s: valid: %s\n", args[0], summary(res.Request))
			return nil
		},
	}
}

func newRequestApproveCmd(a app, l lifecycle, opts *requestOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "approve FILE --pit PIT",
		Short: "Write the project's stack file from an approved request",
		Long: "approve checks the request as validate does, refuses a PIT already in use, an expired IRB\n" +
			"approval or a full VPC pool, allocates the first free VPC block, and writes\n" +
			"<stacks>/Pulumi.<pit>.yaml. It warns when the project would pass a default regional quota.",
		Example: "  sce request approve examples/requests/vitals-study.yaml --pit vitals\n" +
			"  sce request approve request.yaml --pit omop2 --dry-run",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.pit == "" {
				return usagef("--pit is required: the project identifier, for example --pit vitals")
			}
			if err := request.CheckPIT(opts.pit); err != nil {
				return &usageError{err: err}
			}
			return runApprove(cmd, a, l, args[0], opts)
		},
	}
	cmd.Flags().StringVar(&opts.pit, "pit", "", "Project Identifier Tag: the stack name and the prefix of every resource")
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "print the stack file instead of writing it")
	return cmd
}

func runApprove(cmd *cobra.Command, a app, l lifecycle, file string, opts *requestOptions) error {
	res, err := request.Approve(cmd.Context(), file, opts.pit, requestOpts(a, l, opts), opts.dryRun)
	if err != nil {
		return err
	}
	printNotes(cmd.ErrOrStderr(), res)
	out := cmd.OutOrStdout()
	if opts.dryRun {
		_, err = out.Write(res.Data)
		return err
	}
	fmt.Fprintf(out, "wrote %s: project %s, VPC %s (%s)\n", res.Path, res.PIT, res.VPC, summary(res.Request))
	fmt.Fprintf(out, "next: review and commit it, check it with `sce plan %s`; to deploy, as the admin role run %s\n", res.PIT, pulumicmd.Deploy("sce", res.PIT))
	return nil
}

func requestOpts(a app, l lifecycle, opts *requestOptions) request.Options {
	return request.Options{StacksDir: opts.stacksDir, SitePath: opts.site, Build: a.build, Known: a.knownKeys, Today: l.now()}
}

// printNotes prints the warnings and the request sections sce cannot map yet.
func printNotes(w io.Writer, res *request.Result) {
	for _, msg := range res.Warnings {
		fmt.Fprintln(w, "warning: "+msg)
	}
	if len(res.Unmapped) > 0 {
		fmt.Fprintf(w, "note: %s: requested, but this sce has no config key for them yet; "+
			"the stack file keeps them in comments for IT\n", strings.Join(res.Unmapped, ", "))
	}
}

func summary(r *request.Request) string {
	return fmt.Sprintf("%s, %s, %s, study ends %s", r.IRB.Protocol, english.Plural(len(r.Researchers), "researcher"),
		english.Plural(r.Workers.Count, "worker"), r.StudyEnd.Format("2006-01-02"))
}
