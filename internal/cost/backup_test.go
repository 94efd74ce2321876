package cost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/internal/plan"
)

// backupRule is a backup plan rule of schedule kept deleteAfter days.
func backupPlanRule(name, schedule string, deleteAfter float64) map[string]any {
	return map[string]any{"ruleName": name, "schedule": schedule, "lifecycle": map[string]any{"deleteAfter": deleteAfter}}
}

// backupPlan is a project whose selection covers instances and volumes: a
// 30 GiB root volume and a 100 GiB data volume, 130 GB in all.
func backupPlan(usage string, rules ...any) *plan.Plan {
	cfg := map[string]string{"aws:region": "us-west-2", "sce:schedule": weekdaySchedule}
	if usage != "" {
		cfg["sce:usage"] = usage
	}
	return fixturePlan(cfg,
		res(typeInstance, "t-worker", map[string]any{"instanceType": "m5.large",
			"rootBlockDevice": map[string]any{"volumeSize": 30.0, "volumeType": "gp3"}}),
		res(typeVolume, "t-data", map[string]any{"size": 100.0, "type": "gp3"}),
		res(typeBackupSelection, "t-backup-selection", map[string]any{
			"resources": []any{"arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:volume/*"}}),
		res(typeBackupPlan, "t-backup-plan", map[string]any{"rules": rules}))
}

const (
	daily   = "cron(0 5 ? * * *)"
	monthly = "cron(0 5 1 * ? *)"
)

func TestBackupStorageDailyAndMonthly(t *testing.T) {
	est := estimate(t, backupPlan("", backupPlanRule("daily", daily, 35), backupPlanRule("monthly", monthly, 365)))
	lines := linesOf(est.Lines)
	daily, monthly := lines["AWS Backup storage t-backup-plan, daily points"], lines["AWS Backup storage t-backup-plan, monthly points"]
	// 130 GB full + 35 days * 1.3 GB = 175.5 GB * $0.05; the monthly points
	// older than 35 days keep (365-35) days * 1.3 GB = 429 GB * $0.05.
	assert.Equal(t, PerColumn{8.78, 8.78, 8.78}, daily.Monthly)
	assert.Equal(t, "kept 35 days: 130 GB full + 35 days × 1.3 GB written a day = 175.5 GB (sce:usage.backupGb, backupChangedGbPerDay)", daily.Detail)
	assert.Equal(t, PerColumn{21.45, 21.45, 21.45}, monthly.Monthly)
	assert.Equal(t, "kept 365 days: 10.85 points older than the daily ones × 39.54 GB written a month = 429 GB "+
		"(sce:usage.backupGb, backupChangedGbPerDay)", monthly.Detail)
	assert.Equal(t, "$0.05/GB-month", daily.Rate)
	assert.Equal(t, "backup", daily.Source)
	assert.Contains(t, est.Assumptions, "sce:usage.backupGb = 130 GB (default: the provisioned size of the EBS volumes the backup plan selects (an upper bound))")
	assert.Contains(t, est.Assumptions, "sce:usage.backupChangedGbPerDay = 1.3 GB a day (default: 1% of backupGb a day)")
	assert.Equal(t, GroupCost{Group: "backup", Monthly: 30.23, What: []string{"AWS Backup storage daily points", "AWS Backup storage monthly points"}},
		est.WhileSuspended[1], "suspend keeps the backups")
}

func TestBackupStorageGivenFigures(t *testing.T) {
	est := estimate(t, backupPlan(`{"backupGb":1000,"backupChangedGbPerDay":100}`,
		backupPlanRule("monthly", monthly, 730), backupPlanRule("daily", daily, 35)))
	// A month writes 3,041.67 GB, more than the 1,000 GB a point can hold.
	assert.Equal(t, map[string]PerColumn{
		"instance t-worker":    {0, 22.88, 70.08},
		"root volume t-worker": {2.40, 2.40, 2.40},
		"volume t-data":        {8, 8, 8},
		"AWS Backup storage t-backup-plan, daily points":   {225, 225, 225},             // (1,000 + 35*100) GB * $0.05
		"AWS Backup storage t-backup-plan, monthly points": {1142.47, 1142.47, 1142.47}, // 22.85 points * 1,000 GB * $0.05
	}, costsOf(est.Lines))
}

