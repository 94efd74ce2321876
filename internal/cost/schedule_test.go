package cost

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

func TestWorkingHours(t *testing.T) {
	tests := []struct {
		name     string
		schedule sce.ScheduleArgs
		week     float64
		notes    int
	}{
		{"weekdays 08:00-19:00", sce.ScheduleArgs{Days: "MON-FRI", Start: "08:00", Stop: "19:00", AutoStart: true}, 55, 0},
		{"comma list", sce.ScheduleArgs{Days: "MON,WED,FRI", Start: "09:00", Stop: "17:00"}, 24, 1},
		{"list of ranges", sce.ScheduleArgs{Days: "MON-TUE,THU-FRI", Start: "09:30", Stop: "17:00"}, 30, 1},
		{"range wraps the week", sce.ScheduleArgs{Days: "FRI-MON", Start: "10:00", Stop: "12:00"}, 8, 1},
		{"overlapping days count once", sce.ScheduleArgs{Days: "MON-WED,TUE", Start: "10:00", Stop: "11:00"}, 3, 1},
		{"past midnight", sce.ScheduleArgs{Days: "SAT,SUN", Start: "22:00", Stop: "06:00"}, 16, 1},
		{"stop only: start assumed", sce.ScheduleArgs{Days: "MON-FRI", Stop: "19:00"}, 55, 2},
		{"every day", sce.ScheduleArgs{Days: "MON-SUN", Start: "00:00", Stop: "12:00", AutoStart: true}, 84, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, notes, err := workingHours(&tt.schedule, 730)
			require.NoError(t, err)
			assert.InDelta(t, tt.week*52/12, h.PerMonth[WorkingHours], 1e-9, "a month is 52/12 weeks")
			assert.Equal(t, PerColumn{0, h.PerMonth[WorkingHours], 730}, h.PerMonth)
			assert.Len(t, notes, tt.notes)
		})
	}
}

func TestWorkingDayMonth(t *testing.T) {
	h, notes, err := workingHours(&sce.ScheduleArgs{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Start: "08:00",
		Stop: "19:00", AutoStart: true}, 730)
	require.NoError(t, err)
	assert.Empty(t, notes)
	assert.InDelta(t, 238.333333, h.PerMonth[WorkingHours], 1e-6, "55 h/week * 52 weeks / 12 months")
	assert.Equal(t, "MON-FRI 08:00-19:00 America/Los_Angeles = 55 h/week = 238.33 h/month (a month is 52/12 weeks)", h.Working)
}

// TestEverySceScheduleHasHours feeds schedules to sce's validation and to
// the estimate: every schedule sce accepts has working hours, read by the
// same parser of days and times (sce.ScheduleArgs.HoursPerWeek).
func TestEverySceScheduleHasHours(t *testing.T) {
	base := sce.ScheduleArgs{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Start: "08:00", Stop: "19:00", AutoStart: true}
	with := func(edit func(*sce.ScheduleArgs)) sce.ScheduleArgs {
		s := base
		edit(&s)
		return s
	}
	var schedules []sce.ScheduleArgs
	for _, days := range []string{"MON-FRI", "SAT", "FRI-MON", "MON,WED-THU", "MON-SUN", "SUN-SAT",
		"", "WEEKDAYS", "mon-fri", "MON-", "-FRI", "MON-TUE-WED", "MON,,TUE", "MON,", ",MON", "MON - FRI", " MON", "MONDAY"} {
		schedules = append(schedules, with(func(s *sce.ScheduleArgs) { s.Days = days }))
	}
	for _, hhmm := range []string{"00:00", "09:30", "23:59", "19:00",
		"", "7pm", "8:00", "24:00", "23:60", "08:00:00", "8:000", "0800", " 8:00", "08:0", "+8:00", "08.00", "ab:cd"} {
		schedules = append(schedules,
			with(func(s *sce.ScheduleArgs) { s.Stop = hhmm }),
			with(func(s *sce.ScheduleArgs) { s.Start = hhmm }),
			with(func(s *sce.ScheduleArgs) { s.Start, s.AutoStart = hhmm, false }))
	}
	schedules = append(schedules, with(func(s *sce.ScheduleArgs) { s.Start, s.AutoStart = "", false }))
	accepted := 0
	for _, s := range schedules {
		if len(scheduleProblems(t, s)) > 0 {
			continue
		}
		accepted++
		_, _, err := workingHours(&s, 730)
		assert.NoError(t, err, "sce accepts %+v, so its hours must be computable", s)
	}
	assert.Equal(t, 14, accepted, "the schedules sce accepts (a stop before the start is refused, and so is 08:00-09:30: too short for the patch window)")
}

// scheduleProblems are the sce:schedule problems sce.Validate finds in s.
func scheduleProblems(t *testing.T, s sce.ScheduleArgs) []string {
	t.Helper()
	var all sce.ValidationErrors
	if err := sce.Validate("t", sce.EnvironmentArgs{Schedule: &s}); err != nil {
		require.True(t, errors.As(err, &all), "%v", err)
	}
	var out []string
	for _, fe := range all {
		if strings.HasPrefix(fe.Key, "sce:schedule.") {
			out = append(out, fe.Error())
		}
	}
	return out
}
