package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/cost"
	"github.com/sce-dev/sce/internal/plan"
)

// costOptions are the flags of sce cost.
type costOptions struct {
	format    string
	stacksDir string
}

func newCostCmd(a app) *cobra.Command {
	var opts costOptions
	cmd := &cobra.Command{
		Use:   "cost <stack>",
		Short: "Estimate a stack's monthly AWS cost from its offline plan",
		Long: "cost prices the stack's offline plan with sce's dated price table (internal/cost/prices.yaml) in\n" +
			"three columns: suspended, working hours (sce:schedule) and always on (730 h). Data volumes come\n" +
			"from sce:usage, with defaults shown as assumptions. The dedicated per-region fee is shown apart:\n" +
			"every project of the account and region shares it. Unknown prices print as unknown and make the\n" +
			"totals \"at least\". AWS is not contacted: check the prices before a budget decision.",
		Example: "  sce cost hipaa\n  sce cost hipaa --format markdown",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCost(cmd, a, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.format, "format", "f", "table", "output format: table, json or markdown")
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files")
	return cmd
}

func runCost(cmd *cobra.Command, a app, stack string, opts costOptions) error {
	render, err := costRenderer(opts.format)
	if err != nil {
		return err
	}
	_, est, err := planAndEstimate(cmd, a, opts.stacksDir, stack)
	if err != nil {
		return err
	}
	return render(est, cmd.OutOrStdout())
}

// planAndEstimate plans a stack and estimates its cost. A bad sce:usage or
// sce:schedule fails the plan itself, located in the stack file.
func planAndEstimate(cmd *cobra.Command, a app, stacksDir, stack string) (*plan.Plan, *cost.Estimate, error) {
	p, cfg, _, err := planStackConfig(cmd, a, stacksDir, stack)
	if err != nil {
		return nil, nil, err
	}
	table, err := cost.DefaultTable()
	if err != nil {
		return nil, nil, fmt.Errorf("estimate the cost of stack %s: %w", p.Stack, err)
	}
	est, err := cost.EstimatePlan(p, cfg, table)
	if err != nil {
		return nil, nil, err
	}
	printWarnings(cmd.ErrOrStderr(), budgetWarning(stacksDir, stack, a.knownKeys, cfg, est))
	return p, est, nil
}

// costRenderer returns the function that writes an estimate in format.
func costRenderer(format string) (func(*cost.Estimate, io.Writer) error, error) {
	switch format {
	case "table":
		return (*cost.Estimate).WriteText, nil
	case "markdown":
		return (*cost.Estimate).WriteMarkdown, nil
	case "json":
		return func(est *cost.Estimate, w io.Writer) error {
			data, err := est.JSON()
			if err == nil {
				_, err = w.Write(data)
			}
			return err
		}, nil
	}
	return nil, usagef("unknown --format %q: use table, json or markdown", format)
}
