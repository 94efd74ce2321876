package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/closeout"
	"github.com/sce-dev/sce/internal/stackfile"
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
	p, cfg, _, err := planStackConfig(cmd, a, opts.stacksDir, opts.stack)
	if err != nil {
		return err
	}
	if cfg.Baseline() {
		return usagef("stack %s is the account baseline (sce:kind: baseline): close-out ends research projects, "+
			"and the baseline keeps their archive", opts.stack)
	}
	if err := checkBaselineStackFile(opts.stacksDir, opts.baselineStack); err != nil {
		return err
	}
	d := closeout.DryRun{Stack: opts.stack, PIT: cfg.PITOf(opts.stack), Config: cfg, Plan: p,
		Today: stacks.UTCDay(l.now()), BaselineStack: opts.baselineStack,
		Options: closeout.Options{Stack: opts.stack, StateDir: opts.stateDir, Force: opts.force, Reason: opts.reason,
			ArchiveBucket: opts.archiveBucket, ArchiveKeyArn: opts.archiveKey}}
	return d.Write(cmd.OutOrStdout())
}

// checkBaselineStackFile refuses a --baseline-stack (stack, org/stack or
// org/project/stack; "" is the stack's sce:baselineStack, which planning
// checks) whose file is not in the stacks directory or is not a baseline.
func checkBaselineStackFile(dir, ref string) error {
	if ref == "" {
		return nil
	}
	name := ref[strings.LastIndexByte(ref, '/')+1:]
	path, err := stackfile.Find(dir, name)
	if err != nil {
		return fmt.Errorf("--baseline-stack: %w", err)
	}
	f, err := stackfile.Load(path, stacks.KnownConfigKeys())
	if err != nil {
		return fmt.Errorf("--baseline-stack %s: %w", ref, err)
	}
	cfg, err := stacks.DecodeConfig(f.Config)
	if err != nil {
		return fmt.Errorf("--baseline-stack %s: %s does not decode: %w", ref, path, err)
	}
	if !cfg.Baseline() {
		return usagef("--baseline-stack %s: %s has no sce:kind: baseline, so it is a project, not the account's baseline: "+
			"name the baseline stack, or leave the flag out for sce:baselineStack", ref, path)
	}
	return nil
}
