package cost

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sce-dev/sce/sce"
)

// ScheduleKey is the stack config key of the working-hours schedule.
const ScheduleKey = "sce:schedule"

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

// weekdays are the day names of sce:schedule.days, Monday first.
func weekdays() [7]string { return [7]string{"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"} }

// Schedule is sce:schedule: when instances run.
type Schedule struct {
	// TimeZone is the IANA time zone of Start and Stop.
	TimeZone string `json:"timeZone"`
	// Days are the working days: MON-FRI, a range, or a comma list of days and ranges.
	Days string `json:"days"`
	// Start is when instances start on working days, HH:MM.
	Start string `json:"start"`
	// Stop is when instances stop on working days, HH:MM.
	Stop string `json:"stop"`
	// AutoStart is true when the schedule also starts the instances.
	AutoStart bool `json:"autoStart"`
}

// ParseSchedule reads sce:schedule as Pulumi passes it (a JSON object); it
// returns nil for "" (no schedule: instances run around the clock). It
// reports every problem at once, with sce's keys and messages.
func ParseSchedule(raw string) (*Schedule, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var s Schedule
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return nil, sce.ValidationErrors{{Key: ScheduleKey, Message: "must be a map of timeZone, days, start, stop, autoStart"}}
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return &s, nil
}

// check returns what sce refuses in the schedule: sce's own validation, so
// the estimate refuses exactly what a deployment would.
func (s Schedule) check() error {
	return sce.ValidateSchedule(sce.ScheduleArgs{TimeZone: s.TimeZone, Days: s.Days, Start: s.Start, Stop: s.Stop, AutoStart: s.AutoStart})
}

// HoursPerWeek is how long instances run a week; assumed is true when
// Start is not set and assumedStart stands in for it. A schedule that
// ParseSchedule accepted always has hours (tested).
func (s Schedule) HoursPerWeek() (hours float64, assumed bool, err error) {
	start := s.Start
	if start == "" {
		start, assumed = assumedStart, true
	}
	days, okDays := countDays(s.Days)
	from, okFrom := clock(start)
	to, okTo := clock(s.Stop)
	if !okDays || !okFrom || !okTo {
		return 0, false, fmt.Errorf("schedule %q %s-%s: cannot compute working hours", s.Days, start, s.Stop)
	}
	daily := to - from
	if daily <= 0 {
		daily += 24 * time.Hour // runs past midnight
	}
	return float64(days) * daily.Hours(), assumed, nil
}

// HoursPerMonth is HoursPerWeek over a month of 52/12 weeks.
func (s Schedule) HoursPerMonth() (float64, error) {
	h, _, err := s.HoursPerWeek()
	return h * weeksPerMonth, err
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

// countDays counts the distinct days of "MON-FRI", "SAT" or "MON,WED-THU";
// a range may wrap the week ("FRI-MON"). ok is false when spec is not such
// a list.
func countDays(spec string) (n int, ok bool) {
	seen := map[int]bool{}
	for part := range strings.SplitSeq(spec, ",") {
		from, to, isRange := strings.Cut(part, "-")
		if !isRange {
			to = from
		}
		a, b := dayIndex(from), dayIndex(to)
		if a < 0 || b < 0 {
			return 0, false
		}
		for d := a; ; d = (d + 1) % len(weekdays()) {
			seen[d] = true
			if d == b {
				break
			}
		}
	}
	return len(seen), true
}

func dayIndex(day string) int {
	for i, d := range weekdays() {
		if d == day {
			return i
		}
	}
	return -1
}
