package cost

import (
	"errors"
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
		{`{"days":"MON-XYZ","stop":"19:00"}`, "sce:schedule.days", `"MON-XYZ" is not a list of days such as MON-FRI or MON,WED,FRI`},
		{`{"days":"","stop":"19:00"}`, "sce:schedule.days", `"" is not a list of days such as MON-FRI or MON,WED,FRI`},
		{`{"days":"MON","stop":"7pm"}`, "sce:schedule.stop", `"7pm" is not a time as HH:MM (24-hour), for example 19:00`},
		{`{"days":"MON","start":"8:00","stop":"19:00"}`, "sce:schedule.start", `"8:00" is not a time as HH:MM (24-hour), for example 08:00`},
		{`{"days":"MON","start":"25:00","stop":"19:00"}`, "sce:schedule.start", `"25:00" is not a time as HH:MM (24-hour), for example 08:00`},
	}
	for _, tt := range tests {
		_, err := ParseSchedule(tt.raw)
		var verrs sce.ValidationErrors
		require.True(t, errors.As(err, &verrs), "%s: %v", tt.raw, err)
		assert.Equal(t, sce.ValidationErrors{{Key: tt.key, Message: tt.msg}}, verrs, tt.raw)
	}
}
