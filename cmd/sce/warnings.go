package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/sce-dev/sce/internal/cost"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// printWarnings prints each warning on its own line of w, as
// "warning: file:line: key: message".
func printWarnings(w io.Writer, warnings stackfile.ConfigErrors) {
	for _, e := range warnings {
		fmt.Fprintln(w, "warning: "+e.Error())
	}
}

// budgetKey is where a project's monthly budget is set.
const budgetKey = stacks.KeyBudgetMonthlyUSD

// budgetWarning warns when a project's budget is below its estimated
// monthly cost in the way the stack runs (suspended, on its schedule, or
// always on): the budget's 100% alert would then fire every month. The
// shared dedicated fee is left out, as the project's budget does not see it.
func budgetWarning(stacksDir, stack string, known []string, cfg stacks.Config, est *cost.Estimate) stackfile.ConfigErrors {
	if cfg.Baseline() || cfg.Budget.MonthlyUSD <= 0 {
		return nil
	}
	col, how := cost.AlwaysOn, "always on, as the stack sets no sce:schedule"
	switch {
	case cfg.Suspended:
		col, how = cost.Suspended, "suspended"
	case cfg.Schedule != nil:
		col, how = cost.WorkingHours, "on its schedule"
	}
	estimate := est.Total.Monthly[col]
	if cfg.Budget.MonthlyUSD >= estimate {
		return nil
	}
	path := filepath.Join(stacksDir, "Pulumi."+stack+".yaml")
	line := 0
	if f, err := stackfile.Load(path, known); err == nil {
		line = f.Lines[budgetKey]
		if line == 0 {
			line = f.Lines[stacks.KeyBudget]
		}
	}
	return stackfile.ConfigErrors{{Path: path, Line: line, Key: budgetKey, Message: fmt.Sprintf(
		"$%.2f a month is below the estimated monthly cost, %s (%s): the budget's 100%% alert would fire every "+
			"month; raise the budget, or lower the cost (`sce cost %s` itemizes it)",
		cfg.Budget.MonthlyUSD, est.Total.Cell(col), how, stack)}}
}
