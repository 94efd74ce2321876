package operations

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// Budget notification thresholds, in percent of the monthly budget.
const (
	budgetForecastPercent = 80
	budgetActualPercent   = 100
)

// Budget creates the project's monthly cost budget, filtered by the
// sce:pit cost allocation tag, warning the alert e-mails when the forecast
// passes 80% and when actual spend passes 100%. The tag must be activated
// for cost allocation once per account (docs/deployment-facts.md#15), or the budget sees nothing.
func Budget(s scope.Scope, monthlyUSD float64, alertEmails []string) error {
	emails := pulumi.ToStringArray(slices.Clone(alertEmails))
	note := func(kind string, percent float64) budgets.BudgetNotificationInput {
		return &budgets.BudgetNotificationArgs{
			NotificationType: pulumi.String(kind), ComparisonOperator: pulumi.String("GREATER_THAN"),
			Threshold: pulumi.Float64(percent), ThresholdType: pulumi.String("PERCENTAGE"), SubscriberEmailAddresses: emails,
		}
	}
	name := s.Names.Logical("budget")
	_, err := budgets.NewBudget(s.Ctx, name, &budgets.BudgetArgs{
		Name:        pulumi.String(name),
		BudgetType:  pulumi.String("COST"),
		LimitAmount: pulumi.String(fmt.Sprintf("%.2f", monthlyUSD)),
		LimitUnit:   pulumi.String("USD"),
		TimeUnit:    pulumi.String("MONTHLY"),
		CostFilters: budgets.BudgetCostFilterArray{&budgets.BudgetCostFilterArgs{
			Name: pulumi.String("TagKeyValue"), Values: pulumi.StringArray{pulumi.String("user:" + tags.PIT + "$" + s.Names.PIT)},
		}},
		Notifications: budgets.BudgetNotificationArray{
			note("FORECASTED", budgetForecastPercent), note("ACTUAL", budgetActualPercent),
		},
		Tags: s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return fmt.Errorf("budget: %w", err)
	}
	return nil
}
