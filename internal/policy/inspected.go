package policy

import (
	"sort"

	"github.com/sce-dev/sce/internal/plan"
)

// Inspected are the logical names of the custom resources of p whose type
// is one of types ("*" stands for every custom resource), sorted: the
// resources a rule with those types looks at.
func Inspected(p *plan.Plan, types []string) []string {
	want := map[string]bool{}
	for _, t := range types {
		want[t] = true
	}
	var names []string
	for _, r := range p.Resources {
		if r.Custom && (want[r.Type] || want["*"]) {
			names = append(names, r.Name)
		}
	}
	sort.Strings(names)
	return names
}

// nothingToCheck are the names of the enabled rules of rules that inspect
// no resource of p, in the order of rules.
func nothingToCheck(p *plan.Plan, rules []Rule) []string {
	present := map[string]bool{}
	for _, r := range p.Resources {
		if r.Custom {
			present[r.Type] = true
			present["*"] = true
		}
	}
	out := []string{}
	for _, rule := range rules {
		if rule.Level != Disabled && !inspectsAny(rule.Types, present) {
			out = append(out, rule.Name)
		}
	}
	return out
}

func inspectsAny(types []string, present map[string]bool) bool {
	for _, t := range types {
		if present[t] {
			return true
		}
	}
	return false
}
