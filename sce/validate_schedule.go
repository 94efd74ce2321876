package sce

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // schedule time zones are checked the same on every machine
)

// validateSchedule checks the working-hours schedule: its time zone, days,
// and one working period a day.
func validateSchedule(errs *ValidationErrors, s ScheduleArgs) {
	if msg := timeZoneProblem(s.TimeZone); msg != "" {
		errs.add("schedule.timeZone", "%s", msg)
	}
	switch _, repeated, ok := s.dayList(); {
	case s.Days == "":
		errs.add("schedule.days", "is required: the working days, such as MON-FRI or MON,WED,FRI")
	case !ok:
		errs.add("schedule.days", "%q is not a list of days such as MON-FRI or MON,WED,FRI", s.Days)
	case repeated != "":
		errs.add("schedule.days", "%q names %s twice: list each working day once", s.Days, repeated)
	}
	switch {
	case s.Stop == "":
		errs.add("schedule.stop", "is required: when the instances stop on working days, HH:MM (24-hour), for example 19:00")
	case !isClock(s.Stop):
		errs.add("schedule.stop", "%q is not a time as HH:MM (24-hour), for example 19:00", s.Stop)
	}
	switch {
	case !s.AutoStart && s.Start == "":
	case s.Start == "":
		errs.add("schedule.start", "is required with autoStart: when the instances start on working days, HH:MM (24-hour), "+
			"for example 08:00")
	case !isClock(s.Start):
		errs.add("schedule.start", "%q is not a time as HH:MM (24-hour), for example 08:00", s.Start)
	case s.Start == s.Stop:
		errs.add("schedule.start", "%q is the same as sce:schedule.stop: instances would start and stop at once", s.Start)
	case isClock(s.Stop) && s.Stop < s.Start:
		start, stop := workingPeriod(s.Start, s.Stop)
		errs.add("schedule.stop", "%q is before sce:schedule.start %q: instances would run from %s through the night "+
			"to %s the next day, not the working hours the cost estimate and budget assume; a schedule is one working "+
			"period a day: set stop later than start, for example start %q and stop %q", s.Stop, s.Start, s.Start, s.Stop,
			start, stop)
	}
}

// workingPeriod is a valid start and stop for a schedule whose stop is
// before its start: the start until 19:00, or the two swapped when the start
// is 19:00 or later.
func workingPeriod(start, stop string) (string, string) {
	const usualStop = "19:00"
	if start < usualStop {
		return start, usualStop
	}
	return stop, start
}

// zoneIANAName is the form of an IANA time zone name: "UTC", "EST5EDT" or
// "Area/Location" such as America/Argentina/Buenos_Aires.
var zoneIANAName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$`)

// machineZoneNames are Go's and the C library's names for the zone of the
// machine that reads them, which time.LoadLocation accepts.
var machineZoneNames = []string{"Local", "localtime"}

// zoneFileNames are files and directories of a machine's zone database that
// time.LoadLocation reads as zones, though they are no IANA time zone name.
var zoneFileNames = []string{"posixrules", "Factory", "posix/", "right/"}

// timeZoneProblem says what is wrong with a schedule's time zone, "" when
// nothing is. AWS EventBridge Scheduler evaluates the schedule in it and
// refuses a name that is not an IANA zone only when the stack deploys.
func timeZoneProblem(zone string) string {
	const fix = "write the zone's IANA name, for example America/Los_Angeles"
	switch {
	case zone == "":
		return "is required: an IANA time zone such as America/Los_Angeles"
	case slices.Contains(machineZoneNames, zone):
		return fmt.Sprintf("%q names the zone of whichever machine reads it, not an IANA time zone, and AWS refuses it: %s",
			zone, fix)
	case !zoneIANAName.MatchString(zone) || slices.ContainsFunc(zoneFileNames, func(f string) bool {
		return zone == f || strings.HasPrefix(zone, f)
	}):
		return fmt.Sprintf("%q is not an IANA time zone: %s", zone, fix)
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return fmt.Sprintf("%q is not an IANA time zone: %s", zone, fix)
	}
	return ""
}

// isClock reports whether hhmm is a time as HH:MM.
func isClock(hhmm string) bool {
	_, ok := clock(hhmm)
	return ok
}
