package cost

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/stacks"
)

// backupRule is one rule of a backup plan, as the estimate reads it.
type backupRule struct {
	name      string
	frequency string // "daily" or "monthly"
	days      float64
	copies    int
}

// priceBackups prices the AWS Backup storage of each backup plan: EBS
// snapshot-based recovery points are incremental, so the daily points hold
// one full copy of the selected volumes plus each day's written blocks, and
// each monthly point kept beyond the daily ones holds one month's written
// blocks (at most a full copy). Suspend keeps the backups: every column
// pays for them.
func priceBackups(e *estimator) {
	for _, p := range e.plan.Find(typeBackupPlan) {
		rules, problems := backupRules(p)
		for _, why := range problems {
			e.addUnknown("backup", "AWS Backup storage "+p.Name, "", why)
		}
		e.priceBackupPlan(p, rules)
	}
}

func (e *estimator) priceBackupPlan(p plan.Resource, rules []backupRule) {
	full, changed := e.usage.BackupGB, e.usage.BackupChangedGBPerDay
	dailyDays := 0.0
	for _, r := range rules {
		if r.frequency == "daily" {
			dailyDays = max(dailyDays, r.days)
		}
	}
	for _, r := range rules {
		item := fmt.Sprintf("AWS Backup storage %s, %s points", p.Name, r.frequency)
		var gb float64
		var detail string
		switch {
		case r.frequency == "daily":
			gb = full + changed*r.days
			detail = fmt.Sprintf("kept %s days: %s GB full + %s days × %s GB written a day", formatCount(r.days),
				formatCount(full), formatCount(r.days), formatCount(changed))
		case dailyDays > 0:
			points := math.Max(0, r.days-dailyDays) / daysPerMonth
			gb = points * math.Min(changed*daysPerMonth, full)
			detail = fmt.Sprintf("kept %s days: %s points older than the daily ones × %s GB written a month",
				formatCount(r.days), formatCount(points), formatCount(math.Min(changed*daysPerMonth, full)))
		default:
			points := r.days / daysPerMonth
			gb = full + math.Max(0, points-1)*math.Min(changed*daysPerMonth, full)
			detail = fmt.Sprintf("kept %s days: %s GB full + %s more points × %s GB written a month", formatCount(r.days),
				formatCount(full), formatCount(math.Max(0, points-1)), formatCount(math.Min(changed*daysPerMonth, full)))
		}
		e.add("backup", item, detail+" = "+formatCount(gb)+" GB ("+stacks.UsageKey(stacks.UsageBackupGB)+", "+stacks.UsageBackupChangedGBPerDay+")",
			"backup.ebs.storage", all(gb))
		if r.copies > 0 {
			e.addUnknown("backup", item+" copies", english.Plural(r.copies, "copy action"),
				"a copy to another vault is stored at that vault's region's rate plus inter-region transfer: not estimated")
		}
	}
}

// backupRules reads the rules of a backup plan; problems say which rules
// the estimate cannot read.
func backupRules(p plan.Resource) ([]backupRule, []string) {
	raw, _ := p.Inputs["rules"].([]any)
	var rules []backupRule
	var problems []string
	for _, x := range raw {
		in, _ := x.(map[string]any)
		name := str(in, "ruleName")
		freq := cronFrequency(str(in, "schedule"))
		days, ok := num(object(in, "lifecycle"), "deleteAfter")
		switch {
		case freq == "":
			problems = append(problems, fmt.Sprintf("rule %s: schedule %q is neither daily nor monthly", name, str(in, "schedule")))
		case !ok:
			problems = append(problems, fmt.Sprintf("rule %s: no lifecycle.deleteAfter, so its points are kept forever", name))
		default:
			copies, _ := in["copyActions"].([]any)
			rules = append(rules, backupRule{name: name, frequency: freq, days: days, copies: len(copies)})
		}
	}
	slices.SortStableFunc(rules, func(a, b backupRule) int { return strings.Compare(a.frequency, b.frequency) })
	return rules, problems
}

// cronFrequency is "daily" or "monthly" for an AWS cron expression
// (minutes hours day-of-month month day-of-week year) that runs every day
// or on one day of every month, and "" otherwise.
func cronFrequency(schedule string) string {
	expr, ok := strings.CutPrefix(schedule, "cron(")
	expr, ok2 := strings.CutSuffix(expr, ")")
	f := strings.Fields(expr)
	if !ok || !ok2 || len(f) != 6 {
		return ""
	}
	any := func(s string) bool { return s == "*" || s == "?" }
	dom, month, dow := f[2], f[3], f[4]
	switch {
	case any(dom) && any(month) && any(dow):
		return "daily"
	case isDayOfMonth(dom) && any(month) && any(dow):
		return "monthly"
	}
	return ""
}

// isDayOfMonth reports whether s is one day of the month, 1 to 31.
func isDayOfMonth(s string) bool {
	var d int
	_, err := fmt.Sscanf(s, "%d", &d)
	return err == nil && fmt.Sprint(d) == s && d >= 1 && d <= 31
}
