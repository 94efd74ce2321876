package sce

import (
	"slices"
	"strings"
	"time"
)

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

// weekdays are the day names of ScheduleArgs.Days, Monday first.
func weekdays() []string { return []string{"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"} }

// WorkingDays counts the distinct days of Days ("MON-FRI", "SAT",
// "MON,WED-THU"; a range may wrap the week, as "FRI-MON"). ok is false
// when Days is not such a list. Validate, the schedules and the cost
// estimate all read Days through it.
func (s ScheduleArgs) WorkingDays() (n int, ok bool) {
	seen, _, ok := s.dayList()
	return len(seen), ok
}

// dayList parses Days: the days it names, and the first day it names
// twice ("" for none); ok is false when Days is not a list of days.
func (s ScheduleArgs) dayList() (seen map[int]bool, repeated string, ok bool) {
	seen = map[int]bool{}
	for part := range strings.SplitSeq(s.Days, ",") {
		from, to, isRange := strings.Cut(part, "-")
		if !isRange {
			to = from
		}
		a, b := slices.Index(weekdays(), from), slices.Index(weekdays(), to)
		if a < 0 || b < 0 {
			return nil, "", false
		}
		for d := a; ; d = (d + 1) % len(weekdays()) {
			if seen[d] && repeated == "" {
				repeated = weekdays()[d]
			}
			seen[d] = true
			if d == b {
				break
			}
		}
	}
	return seen, repeated, true
}

// HoursPerWeek is how long instances run a week: from Start to Stop on
// each working day (past midnight when Stop is earlier than Start). ok is
// false when Days, Start or Stop does not parse.
func (s ScheduleArgs) HoursPerWeek() (hours float64, ok bool) {
	days, okDays := s.WorkingDays()
	from, okFrom := clock(s.Start)
	to, okTo := clock(s.Stop)
	if !okDays || !okFrom || !okTo {
		return 0, false
	}
	daily := to - from
	if daily <= 0 {
		daily += 24 * time.Hour
	}
	return float64(days) * daily.Hours(), true
}

// clock parses HH:MM (24-hour, two digits each) into the time since
// midnight; ok is false when hhmm is not such a time.
func clock(hhmm string) (d time.Duration, ok bool) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil || len(hhmm) != len("15:04") {
		return 0, false
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, true
}
