package sce

import (
	"time"
	_ "time/tzdata" // schedule time zones are checked the same on every machine
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
	if a.Budget.MonthlyUSD <= 0 {
		errs.add("budget.monthlyUsd", "is required: the project's monthly budget in US dollars, for example 2000; "+
			"alerts go to sce:alertEmails at 80%% forecast and 100%% actual")
	}
	if len(a.AlertEmails) > maxBudgetSubscribers {
		errs.add("alertEmails", "lists %d addresses; AWS Budgets notifies at most %d: use a mailing list", len(a.AlertEmails), maxBudgetSubscribers)
	}
}

func validateSchedule(errs *ValidationErrors, s ScheduleArgs) {
	if s.TimeZone == "" {
		errs.add("schedule.timeZone", "is required: an IANA time zone such as America/Los_Angeles")
	} else if _, err := time.LoadLocation(s.TimeZone); err != nil {
		errs.add("schedule.timeZone", "%q is not an IANA time zone such as America/Los_Angeles", s.TimeZone)
	}
	if _, ok := s.WorkingDays(); !ok {
		errs.add("schedule.days", "%q is not a list of days such as MON-FRI or MON,WED,FRI", s.Days)
	}
	if !isClock(s.Stop) {
		errs.add("schedule.stop", "%q is not a time as HH:MM (24-hour), for example 19:00", s.Stop)
	}
	switch {
	case !s.AutoStart && s.Start == "":
	case !isClock(s.Start):
		errs.add("schedule.start", "%q is not a time as HH:MM (24-hour), for example 08:00", s.Start)
	case s.Start == s.Stop:
		errs.add("schedule.start", "%q is the same as sce:schedule.stop: instances would start and stop at once", s.Start)
	case isClock(s.Stop) && s.Stop < s.Start:
		errs.add("schedule.stop", "%q is before sce:schedule.start %q: instances would run from %s through the night "+
			"to %s the next day, not the working hours the cost estimate and budget assume; a schedule is one working "+
			"period a day: set stop later than start, for example start %q and stop \"19:00\"", s.Stop, s.Start, s.Start, s.Stop, s.Start)
	}
}

// isClock reports whether hhmm is a time as HH:MM.
func isClock(hhmm string) bool {
	_, ok := clock(hhmm)
	return ok
}
