package request

import (
	"fmt"
	"time"

	"github.com/sce-dev/sce/internal/stackfile"
)

// Check applies the rules that depend on the date (today, in the caller's
// time zone) and on more than one field. It returns the problems that block
// approval and the warnings that do not.
func (r *Request) Check(today time.Time) (problems, warnings stackfile.ConfigErrors) {
	day := dateOf(today)
	add := func(list *stackfile.ConfigErrors, field, format string, a ...any) {
		*list = append(*list, r.problem(field, fmt.Sprintf(format, a...)))
	}
	irb := r.IRB
	switch {
	case irb.ApprovedOn.IsZero() || irb.ExpiresOn.IsZero():
	case irb.ApprovedOn.After(day):
		add(&problems, "irb.approvedOn", "%s is after today (%s): an approval cannot be dated in the future; check the date", iso(irb.ApprovedOn), iso(day))
	case irb.ExpiresOn.Before(irb.ApprovedOn):
		add(&problems, "irb.expiresOn", "%s is before irb.approvedOn %s: check the dates", iso(irb.ExpiresOn), iso(irb.ApprovedOn))
	case irb.ExpiresOn.Before(day):
		add(&problems, "irb.expiresOn", "the IRB approval expired on %s: renew it with the IRB and update irb.approvedOn and irb.expiresOn; sce provisions no study without a current approval", iso(irb.ExpiresOn))
	}
	switch {
	case r.StudyEnd.IsZero():
	case r.StudyEnd.Before(day):
		add(&problems, "studyEndDate", "%s is in the past: a new environment needs a study end date after today", iso(r.StudyEnd))
	case !irb.ExpiresOn.IsZero() && r.StudyEnd.After(irb.ExpiresOn):
		add(&warnings, "studyEndDate", "the study ends %s, after the IRB approval expires (%s): renew the approval before then, or close the environment out when it expires", iso(r.StudyEnd), iso(irb.ExpiresOn))
	}
	if r.MonthlyBudgetUSD <= 0 && r.Lines["monthlyBudgetUsd"] > 0 {
		add(&problems, "monthlyBudgetUsd", "%g is not a budget: give the monthly amount in US dollars, more than 0", r.MonthlyBudgetUSD)
	}
	return problems, warnings
}

// problem locates a message on a field of the request (on the nearest
// enclosing field that has a line, when the field itself is missing).
func (r *Request) problem(field, message string) stackfile.ConfigError {
	return stackfile.ConfigError{Path: r.Path, Line: lineOf(r.Lines, field), Key: field, Message: message}
}

// dateOf is t's calendar date, as midnight UTC (how dates parse).
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func iso(t time.Time) string { return t.Format(time.DateOnly) }
