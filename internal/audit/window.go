package audit

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sce-dev/sce/internal/english"
)

// Window is the period whose every hour the digests must cover. CloudTrail
// writes a digest every hour while a trail logs, even an hour without log
// files, so an hour without one means its digest, and with it the proof of
// what was delivered, is gone (or logging was off). A zero bound is open:
// the first or last digest read stands for it, and the hours beyond it
// are not checked.
type Window struct {
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
}

// String says what the window asks, and what an open bound leaves out.
func (w Window) String() string {
	from, to := "the first digest read", "the last digest read"
	if !w.From.IsZero() {
		from = stamp(w.From)
	}
	if !w.To.IsZero() {
		to = stamp(w.To)
	}
	s := "digests must cover every hour from " + from + " to " + to
	switch {
	case w.From.IsZero() && w.To.IsZero():
		s += " (no --since or --until: the hours before and after them are not checked)"
	case w.From.IsZero():
		s += " (no --since: the hours before the first digest are not checked)"
	case w.To.IsZero():
		s += " (no --until: the hours after the last digest are not checked)"
	}
	return s
}

// Gap is a part of the window that no digest covers, for one account and
// region.
type Gap struct {
	Account string    `json:"account"`
	Region  string    `json:"region"`
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
}

// String names the gap's hours.
func (g Gap) String() string {
	return fmt.Sprintf("%s %s: no digest covers %s to %s (%s)", g.Account, g.Region, stamp(g.From), stamp(g.To), span(g.To.Sub(g.From)))
}

// span says how long a gap is, in hours and minutes.
func span(d time.Duration) string {
	hours, minutes := int64(d/time.Hour), int64(d%time.Hour/time.Minute)
	switch {
	case hours == 0 && minutes == 0:
		return "less than a minute"
	case minutes == 0:
		return english.Plural(hours, "hour")
	case hours == 0:
		return english.Plural(minutes, "minute")
	}
	return english.Plural(hours, "hour") + " " + english.Plural(minutes, "minute")
}

// chain is the digests of one account and region: the spans they cover.
type chain struct {
	account, region string
	spans           [][2]time.Time
	// deliveredFrom and deliveredTo bound the delivery times of its log
	// files (zero without any).
	deliveredFrom, deliveredTo time.Time
}

// checkCoverage finds the parts of the window no digest covers, in every
// account and region that a digest or a log file read belongs to.
func (c *verifier) checkCoverage(w Window) {
	c.v.Window = w
	chains := map[string]*chain{}
	get := func(account, region string) *chain {
		key := account + " " + region
		if chains[key] == nil {
			chains[key] = &chain{account: account, region: region}
		}
		return chains[key]
	}
	for _, d := range c.digests {
		if d.problem == "" && !d.backfill() {
			ch := get(d.AccountID, regionOfKey(d.Object, "/CloudTrail-Digest/"))
			ch.spans = append(ch.spans, [2]time.Time{d.start, d.end})
		}
	}
	for _, f := range c.logs {
		if account, region, ok := logAccountRegion(f.key); ok {
			ch := get(account, region)
			if t, ok := logFileTime(f.base()); ok {
				ch.deliveredFrom, ch.deliveredTo = minNonZero(ch.deliveredFrom, t), maxTime(ch.deliveredTo, t)
			}
		}
	}
	keys := make([]string, 0, len(chains))
	for k := range chains {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		c.v.Gaps = append(c.v.Gaps, chains[k].gaps(w)...)
	}
}

// gaps are the parts of the window the chain's digests leave uncovered.
func (ch *chain) gaps(w Window) []Gap {
	slices.SortFunc(ch.spans, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
	from, to := w.From, w.To
	if len(ch.spans) == 0 {
		// No digest at all: an open bound is the hour of the first or
		// last log file delivered.
		if from.IsZero() {
			from = ch.deliveredFrom.Truncate(time.Hour)
		}
		if to.IsZero() && !ch.deliveredTo.IsZero() {
			to = ch.deliveredTo.Truncate(time.Hour).Add(time.Hour)
		}
		if from.IsZero() || !from.Before(to) {
			return nil
		}
		return []Gap{{Account: ch.account, Region: ch.region, From: from, To: to}}
	}
	if from.IsZero() {
		from = ch.spans[0][0]
	}
	if to.IsZero() {
		for _, s := range ch.spans {
			to = maxTime(to, s[1])
		}
	}
	var out []Gap
	covered := from
	for _, s := range ch.spans {
		if !covered.Before(to) {
			break
		}
		if s[0].After(covered) {
			out = append(out, Gap{Account: ch.account, Region: ch.region, From: covered, To: minTime(s[0], to)})
		}
		covered = maxTime(covered, s[1])
	}
	if covered.Before(to) {
		out = append(out, Gap{Account: ch.account, Region: ch.region, From: covered, To: to})
	}
	return out
}

// minNonZero is the earlier of a and b, b when a is zero.
func minNonZero(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

// logAccountRegion reads the account and region from a log file's key
// (".../AWSLogs/<account>/CloudTrail/<region>/...").
func logAccountRegion(key string) (account, region string, ok bool) {
	i := strings.Index(key, "/CloudTrail/")
	if i < 0 {
		return "", "", false
	}
	account = key[strings.LastIndexByte(key[:i], '/')+1 : i]
	region = regionOfKey(key, "/CloudTrail/")
	return account, region, account != "" && region != ""
}
