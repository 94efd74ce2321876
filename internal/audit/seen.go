package audit

import (
	"fmt"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/sce-dev/sce/internal/english"
)

// A filter mistyped reads as "no access": a bucket named that is not in
// the logs, a principal or a key prefix nothing matches. While the files
// are read, what the filters are checked against is remembered: whether
// each bucket asked for appears in an S3 data event at all (at any time),
// the names of the buckets seen (when buckets are named), and, among the
// events on the buckets searched within the time window, how many match
// the principal and the prefix, and the principals and top-level prefixes
// seen. The report then names the bucket not found (with the closest name
// seen), an error; and a principal or prefix that matched nothing, with
// the closest seen, a warning: no access by someone is a finding too.

const (
	// maxSeen bounds each list of names remembered (per file and per
	// report), so that memory stays flat whatever the logs hold: the
	// maxSeen closest to what the filter wants are kept (see ranked).
	maxSeen = 1 << 12
	// shownSeen is how many of the principals or prefixes seen a warning
	// lists, the closest first.
	shownSeen = 5
)

// seen is what the filters were checked against in one file, or, merged,
// in every file.
type seen struct {
	// pit is whether an S3 data event is on a bucket of the PIT.
	pit bool
	// named is, per bucket named, whether an S3 data event is on it.
	named []bool
	// buckets are the bucket names seen (kept when buckets are named),
	// ranked by their distance to the closest bucket named.
	buckets ranked
	// in tallies the events on the buckets searched in the window, out
	// those outside it: a mistyped principal or prefix is still named
	// when no event is in the window.
	in, out tally
	// events spans the times of the S3 data events read, on any bucket;
	// logs the time the log files read cover (see logspan.go). A window
	// wholly outside both is a mistyped --since or --until.
	events, logs timeSpan
}

// tally counts events on the buckets searched; byPrincipal and byPrefix
// those the principal and the prefix match.
type tally struct {
	events, byPrincipal, byPrefix int
	// principals and prefixes are the principals and top-level key
	// prefixes of the events that the filter did not match, ranked by
	// their distance to --principal and to --prefix.
	principals, prefixes ranked
}

// merge adds what another file saw.
func (s *seen) merge(o *seen) {
	s.pit = s.pit || o.pit
	if s.named == nil && o.named != nil {
		s.named = make([]bool, len(o.named))
	}
	for i, v := range o.named {
		s.named[i] = s.named[i] || v
	}
	s.buckets.merge(&o.buckets)
	s.in.merge(&o.in)
	s.out.merge(&o.out)
	s.events.merge(o.events)
	s.logs.merge(o.logs)
}

func (t *tally) merge(o *tally) {
	t.events, t.byPrincipal, t.byPrefix = t.events+o.events, t.byPrincipal+o.byPrincipal, t.byPrefix+o.byPrefix
	t.principals.merge(&o.principals)
	t.prefixes.merge(&o.prefixes)
}

// topPrefix is the first folder of key ("cohort/" of "cohort/a.csv"), or
// the key itself when it has none.
func topPrefix(key string) string {
	if i := strings.IndexByte(key, '/'); i >= 0 {
		return key[:i+1]
	}
	return key
}

// checkEvent counts an event on a bucket searched: whether it is in the
// window, and whether the principal and prefix match it. It reports
// whether the event passes every filter.
func (m *matcher) checkEvent(e *rawEvent, s *seen) bool {
	inside := (m.f.Since.IsZero() || !e.time.Before(m.f.Since)) && (m.f.Until.IsZero() || e.time.Before(m.f.Until))
	t := &s.in
	if !inside {
		t = &s.out
	}
	t.events++
	who := m.principal == "" || strings.Contains(strings.ToLower(e.principal), m.principal)
	what := m.f.KeyPrefix == "" || strings.HasPrefix(e.key, m.f.KeyPrefix)
	if m.principal != "" {
		if who {
			t.byPrincipal++
		} else if !t.principals.has(e.principal) {
			t.principals.add(e.principal, arnDistance(m.principal, e.principal))
		}
	}
	if m.f.KeyPrefix != "" {
		if what {
			t.byPrefix++
		} else if top := topPrefix(e.key); !t.prefixes.has(top) {
			t.prefixes.add(top, distance(m.f.KeyPrefix, top))
		}
	}
	return inside && who && what
}

