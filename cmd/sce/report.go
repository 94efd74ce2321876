package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/report"
)

// reportOptions are the flags of sce report.
type reportOptions struct {
	out          string
	stacksDir    string
	policyConfig string
	only         []string
}

func newReportCmd(a app) *cobra.Command {
	var opts reportOptions
	cmd := &cobra.Command{
		Use:   "report <stack> --out DIR",
		Short: "Write the evidence bundle of a stack: control matrix, inventory, plan, diagram",
		Long: "report plans the stack offline, evaluates the policy pack and writes into DIR:\n" +
			"  controls.md       HIPAA section -> control -> rule -> pass/fail -> resources\n" +
			"  inventory.csv     every resource with its type, tags, encryption and network placement\n" +
			"  plan.json         the offline plan (schema v1)\n" +
			"  architecture.svg  the architecture drawn from the plan\n" +
			"The bundle is written even when rules fail; the command then exits with 1.",
		Example: "  sce report hipaa --out evidence/hipaa\n" +
			"  sce report hipaa --out docs --only controls.md,architecture.svg",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, a, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.out, "out", "o", "", "directory to write the bundle into (required)")
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files")
	f.StringVar(&opts.policyConfig, "policy-config", "", policyConfigUsage)
	f.StringSliceVar(&opts.only, "only", nil, "write only these files of the bundle (comma-separated)")
	return cmd
}

func runReport(cmd *cobra.Command, a app, stack string, opts reportOptions) error {
	if opts.out == "" {
		return usagef("--out DIR is required: where to write the bundle")
	}
	if a.policyPack == nil {
		return fmt.Errorf("no policy pack")
	}
	a.policies.start()
	ctx := commandContext(cmd)
	p, cfg, err := planStackConfig(cmd, a, opts.stacksDir, stack)
	if err != nil {
		return err
	}
	res, err := evaluatePolicies(ctx, a, p, opts.policyConfig)
	if err != nil {
		return err
	}
	written, err := report.Write(opts.out, p, cfg, res, opts.only)
	if err != nil {
		return &usageError{err: err}
	}
	for _, path := range written {
		fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", path)
	}
	if err := res.WriteSummary(cmd.OutOrStdout()); err != nil {
		return err
	}
	return mandatoryError(res)
}
