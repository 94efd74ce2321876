package policy

import "sort"

// typeFilter is the set of resource types for which a rule can report
// anything; all means any type.
type typeFilter struct {
	all   bool
	types map[string]bool
}

// anyType is the filter of a rule that may report on any resource.
var anyType = typeFilter{all: true}

// noType is the filter of a rule no resource can satisfy; the start of a union.
func noType() typeFilter { return typeFilter{types: map[string]bool{}} }

// and is the filter of two conditions that must both hold.
func (f typeFilter) and(g typeFilter) typeFilter {
	switch {
	case f.all:
		return g
	case g.all:
		return f
	}
	out := noType()
	for t := range f.types {
		if g.types[t] {
			out.types[t] = true
		}
	}
	return out
}

// or is the filter of two alternatives (two definitions of a rule).
func (f typeFilter) or(g typeFilter) typeFilter {
	if f.all || g.all {
		return anyType
	}
	out := noType()
	for t := range f.types {
		out.types[t] = true
	}
	for t := range g.types {
		out.types[t] = true
	}
	return out
}

// sorted lists the filter's types; nil for all.
func (f typeFilter) sorted() []string {
	if f.all {
		return nil
	}
	out := make([]string, 0, len(f.types))
	for t := range f.types {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
