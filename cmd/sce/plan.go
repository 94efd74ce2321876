package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/cost"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// planOptions are the flags of sce plan.
type planOptions struct {
	format    string
	out       string
	stacksDir string
	// all plans every stack file of stacksDir (plan_all.go).
	all bool
	// policyConfig is a policy pack config file (pulumi --policy-pack-config format).
	policyConfig string
}

// planFormats are the formats sce plan writes.
func planFormats() []string { return []string{"table", "json"} }

// planCommand is the name of sce plan.
const planCommand = "plan"

func newPlanCmd(a app) *cobra.Command {
	var opts planOptions
	cmd := &cobra.Command{
		Use:   "plan <stack> | --all",
		Short: "Show what a stack would create, without contacting AWS",
		Long: "plan runs the stack's Pulumi program offline, under the Pulumi SDK's mocks, with the config\n" +
			"of <stacks>/Pulumi.<stack>.yaml. AWS is not contacted: IDs, ARNs and IPs are placeholders.\n" +
			"First the stack is compared with the other stack files of <stacks>: a PIT or an overlapping\n" +
			"VPC block another stack has, or a region other than its baseline's, stops the plan; an IRB\n" +
			"protocol another stack runs under, and a budget below the estimate, are warnings.\n" +
			"Config errors print as file:line: key: message and exit with code 2.\n\n" +
			"With --all it plans every stack file of the directory at once, a few at a time (as many as\n" +
			"there are CPUs), and prints one line per stack: its resources, its mandatory and advisory\n" +
			"policy violations and its monthly estimate. It exits with 1, naming them, if any stack fails:\n" +
			"a config error, a failed plan or a mandatory violation.",
		Example: "  sce plan hipaa\n  sce plan hipaa --format json --out hipaa-plan.json\n  sce plan --all --stacks stacks",
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.all {
				if len(args) > 0 {
					return usagef("--all plans every stack: give no stack name (got %q)", args[0])
				}
				return nil
			}
			return exactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.all {
				return runPlanAll(cmd, a, opts)
			}
			return runPlan(cmd, a, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "table", "output format: table or json (default json for an --out file named .json)")
	f.StringVarP(&opts.out, "out", "o", "", "write the plan to this file instead of stdout")
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files")
	f.StringVar(&opts.policyConfig, "policy-config", "", policyConfigUsage)
	f.BoolVar(&opts.all, "all", false, "plan every stack file of the --stacks directory")
	return cmd
}

func runPlan(cmd *cobra.Command, a app, stack string, opts planOptions) error {
	format, err := outFormat(cmd, opts.format, opts.out, planFormats())
	if err != nil {
		return err
	}
	opts.format = format
	render, err := renderer(opts.format)
	if err != nil {
		return err
	}
	if err := checkOutFile(opts.out, stack+"-plan"+map[string]string{"json": ".json", "table": ".txt"}[opts.format]); err != nil {
		return err
	}
	defer lessGC(os.Getenv("GOGC"))()
	// Compile the policy pack while the stack is planned; a policy config
	// file waits for it, to be checked before anything is planned.
	a.policies.start()
	over, err := loadPolicyConfig(commandContext(cmd), a, "--policy-config", opts.policyConfig)
	if err != nil {
		return err
	}
	p, est, err := planAndEstimate(cmd, a, opts.stacksDir, stack)
	if err != nil {
		return err
	}
	data, err := render(p, est)
	if err != nil {
		return err
	}
	if opts.out == "" {
		if _, err := cmd.OutOrStdout().Write(data); err != nil {
			return err
		}
		return checkPlan(cmd, a, p, over, opts.format == "table")
	}
	if err := os.WriteFile(opts.out, data, 0o644); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote the offline plan of stack %s to %s (%s)\n",
		p.Stack, opts.out, english.Plural(len(p.Resources), "resource"))
	return checkPlan(cmd, a, p, over, false)
}

// planGCPercent is the GOGC of sce plan (the default is 100): planning
// and evaluating policies allocate much short-lived garbage and keep
// little, so collecting less often saves CPU. Not much less often: every
// MiB the heap grows is memory the kernel must fault in and sce keeps
// resident. With the heap on huge pages (package hugeheap), measured on
// two cores alternating 20 runs each: sce plan hipaa took 260-300 ms CPU
// at 300 against 270-300 at 200, with 1-2 MB more resident (400: the same
// CPU, 14 MB more); sce plan --all of 51 stacks 2.1 s wall at 300 against
// 2.3 s at 200, with 360 MB resident instead of 320 (400: 2.0 s, 430 MB).
const planGCPercent = 300

// lessGC sets the GOGC of sce plan, unless the user set GOGC (gogc, the
// environment's value), and returns the function that sets the previous
// one again.
func lessGC(gogc string) func() {
	if gogc != "" {
		return func() {}
	}
	previous := debug.SetGCPercent(planGCPercent)
	return func() { debug.SetGCPercent(previous) }
}

// planStack makes the offline plan of <stacksDir>/Pulumi.<stack>.yaml with
// a's build: what every command that starts from a stack file needs. The
// stack is first compared with the other stacks of the directory: a
// problem there stops every command before anything is planned; the
// warnings are sce plan's to print (the other commands would repeat them).
func planStack(cmd *cobra.Command, a app, stacksDir, stack string) (*plan.Plan, error) {
	p, _, err := planStackFiles(cmd, a, stacksDir, stack)
	return p, err
}

// planStackFiles is planStack that also returns the stack files the plan
// was made from, by the digests of the bytes planned
// (stackfile.PlanSources), for the evidence that records them.
func planStackFiles(cmd *cobra.Command, a app, stacksDir, stack string) (*plan.Plan, []stackfile.Source, error) {
	if a.neighbours != nil {
		found, err := a.neighbours(stacksDir, stack)
		if err != nil {
			return nil, nil, err
		}
		if len(found.Errors) > 0 {
			return nil, nil, found.Errors
		}
		if cmd.Name() == planCommand {
			printWarnings(cmd.ErrOrStderr(), found.Warnings)
		}
	}
	return stackfile.PlanSources(commandContext(cmd), stacksDir, stack, a.build, a.knownKeys)
}

// planStackConfig is planStack with the stack's typed config, for the
// commands that read it (cost, report), and the stack files planned. The
// build decoded the same values while planning, so they cannot fail to
// decode here unless a build skips stacks.LoadConfig.
func planStackConfig(cmd *cobra.Command, a app, stacksDir, stack string) (*plan.Plan, stacks.Config, []stackfile.Source, error) {
	p, sources, err := planStackFiles(cmd, a, stacksDir, stack)
	if err != nil {
		return nil, stacks.Config{}, nil, err
	}
	cfg, err := stacks.DecodeConfig(p.Config)
	if err != nil {
		return nil, stacks.Config{}, nil, fmt.Errorf("stack %s: the planned config does not decode: %w", stack, err)
	}
	return p, cfg, sources, nil
}

// renderer returns the function that renders a plan and its cost estimate
// in format (the JSON plan has no estimate: sce cost --format json does).
func renderer(format string) (func(*plan.Plan, *cost.Estimate) ([]byte, error), error) {
	switch format {
	case "json":
		return func(p *plan.Plan, _ *cost.Estimate) ([]byte, error) { return p.JSON() }, nil
	case "table":
		return tableBytes, nil
	}
	return nil, usagef("unknown --format %q: use table or json", format)
}