func TestBackupMonthlyOnly(t *testing.T) {
	est := estimate(t, backupPlan("", backupPlanRule("monthly", monthly, 365)))
	l := linesOf(est.Lines)["AWS Backup storage t-backup-plan, monthly points"]
	// 130 GB full + (12-1) more points * 39.54 GB = 564.96 GB.
	assert.Equal(t, PerColumn{28.25, 28.25, 28.25}, l.Monthly)
	assert.Equal(t, "kept 365 days: 130 GB full + 11 more points × 39.54 GB written a month = 564.96 GB "+
		"(sce:usage.backupGb, backupChangedGbPerDay)", l.Detail)
}

func TestBackupRulesTheEstimateCannotRead(t *testing.T) {
	weekly := backupPlanRule("weekly", "cron(0 5 ? * MON *)", 35)
	forever := map[string]any{"ruleName": "forever", "schedule": daily}
	copied := backupPlanRule("daily", daily, 35)
	copied["copyActions"] = []any{map[string]any{"destinationVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:t-copy"}}
	est := estimate(t, backupPlan("", weekly, forever, copied))
	assert.Equal(t, []string{
		`AWS Backup storage t-backup-plan: rule weekly: schedule "cron(0 5 ? * MON *)" is neither daily nor monthly`,
		"AWS Backup storage t-backup-plan: rule forever: no lifecycle.deleteAfter, so its points are kept forever",
		"AWS Backup storage t-backup-plan, daily points copies: a copy to another vault is stored at that vault's region's rate " +
			"plus inter-region transfer: not estimated",
	}, est.Unknown)
	assert.Equal(t, Columns{true, true, true}, est.Total.AtLeast)
	assert.Equal(t, PerColumn{8.78, 8.78, 8.78}, costsOf(est.Lines)["AWS Backup storage t-backup-plan, daily points"])
}

func TestBackupWithoutSelectionBacksUpNothing(t *testing.T) {
	p := backupPlan("", backupPlanRule("daily", daily, 35))
	p.Resources = append(p.Resources[:2], p.Resources[3:]...)
	est := estimate(t, p)
	assert.Equal(t, PerColumn{0, 0, 0}, costsOf(est.Lines)["AWS Backup storage t-backup-plan, daily points"])
	assert.Contains(t, est.Assumptions, "sce:usage.backupGb = 0 GB (default: the provisioned size of the EBS volumes the backup plan selects (an upper bound))")
}

func TestCronFrequency(t *testing.T) {
	for schedule, want := range map[string]string{
		"cron(0 5 ? * * *)":   "daily",
		"cron(0 5 * * ? *)":   "daily",
		"cron(0 5 1 * ? *)":   "monthly",
		"cron(30 2 28 * ? *)": "monthly",
		"cron(0 5 ? * MON *)": "",
		"cron(0 5 1 JAN ? *)": "",
		"cron(0 5 32 * ? *)":  "",
		"cron(0 5 01 * ? *)":  "",
		"cron(0 5 L * ? *)":   "",
		"rate(1 day)":         "",
		"cron(0 5 ? * *)":     "",
		"":                    "",
	} {
		assert.Equal(t, want, cronFrequency(schedule), schedule)
	}
}

func TestBackupChangedDerivedFromAGivenBackupGb(t *testing.T) {
	est := estimate(t, backupPlan(`{"backupGb":500}`, backupPlanRule("daily", daily, 35)))
	// 500 GB full + 35 days * 5 GB (1% of 500) = 675 GB * $0.05.
	assert.Equal(t, PerColumn{33.75, 33.75, 33.75}, costsOf(est.Lines)["AWS Backup storage t-backup-plan, daily points"])
	assert.Contains(t, est.Assumptions, "sce:usage.backupGb = 500 GB (stack config)")
	assert.Contains(t, est.Assumptions, "sce:usage.backupChangedGbPerDay = 5 GB a day (default: 1% of backupGb a day)")
}
