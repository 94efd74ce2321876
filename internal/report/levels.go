package report

import (
	"fmt"
	"strings"

	"github.com/sce-dev/sce/internal/policy"
)

// How a policy config changed a rule's level.
const (
	// levelDeclared: the rule runs at the level its name declares.
	levelDeclared = "declared"
	// levelDisabled: the config disabled the rule; it was not evaluated.
	levelDisabled = "disabled"
	// levelDowngraded: a deny rule reports as advisory.
	levelDowngraded = "downgraded"
	// levelUpgraded: a warn rule blocks as mandatory.
	levelUpgraded = "upgraded"
)

// change is how the effective level of a rule differs from the declared one.
func change(declared, effective policy.Level) string {
	switch {
	case effective == declared:
		return levelDeclared
	case effective == policy.Disabled:
		return levelDisabled
	case declared == policy.Mandatory:
		return levelDowngraded
	}
	return levelUpgraded
}

// declaredLevels maps each rule of the pack to the level its name declares.
func declaredLevels(packRules []policy.Rule) map[string]policy.Level {
	out := make(map[string]policy.Level, len(packRules))
	for _, r := range packRules {
		out[r.Name] = r.Level
	}
	return out
}

// levelCounts counts the rules by how the config changed their level.
type levelCounts map[string]int

func countLevels(rows []ruleRow) levelCounts {
	c := levelCounts{}
	for _, row := range rows {
		c[row.change]++
	}
	return c
}

// sentence says how many rules ran at which level; its numbers add up to
// the pack's rules: "86 rules in the pack: 81 at their declared level, 2
// downgraded from mandatory to advisory, 3 disabled and not evaluated".
func (c levelCounts) sentence(total int) string {
	parts := []string{fmt.Sprintf("%d at their declared level", c[levelDeclared])}
	if n := c[levelDowngraded]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d downgraded from mandatory to advisory", n))
	}
	if n := c[levelUpgraded]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d upgraded from advisory to mandatory", n))
	}
	if n := c[levelDisabled]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d disabled and not evaluated", n))
	}
	return fmt.Sprintf("%d rules in the pack: %s", total, strings.Join(parts, ", "))
}

// overridden reports whether any rule did not run at its declared level.
func (c levelCounts) overridden() bool { return c[levelDeclared] < c.total() }

func (c levelCounts) total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// RuleLevels is one line for people on how many rules of the bundle's pack
// ran at which level and with which policy config; its numbers add up to the
// pack's rules.
func RuleLevels(bundle Bundle) (string, error) {
	rows, err := ruleRows(bundle)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("rules     %s (policy config: %s)\n", countLevels(rows).sentence(len(rows)),
		bundle.Provenance.PolicyConfig), nil
}
