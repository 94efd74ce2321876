package cost

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

func TestScheduleHours(t *testing.T) {
	tests := []struct {
		name     string
		schedule Schedule
		week     float64
		assumed  bool
	}{
		{"weekdays 08:00-19:00", Schedule{Days: "MON-FRI", Start: "08:00", Stop: "19:00", AutoStart: true}, 55, false},
		{"comma list", Schedule{Days: "MON,WED,FRI", Start: "09:00", Stop: "17:00"}, 24, false},
		{"list of ranges", Schedule{Days: "MON-TUE,THU-FRI", Start: "09:30", Stop: "17:00"}, 30, false},
		{"range wraps the week", Schedule{Days: "FRI-MON", Start: "10:00", Stop: "12:00"}, 8, false},
		{"overlapping days count once", Schedule{Days: "MON-WED,TUE", Start: "10:00", Stop: "11:00"}, 3, false},
		{"past midnight", Schedule{Days: "SAT,SUN", Start: "22:00", Stop: "06:00"}, 16, false},
		{"stop only", Schedule{Days: "MON-FRI", Stop: "19:00"}, 55, true},
		{"every day", Schedule{Days: "MON-SUN", Start: "00:00", Stop: "12:00"}, 84, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			week, assumed, err := tt.schedule.HoursPerWeek()
			require.NoError(t, err)
			assert.InDelta(t, tt.week, week, 1e-9)
			assert.Equal(t, tt.assumed, assumed)
			month, err := tt.schedule.HoursPerMonth()
			require.NoError(t, err)
			assert.InDelta(t, tt.week*52/12, month, 1e-9, "a month is 52/12 weeks")
		})
	}
}

func TestWorkingDayMonth(t *testing.T) {
	month, err := Schedule{Days: "MON-FRI", Start: "08:00", Stop: "19:00"}.HoursPerMonth()
	require.NoError(t, err)
	assert.InDelta(t, 238.333333, month, 1e-6, "55 h/week * 52 weeks / 12 months")
}

func TestParseSchedule(t *testing.T) {
	s, err := ParseSchedule("")
	require.NoError(t, err)
	assert.Nil(t, s, "no schedule")

	s, err = ParseSchedule(`{"timeZone":"America/Los_Angeles","days":"MON-FRI","start":"08:00","stop":"19:00","autoStart":true}`)
	require.NoError(t, err)
	assert.Equal(t, &Schedule{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Start: "08:00", Stop: "19:00", AutoStart: true}, s)

	tests := []struct{ raw, key, msg string }{
		{`[1]`, "sce:schedule", "must be a map of timeZone, days, start, stop, autoStart"},
		{`{"timeZone":"UTC","days":"MON-XYZ","stop":"19:00"}`, "sce:schedule.days", `"MON-XYZ" is not a list of days such as MON-FRI or MON,WED,FRI`},
		{`{"timeZone":"UTC","days":"","stop":"19:00"}`, "sce:schedule.days", `"" is not a list of days such as MON-FRI or MON,WED,FRI`},
		{`{"timeZone":"UTC","days":"MON","stop":"7pm"}`, "sce:schedule.stop", `"7pm" is not a time as HH:MM (24-hour), for example 19:00`},
		{`{"timeZone":"UTC","days":"MON","start":"8:00","stop":"19:00"}`, "sce:schedule.start", `"8:00" is not a time as HH:MM (24-hour), for example 08:00`},
		{`{"timeZone":"UTC","days":"MON","start":"25:00","stop":"19:00"}`, "sce:schedule.start", `"25:00" is not a time as HH:MM (24-hour), for example 08:00`},
		{`{"days":"MON","stop":"19:00"}`, "sce:schedule.timeZone", "is required: an IANA time zone such as America/Los_Angeles"},
	}
	for _, tt := range tests {
		_, err := ParseSchedule(tt.raw)
		var verrs sce.ValidationErrors
		require.True(t, errors.As(err, &verrs), "%s: %v", tt.raw, err)
		assert.Equal(t, sce.ValidationErrors{{Key: tt.key, Message: tt.msg}}, verrs, tt.raw)
	}
}

func TestParseScheduleReportsEveryProblem(t *testing.T) {
	_, err := ParseSchedule(`{"timeZone":"Mars/Olympus","days":"WEEKDAYS","start":"9am","stop":"7pm","autoStart":true}`)
	assert.Equal(t, sce.ValidationErrors{
		{Key: "sce:schedule.timeZone", Message: `"Mars/Olympus" is not an IANA time zone such as America/Los_Angeles`},
		{Key: "sce:schedule.days", Message: `"WEEKDAYS" is not a list of days such as MON-FRI or MON,WED,FRI`},
		{Key: "sce:schedule.stop", Message: `"7pm" is not a time as HH:MM (24-hour), for example 19:00`},
		{Key: "sce:schedule.start", Message: `"9am" is not a time as HH:MM (24-hour), for example 08:00`},
	}, err)
}

// TestEverySceScheduleHasHours feeds schedules to sce's validation and to
// this package: ParseSchedule refuses exactly what sce refuses, with sce's
// messages, and every schedule sce accepts has working hours this package
// can compute with its own parser of days and times.
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
	for _, tz := range []string{"UTC", "Europe/Paris", "", "Mars/Olympus", "PST"} {
		schedules = append(schedules, with(func(s *sce.ScheduleArgs) { s.TimeZone = tz }))
	}
	schedules = append(schedules,
		with(func(s *sce.ScheduleArgs) { s.Start, s.AutoStart = "", false }),
		with(func(s *sce.ScheduleArgs) { s.Start = "19:00" }),
		sce.ScheduleArgs{Days: "WEEKDAYS", Start: "9am", Stop: "7pm", AutoStart: true})
	for _, s := range schedules {
		raw, err := json.Marshal(Schedule{TimeZone: s.TimeZone, Days: s.Days, Start: s.Start, Stop: s.Stop, AutoStart: s.AutoStart})
		require.NoError(t, err)
		parsed, costErr := ParseSchedule(string(raw))
		want := sceScheduleErrors(t, s)
		assert.Equal(t, want, scheduleErrors(t, costErr), "%s", raw)
		if len(want) == 0 {
			require.NotNil(t, parsed, "%s", raw)
			_, _, err := parsed.HoursPerWeek()
			assert.NoError(t, err, "sce accepts %s, so its hours must be computable", raw)
		}
	}
}

// sceScheduleErrors are the sce:schedule problems sce.Validate finds in s.
func sceScheduleErrors(t *testing.T, s sce.ScheduleArgs) sce.ValidationErrors {
	t.Helper()
	var all sce.ValidationErrors
	if err := sce.Validate("t", sce.EnvironmentArgs{Schedule: &s}); err != nil {
		require.True(t, errors.As(err, &all), "%v", err)
	}
	return scheduleOnly(all)
}

// scheduleErrors are err's problems, or none when err is nil.
func scheduleErrors(t *testing.T, err error) sce.ValidationErrors {
	t.Helper()
	var verrs sce.ValidationErrors
	if err != nil {
		require.True(t, errors.As(err, &verrs), "%v", err)
	}
	return scheduleOnly(verrs)
}

// scheduleOnly keeps the problems of sce:schedule, never nil.
func scheduleOnly(verrs sce.ValidationErrors) sce.ValidationErrors {
	out := sce.ValidationErrors{}
	for _, fe := range verrs {
		if fe.Key == ScheduleKey || strings.HasPrefix(fe.Key, ScheduleKey+".") {
			out = append(out, fe)
		}
	}
	return out
}