// distance is the edit distance of want to name, ignoring case.
func distance(want, name string) int {
	return levenshtein.ComputeDistance(strings.ToLower(want), strings.ToLower(name))
}

// arnDistance is the distance of want to name, or, for an ARN, the
// smaller of that and its distance to the ARN's last part after '/' or
// ':' (the session or user name): --principal alice is close to
// arn:aws:sts::123456789012:assumed-role/sce-researcher/alcie.
func arnDistance(want, name string) int {
	d := distance(want, name)
	if !strings.HasPrefix(name, "arn:") {
		return d
	}
	return min(d, distance(want, name[strings.LastIndexAny(name, "/:")+1:]))
}

// bucketDistance is the distance of name to the closest bucket named.
func (m *matcher) bucketDistance(name string) int {
	best := -1
	for _, b := range m.f.Buckets {
		if d := distance(b, name); best < 0 || d < best {
			best = d
		}
	}
	return best
}

// notFound names what the filter searched that no S3 data event is on: the
// PIT's buckets as a pattern, and each bucket named, with the closest
// bucket name seen.
func (r *Report) notFound(f Filter, s *seen) {
	if !f.scoped() {
		return
	}
	var missing []string
	if f.PIT != "" && !s.pit {
		missing = append(missing, f.searched()[0])
	}
	for i, b := range f.Buckets {
		if s.named != nil && s.named[i] {
			continue
		}
		missing = append(missing, b)
		if near, ok := english.Closest(b, s.buckets.sorted()); ok {
			if r.NearestBuckets == nil {
				r.NearestBuckets = map[string]string{}
			}
			r.NearestBuckets[b] = near
		}
	}
	r.BucketsNotFound = missing
}

// filterWarnings says when the principal or the prefix matched no event
// of the searched buckets in the window, and what was seen instead; when
// no such event is in the window, among those outside it.
func (r *Report) filterWarnings(f Filter, s *seen) {
	t, among := &s.in, fmt.Sprintf("among the %s on the searched buckets in the window", english.Plural(s.in.events, "S3 data event"))
	if s.in.events == 0 {
		t, among = &s.out, fmt.Sprintf("among the %s on the searched buckets (none of them in the window)", english.Plural(s.out.events, "S3 data event"))
	}
	if t.events == 0 {
		return
	}
	if f.Principal != "" && t.byPrincipal == 0 {
		r.FilterWarnings = append(r.FilterWarnings, fmt.Sprintf("no event matched --principal %q %s; principals seen, the closest first: %s",
			f.Principal, among, listSome(&t.principals)))
	}
	if f.KeyPrefix != "" && t.byPrefix == 0 {
		r.FilterWarnings = append(r.FilterWarnings, fmt.Sprintf("no event matched --prefix %q %s; top-level prefixes seen, the closest first: %s",
			f.KeyPrefix, among, listSome(&t.prefixes)))
	}
}

// listSome joins the first shownSeen names of r, the closest first,
// saying how many more there are: "at least" that many when more names
// were seen than maxSeen.
func listSome(r *ranked) string {
	names := r.sorted()
	if len(names) <= shownSeen {
		return strings.Join(names, ", ")
	}
	more := fmt.Sprintf(" and %d more", len(names)-shownSeen)
	if r.dropped {
		more = fmt.Sprintf(" and at least %d more", len(names)-shownSeen)
	}
	return strings.Join(names[:shownSeen], ", ") + more
}
