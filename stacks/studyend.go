package stacks

import "time"

// UTCDay is the UTC calendar day of t, at midnight: the day a study end
// date (sce:studyEndDate) is compared with, by every command alike.
func UTCDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// DaysToStudyEnd is how many days from today (a UTC day, see UTCDay) the
// study end date end (YYYY-MM-DD) is: 0 on the day, negative once the
// study has ended. The error is time.Parse's for a date not written as
// YYYY-MM-DD.
func DaysToStudyEnd(end string, today time.Time) (int, error) {
	day, err := time.Parse(time.DateOnly, end)
	if err != nil {
		return 0, err
	}
	return int(day.Sub(today).Hours() / 24), nil
}
