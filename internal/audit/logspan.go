package audit

import (
	"fmt"
	"strings"
	"time"
)

// A --since or --until with a mistyped year must not read as "no access",
// but a window in which nothing happened must: the logs of an idle month
// hold no S3 data event, and that is the answer. So the window is checked
// against the time the log files read cover, not against the events in
// them: it is refused only when it lies wholly before or wholly after
// that time. A window inside it, between two events, is an answer of 0
// events.
//
// A log file's name carries the minute CloudTrail delivered it
// (<account>_CloudTrail_<region>_20260301T1205Z_<id>.json.gz), and it
// holds records written before that time; CloudTrail delivers within an
// average of about 5 minutes, without a guarantee. A file named so covers
// from deliveryMargin before that minute to its end. A log file named
// otherwise (in a local folder) covers from its earliest record to its
// latest, by the eventTime of every record. The S3 data events read widen
// the time covered too, so that a window holding one is never refused.

// deliveryMargin is how long before its delivery time a log file is taken
// to hold records: well over CloudTrail's average delivery of about 5
// minutes.
const deliveryMargin = time.Hour

// timeSpan is the earliest and the latest of some times; zero when none
// was added.
type timeSpan struct {
	first, last time.Time
}

// empty reports whether no time was added.
func (s *timeSpan) empty() bool { return s.first.IsZero() }

// add widens the span to t.
func (s *timeSpan) add(t time.Time) {
	if s.empty() || t.Before(s.first) {
		s.first = t
	}
	if t.After(s.last) {
		s.last = t
	}
}

// merge widens the span to another.
func (s *timeSpan) merge(o timeSpan) {
	if !o.empty() {
		s.add(o.first)
		s.add(o.last)
	}
}

// fileSpan is the time a log file covers by its name: from deliveryMargin
// before the minute it was delivered to the end of that minute; false
// when its name carries no delivery time.
func fileSpan(base string) (timeSpan, bool) {
	t, ok := logFileTime(base)
	if !ok {
		return timeSpan{}, false
	}
	return timeSpan{first: t.Add(-deliveryMargin), last: t.Add(time.Minute)}, true
}

// recordTime widens the span to a record's eventTime, when it has a valid one.
func (s *timeSpan) recordTime(eventTime string) {
	if t, err := parseEventTime(eventTime); err == nil {
		s.add(t)
	}
}

// outsideWindow says, when the window given by --since or --until lies
// wholly before or wholly after the time the log files read cover (and
// the S3 data events read, if any is outside it), what that time is: a
// mistyped date must not read as "no access". A window inside it that
// holds no event is an answer, and is not said.
func (r *Report) outsideWindow(f Filter, s *seen) {
	covered := s.logs
	covered.merge(s.events)
	if covered.empty() || (f.Since.IsZero() || !covered.last.Before(f.Since)) && (f.Until.IsZero() || covered.first.Before(f.Until)) {
		return
	}
	var window []string
	if !f.Since.IsZero() {
		window = append(window, "--since "+stamp(f.Since))
	}
	if !f.Until.IsZero() {
		window = append(window, "--until "+stamp(f.Until))
	}
	r.OutsideWindow = fmt.Sprintf("the window %s lies outside the time the log files read cover, %s to %s",
		strings.Join(window, " "), stamp(covered.first), stamp(covered.last))
}
