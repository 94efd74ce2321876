package stacks

import "github.com/sce-dev/sce/sce"

// bastionConfig is sce:bastion.
type bastionConfig struct {
	InstanceType string `json:"instanceType"`
}

// workersConfig is sce:workers.
type workersConfig struct {
	Count                int    `json:"count"`
	InstanceType         string `json:"instanceType"`
	DataVolumeSizeGiB    int    `json:"dataVolumeSizeGiB"`
	DataVolumeIops       int    `json:"dataVolumeIops"`
	DataVolumeThroughput int    `json:"dataVolumeThroughput"`
}

// researcherConfig is one item of sce:researchers.
type researcherConfig struct {
	Username  string `json:"username"`
	PublicKey string `json:"publicKey"`
	Email     string `json:"email"`
	Admin     bool   `json:"admin"`
}

// computeKeys are the compute config keys, without namespace.
var computeKeys = []string{"bastion", "workers", "amiId", "researchers"}

// readCompute fills the compute part of args from sce:bastion, sce:workers,
// sce:amiId and sce:researchers.
func readCompute(r *reader, args *sce.EnvironmentArgs) {
	var bastion bastionConfig
	if r.object("bastion", &bastion, "instanceType") {
		args.Bastion = sce.BastionArgs{InstanceType: bastion.InstanceType}
	}
	var workers workersConfig
	if r.object("workers", &workers, "count, instanceType, dataVolumeSizeGiB, dataVolumeIops, dataVolumeThroughput") {
		args.Workers = sce.WorkerArgs{Count: workers.Count, InstanceType: workers.InstanceType,
			DataVolumeSizeGiB: workers.DataVolumeSizeGiB, DataVolumeIOPS: workers.DataVolumeIops,
			DataVolumeThroughput: workers.DataVolumeThroughput}
	}
	args.AmiID = r.str("amiId")
	var researchers []researcherConfig
	if r.object("researchers", &researchers, "a list of {username, publicKey, email, admin}") {
		for _, rc := range researchers {
			args.Researchers = append(args.Researchers, sce.Researcher(rc))
		}
	}
}

// scheduleConfig is sce:schedule.
type scheduleConfig struct {
	TimeZone  string `json:"timeZone"`
	Days      string `json:"days"`
	Start     string `json:"start"`
	Stop      string `json:"stop"`
	AutoStart bool   `json:"autoStart"`
}

// budgetConfig is sce:budget.
type budgetConfig struct {
	MonthlyUsd float64 `json:"monthlyUsd"`
}

// operationsKeys are the cost-control config keys, without namespace.
// sce:usage feeds only the cost estimate (internal/cost reads it).
var operationsKeys = []string{"schedule", "suspended", "budget", "usage"}

// readOperations fills the schedule, suspend switch and budget.
func readOperations(r *reader, args *sce.EnvironmentArgs) {
	var s scheduleConfig
	if r.object("schedule", &s, "timeZone, days, start, stop, autoStart") {
		args.Schedule = &sce.ScheduleArgs{TimeZone: s.TimeZone, Days: s.Days, Start: s.Start, Stop: s.Stop, AutoStart: s.AutoStart}
	}
	args.Suspended = r.bool("suspended")
	var budget budgetConfig
	if r.object("budget", &budget, "monthlyUsd") {
		args.Budget = sce.BudgetArgs{MonthlyUSD: budget.MonthlyUsd}
	}
}
