package cost

import (
	"fmt"
	"math"

	"github.com/sce-dev/sce/stacks"
)

// usageKey is the stack config key of the usage figures.
const usageKey = "sce:usage"

// usage are the usage figures an estimate prices: the stack's, with the
// defaults and the derived figures filled in.
type usage struct {
	stacks.Usage
}

// estimateUsage completes the stack's usage figures: defaults, then the
// figures derived from the others and from the plan's configRules rules.
func estimateUsage(u stacks.Usage, configRules int) usage {
	d := u.WithDefaults()
	if !u.Given("dataEventsPerMonth") {
		d.DataEventsPerMonth = d.S3PutRequestsPerMonth + d.S3GetRequestsPerMonth
	}
	if !u.Given("configEvaluationsPerMonth") {
		d.ConfigEvaluationsPerMonth = math.Round(d.ConfigItemsPerMonth + float64(configRules)*daysPerMonth)
	}
	return usage{d}
}

// assumptions describe every figure and where it came from.
func (u usage) assumptions() []string {
	var out []string
	for _, f := range stacks.UsageFigures() {
		v := u.Figure(f.Name)
		switch {
		case u.Given(f.Name):
			out = append(out, fmt.Sprintf("%s.%s = %s %s (stack config)", usageKey, f.Name, formatCount(v), f.Unit))
		case f.Derived != "":
			out = append(out, fmt.Sprintf("%s.%s = %s %s (default: %s)", usageKey, f.Name, formatCount(v), f.Unit, f.Derived))
		default:
			out = append(out, fmt.Sprintf("%s.%s = %s %s (default)", usageKey, f.Name, formatCount(v), f.Unit))
		}
	}
	return out
}
