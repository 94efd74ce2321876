package audit

import (
	"cmp"
	"fmt"
	"slices"
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
	// report), so that memory stays flat whatever the logs hold.
	maxSeen = 1 << 12
	// maxNearDistance is the largest edit distance at which a bucket name
	// seen is offered as the one meant.
	maxNearDistance = 3
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
	// buckets are the bucket names seen (kept when buckets are named).
	buckets map[string]struct{}
	// inWindow counts the events on the buckets searched in the window;
	// byPrincipal and byPrefix those the principal and the prefix match.
	inWindow, byPrincipal, byPrefix int
	// principals and prefixes are the principals and top-level key
	// prefixes of the events in the window that the filter did not match.
	principals, prefixes map[string]struct{}
}

// addName remembers name in the set *set, at most maxSeen of them.
func addName(set *map[string]struct{}, name string) {
	if *set == nil {
		*set = map[string]struct{}{}
	}
	if _, ok := (*set)[name]; !ok && len(*set) < maxSeen {
		(*set)[strings.Clone(name)] = struct{}{}
	}
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
	for n := range o.buckets {
		addName(&s.buckets, n)
	}
	s.inWindow, s.byPrincipal, s.byPrefix = s.inWindow+o.inWindow, s.byPrincipal+o.byPrincipal, s.byPrefix+o.byPrefix
	for n := range o.principals {
		addName(&s.principals, n)
	}
	for n := range o.prefixes {
		addName(&s.prefixes, n)
	}
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
	if !m.f.Since.IsZero() && e.time.Before(m.f.Since) || !m.f.Until.IsZero() && !e.time.Before(m.f.Until) {
		return false
	}
	s.inWindow++
	who := m.principal == "" || strings.Contains(strings.ToLower(e.principal), m.principal)
	what := m.f.KeyPrefix == "" || strings.HasPrefix(e.key, m.f.KeyPrefix)
	if m.principal != "" {
		if who {
			s.byPrincipal++
		} else {
			addName(&s.principals, e.principal)
		}
	}
	if m.f.KeyPrefix != "" {
		if what {
			s.byPrefix++
		} else {
			addName(&s.prefixes, topPrefix(e.key))
		}
	}
	return who && what
}

// nearest is the name of names closest to want (edit distance, ignoring
// case; ties by name), or "" when none is within maxNearDistance.
func nearest(want string, names map[string]struct{}) string {
	best, bestDist := "", maxNearDistance+1
	for n := range names {
		d := levenshtein.ComputeDistance(strings.ToLower(want), strings.ToLower(n))
		if d < bestDist || d == bestDist && n < best {
			best, bestDist = n, d
		}
	}
	return best
}

// closest lists names, the closest to want first: by the smaller edit
// distance (ignoring case) of want to the whole name or to its last part
// after '/' or ':' (the session or user name of an ARN); ties by name.
func closest(want string, names map[string]struct{}) []string {
	want = strings.ToLower(want)
	dist := func(name string) int {
		name = strings.ToLower(name)
		last := name[strings.LastIndexAny(name, "/:")+1:]
		return min(levenshtein.ComputeDistance(want, name), levenshtein.ComputeDistance(want, last))
	}
	out := make([]string, 0, len(names))
	d := map[string]int{}
	for n := range names {
		out, d[n] = append(out, n), dist(n)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(d[a], d[b]), cmp.Compare(a, b)) })
	return out
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
		if near := nearest(b, s.buckets); near != "" {
			if r.NearestBuckets == nil {
				r.NearestBuckets = map[string]string{}
			}
			r.NearestBuckets[b] = near
		}
	}
	r.BucketsNotFound = missing
}

// filterWarnings says when the principal or the prefix matched no event
// of the searched buckets in the window, and what was seen instead.
func (r *Report) filterWarnings(f Filter, s *seen) {
	if s.inWindow == 0 {
		return
	}
	among := fmt.Sprintf("among the %s on the searched buckets in the window", english.Plural(s.inWindow, "S3 data event"))
	if f.Principal != "" && s.byPrincipal == 0 {
		r.FilterWarnings = append(r.FilterWarnings, fmt.Sprintf("no event matched --principal %q %s; principals seen, the closest first: %s",
			f.Principal, among, listSome(closest(f.Principal, s.principals))))
	}
	if f.KeyPrefix != "" && s.byPrefix == 0 {
		r.FilterWarnings = append(r.FilterWarnings, fmt.Sprintf("no event matched --prefix %q %s; top-level prefixes seen, the closest first: %s",
			f.KeyPrefix, among, listSome(closest(f.KeyPrefix, s.prefixes))))
	}
}

// listSome joins the first shownSeen names, saying how many more there are.
func listSome(names []string) string {
	if len(names) <= shownSeen {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:shownSeen], ", ") + fmt.Sprintf(" and %d more", len(names)-shownSeen)
}
