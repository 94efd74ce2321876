package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/closeout"
	"github.com/sce-dev/sce/stacks"
)

// closeoutStepsHelp lists the close-out's steps for --help, from the
// list the dry run prints.
func closeoutStepsHelp() string {
	var b strings.Builder
	for i, s := range closeout.StepSummaries() {
		fmt.Fprintf(&b, "  %d. %s: %s\n", i+1, s[0], s[1])
	}
	return b.String()
}

// runCloseoutDryRun prints what sce closeout would do, from the stack file
// and its offline plan: it never opens the AWS clients or the Pulumi stack
// (l.closeout is not used).
func runCloseoutDryRun(cmd *cobra.Command, a app, l lifecycle, opts closeoutOptions) error {
	if err := checkCloseoutFlags(cmd, opts); err != nil {
		return err
	}
	p, cfg, err := planStackConfig(cmd, a, opts.stacksDir, opts.stack)
	if err != nil {
		return err
	}
	if cfg.Baseline() {
		return usagef("stack %s is the account baseline (sce:kind: baseline): close-out ends research projects, "+
			"and the baseline keeps their archive", opts.stack)
	}
	d := closeout.DryRun{Stack: opts.stack, PIT: cfg.PITOf(opts.stack), Config: cfg, Plan: p,
		Today: stacks.UTCDay(l.now()),
		Options: closeout.Options{Stack: opts.stack, StateDir: opts.stateDir, Force: opts.force, Reason: opts.reason,
			ArchiveBucket: opts.archiveBucket, ArchiveKeyArn: opts.archiveKey}}
	return d.Write(cmd.OutOrStdout())
}
