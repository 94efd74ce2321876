package cost

import (
	"fmt"

	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// Month conventions. An always-on month is Table.HoursPerMonth (730, AWS's
// convention); a scheduled month is weeksPerMonth weeks of the schedule, so
// MON-FRI 08:00-19:00 is 55 h a week and 55*52/12 = 238.33 h a month.
const (
	weeksPerMonth = 52.0 / 12.0
	daysPerMonth  = 365.0 / 12.0
)

// assumedStart is when instances are taken to start when the schedule only
// stops them (no sce:schedule.start).
const assumedStart = "08:00"

// workingHours computes the instance hours of each column from the stack's
// schedule (sce:schedule, nil when it sets none), which the plan has
// validated: hours it cannot compute are an error, never a guess.
func workingHours(s *sce.ScheduleArgs, alwaysOn float64) (Hours, []string, error) {
	if s == nil {
		return Hours{PerMonth: PerColumn{0, alwaysOn, alwaysOn},
			Working: "no " + stacks.KeySchedule + ": instances run around the clock, so working hours equal always on"}, nil, nil
	}
	run, notes := *s, []string(nil)
	if run.Start == "" {
		run.Start = assumedStart
		notes = append(notes, fmt.Sprintf("%s sets no start: instances are taken to be started at %s on working days", stacks.KeySchedule, assumedStart))
	}
	if !run.AutoStart {
		notes = append(notes, stacks.KeyScheduleAutoStart+" is false: the working-hours column assumes researchers start the instances (and resume a warehouse) at "+run.Start)
	}
	week, ok := run.HoursPerWeek()
	if !ok {
		return Hours{}, nil, fmt.Errorf("%s %s %s-%s: cannot compute working hours", stacks.KeySchedule, run.Days, run.Start, run.Stop)
	}
	month := week * weeksPerMonth
	return Hours{PerMonth: PerColumn{0, month, alwaysOn},
		Working: fmt.Sprintf("%s %s-%s %s = %s h/week = %s h/month (a month is 52/12 weeks)",
			run.Days, run.Start, run.Stop, run.TimeZone, formatCount(week), formatAmount(month))}, notes, nil
}
