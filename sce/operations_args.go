package sce

// ScheduleArgs stop (and optionally start) the project's instances on a
// weekly schedule (sce:schedule), so dedicated instances do not run nights
// and weekends.
type ScheduleArgs struct {
	// TimeZone is the IANA zone of the times, e.g. America/Los_Angeles (sce:schedule.timeZone).
	TimeZone string
	// Days are the working days: "MON-FRI", or a comma list of days and
	// ranges such as "MON,WED,FRI" (sce:schedule.days).
	Days string
	// Start is when instances start on working days, HH:MM (sce:schedule.start);
	// used only with AutoStart.
	Start string
	// Stop is when instances stop on working days, HH:MM (sce:schedule.stop).
	Stop string
	// AutoStart also starts the instances at Start (sce:schedule.autoStart).
	AutoStart bool
}

// BudgetArgs configure the project's AWS Budgets cost budget (sce:budget).
type BudgetArgs struct {
	// MonthlyUSD is the monthly budget in US dollars (sce:budget.monthlyUsd).
	MonthlyUSD float64
}
