package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/sce-dev/sce/internal/english"
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

// Span is the time from From to To.
type Span struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// String is "<from> to <to>".
func (s Span) String() string { return stamp(s.From) + " to " + stamp(s.To) }

// outsideWindow records the time the log files read cover (and the S3
// data events read, if any is outside it), and the parts of the window
// given by --since and --until outside it; and says, when the window lies
// wholly before or wholly after that time, what that time is: a mistyped
// date must not read as "no access". A window inside it that holds no
// event is an answer, and is not said.
func (r *Report) outsideWindow(f Filter, s *seen) {
	covered := s.logs
	covered.merge(s.events)
	r.WindowNotCovered = []Span{}
	if covered.empty() {
		return
	}
	r.LogsCover = &Span{From: covered.first, To: covered.last}
	r.WindowNotCovered = notCovered(f, covered)
	if (f.Since.IsZero() || !covered.last.Before(f.Since)) && (f.Until.IsZero() || covered.first.Before(f.Until)) {
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

// notCovered are the parts of the window before and after the time
// covered: from --since to the start of that time, and from its end to
// --until; the whole window when both bounds are given and it lies wholly
// outside. An open bound leaves nothing out: without --since (--until) the
// window starts (ends) where the logs do, and Report.OutsideWindow tells a
// half-open window that misses the logs.
func notCovered(f Filter, covered timeSpan) []Span {
	out := []Span{}
	if !f.Since.IsZero() && f.Since.Before(covered.first) {
		to := covered.first
		if !f.Until.IsZero() && f.Until.Before(to) {
			to = f.Until
		}
		out = append(out, Span{From: f.Since, To: to})
	}
	if !f.Until.IsZero() && covered.last.Before(f.Until) {
		from := covered.last
		if f.Since.After(from) {
			from = f.Since
		}
		if len(out) == 0 || out[0].To.Before(from) {
			out = append(out, Span{From: from, To: f.Until})
		}
	}
	return out
}

// CoverLine says what time the log files read cover, as every format
// states it ("log files read cover <from> to <to>").
func (r *Report) CoverLine() string {
	if r.LogsCover == nil {
		return "log files read cover no known time: no delivery time in their names, no record with a time"
	}
	return "log files read cover " + r.LogsCover.String()
}

// NotCovered says, when part of the window given by --since and --until
// lies outside the time the log files read cover (and the window is not
// wholly outside it: OutsideWindow says that), which parts and how long
// they are in all: no event of them can be in the report. "" otherwise.
func (r *Report) NotCovered() string {
	if len(r.WindowNotCovered) == 0 || r.OutsideWindow != "" {
		return ""
	}
	var total time.Duration
	parts := make([]string, len(r.WindowNotCovered))
	for i, s := range r.WindowNotCovered {
		total += s.To.Sub(s.From)
		parts[i] = fmt.Sprintf("%s (%s)", s, length(s.To.Sub(s.From)))
	}
	n := len(parts)
	return fmt.Sprintf("%s of the window (%s in all) %s outside the time the log files read cover, %s: %s; "+
		"events there, if any, are not in this report: give the sources that hold %s, or narrow --since and --until",
		english.Plural(n, "part"), length(total), english.IsAre(n), r.LogsCover, strings.Join(parts, " and "), english.Agree(n, "it", "them"))
}

// length says how long a time is, in days, hours and minutes, leaving out
// what is 0.
func length(d time.Duration) string {
	days, hours, minutes := int64(d/(24*time.Hour)), int64(d%(24*time.Hour)/time.Hour), int64(d%time.Hour/time.Minute)
	var parts []string
	for _, p := range []struct {
		n    int64
		unit string
	}{{days, "day"}, {hours, "hour"}, {minutes, "minute"}} {
		if p.n > 0 {
			parts = append(parts, english.Plural(p.n, p.unit))
		}
	}
	if len(parts) == 0 {
		return "less than a minute"
	}
	return strings.Join(parts, " ")
}
