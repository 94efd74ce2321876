package report

import (
	"fmt"
	"strings"
)

// levelNote marks, in a section's table, a rule the policy config moved
// off its declared level (a disabled rule's status already says so).
func levelNote(row ruleRow) string {
	switch row.change {
	case levelDowngraded:
		return " (downgraded to advisory by the policy config)"
	case levelUpgraded:
		return " (upgraded to mandatory by the policy config)"
	}
	return ""
}

// writeOverrides lists every rule the policy config disabled or moved off
// its declared level, with the sections that lose its evidence.
func writeOverrides(b *strings.Builder, rows []ruleRow, cfg PolicyConfigFile) {
	b.WriteString("## Rules the policy config changed\n\n")
	var changed []ruleRow
	for _, row := range rows {
		if row.change != levelDeclared {
			changed = append(changed, row)
		}
	}
	if len(changed) == 0 {
		fmt.Fprintf(b, "None: every rule ran at the level its name declares (policy config: %s).\n\n", cfg)
		return
	}
	fmt.Fprintf(b, "Policy config: %s. A disabled rule was not evaluated: the sections it serves have no\n"+
		"evidence from it in this report.\n\n| rule | declared | in this report | HIPAA sections |\n| --- | --- | --- | --- |\n", cfg)
	for _, row := range changed {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", row.rule.Name, row.declared, row.rule.Level, strings.Join(row.rule.HIPAA, ", "))
	}
	b.WriteString("\n")
}
