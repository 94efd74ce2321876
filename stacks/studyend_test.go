package stacks

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUTCDayIsTheCalendarDayInUTC(t *testing.T) {
	east := time.FixedZone("UTC+10", 10*3600)
	assert.Equal(t, time.Date(2027, 6, 29, 0, 0, 0, 0, time.UTC), UTCDay(time.Date(2027, 6, 30, 5, 0, 0, 0, east)),
		"05:00 on the 30th at UTC+10 is still the 29th in UTC")
	assert.Equal(t, time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), UTCDay(time.Date(2027, 6, 30, 23, 59, 59, 0, time.UTC)))
}

func TestDaysToStudyEnd(t *testing.T) {
	today := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
	for end, want := range map[string]int{"2027-06-30": 29, "2027-06-01": 0, "2027-05-31": -1, "2028-06-01": 366} {
		got, err := DaysToStudyEnd(end, today)
		require.NoError(t, err, end)
		assert.Equal(t, want, got, end)
	}
	_, err := DaysToStudyEnd("30/06/2027", today)
	require.EqualError(t, err, `parsing time "30/06/2027" as "2006-01-02": cannot parse "30/06/2027" as "2006"`)
}
