package audit

import (
	"cmp"
	"slices"
	"strings"
)

// ranked keeps, of the names seen, the maxSeen closest to what a filter
// wants: the smaller distance first, ties by name. Which names are kept
// is then the same whatever order the events, files and merges come in,
// and the closest name seen is always among them. It holds up to twice
// maxSeen names between trims.
type ranked struct {
	// dist is each name's distance to what is wanted.
	dist map[string]int
	// dropped is set once a name was left out: more than maxSeen names
	// were seen.
	dropped bool
	// bound is the last name kept at the last trim, and boundDist its
	// distance: a name ranked after it cannot be among the closest.
	bound     string
	boundDist int
}

// has reports whether name is kept.
func (r *ranked) has(name string) bool {
	_, ok := r.dist[name]
	return ok
}

// add remembers name, at distance d, unless maxSeen closer names were
// seen; a name kept is copied (name may be a view of a buffer).
func (r *ranked) add(name string, d int) {
	if r.dropped && cmp.Or(cmp.Compare(d, r.boundDist), strings.Compare(name, r.bound)) > 0 {
		return
	}
	if r.dist == nil {
		r.dist = map[string]int{}
	}
	if _, ok := r.dist[name]; ok {
		return
	}
	r.dist[strings.Clone(name)] = d
	if len(r.dist) > 2*maxSeen {
		r.trim()
	}
}

// merge adds the names o kept.
func (r *ranked) merge(o *ranked) {
	if o.dropped && (!r.dropped || cmp.Or(cmp.Compare(o.boundDist, r.boundDist), strings.Compare(o.bound, r.bound)) < 0) {
		r.bound, r.boundDist = o.bound, o.boundDist
	}
	r.dropped = r.dropped || o.dropped
	for n, d := range o.dist {
		r.add(n, d)
	}
}

// sorted lists the names kept, the closest first, at most maxSeen.
func (r *ranked) sorted() []string {
	out := make([]string, 0, len(r.dist))
	for n := range r.dist {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(r.dist[a], r.dist[b]), strings.Compare(a, b)) })
	if len(out) > maxSeen {
		r.dropped = true
		out = out[:maxSeen]
	}
	return out
}

// trim keeps the maxSeen closest names.
func (r *ranked) trim() {
	keep := r.sorted()
	last := keep[len(keep)-1]
	r.bound, r.boundDist = last, r.dist[last]
	kept := make(map[string]int, len(keep))
	for _, n := range keep {
		kept[n] = r.dist[n]
	}
	r.dist = kept
}
