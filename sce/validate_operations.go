package sce

import (
	"math"
	"strconv"
)

// maxBudgetSubscribers is how many e-mail addresses an AWS Budgets
// notification accepts.
const maxBudgetSubscribers = 10

// validateOperations checks the schedule, the budget and the backup plan.
func validateOperations(errs *ValidationErrors, a EnvironmentArgs) {
	validateBackup(errs, a.Backup)
	validatePatching(errs, a)
	if s := a.Schedule; s != nil {
		validateSchedule(errs, *s)
	}
	validateBudget(errs, a.Budget)
	if len(a.AlertEmails) > maxBudgetSubscribers {
		errs.add("alertEmails", "lists %d addresses; AWS Budgets notifies at most %d: use a mailing list", len(a.AlertEmails), maxBudgetSubscribers)
	}
}

// validateBudget checks the monthly amount: set, and more than 0.
func validateBudget(errs *ValidationErrors, b BudgetArgs) {
	switch usd := b.MonthlyUSD; {
	case usd == 0:
		errs.add("budget.monthlyUsd", "is required: the project's monthly budget in US dollars, for example 2000; "+
			"alerts go to sce:alertEmails at 80%% forecast and 100%% actual")
	case math.IsNaN(usd) || math.IsInf(usd, 0):
		errs.add("budget.monthlyUsd", "%v is not an amount: give the project's monthly budget in US dollars, for example 2000", usd)
	case usd < 0:
		errs.add("budget.monthlyUsd", "%s must be more than 0: the project's monthly budget in US dollars, for example 2000",
			strconv.FormatFloat(usd, 'f', -1, 64))
	}
}
