package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// freeze.go: OPA keeps the members of a set or an object in a slice that
// it sorts in place, under a sync.Once, the first time something
// enumerates them; but set Union and Intersect, and object Copy, read that
// slice without the Once (OPA v1.22.2). When two evaluations share a value
// and one enumerates it first while the other intersects it, the second
// can read a member twice and miss another: a rule then sees a wrong set,
// and a verdict changes from run to run (found by the race detector on two
// bucket policies evaluated at once). Every value that concurrent
// evaluations share (the compiled modules, each evaluator's configuration
// and constant rules, the resources' inputs and options) is therefore
// sorted before it is shared, and nothing changes it after. The compiled
// modules and the configuration come out of OPA already sorted today (its
// compiler walks every term, and walking sorts); they are sorted here all
// the same, so that this does not rest on OPA's internals.
// TestSharedValuesAreSortedBeforeUse checks every source.

// freezeValue sorts the members of every set and object in v, at any
// depth, once; values that hold no set or object are left as they are.
func freezeValue(v ast.Value) {
	switch x := v.(type) {
	case ast.Set:
		x.Foreach(func(t *ast.Term) { freezeValue(t.Value) })
	case ast.Object:
		x.Foreach(func(k, t *ast.Term) {
			freezeValue(k.Value)
			freezeValue(t.Value)
		})
	case *ast.Array:
		x.Foreach(func(t *ast.Term) { freezeValue(t.Value) })
	}
}

// freezeModules sorts every set and object literal of the compiled
// modules, which every query of the pack reads.
func freezeModules(c *ast.Compiler) {
	for _, m := range c.Modules {
		ast.WalkTerms(m, func(t *ast.Term) bool {
			freezeValue(t.Value)
			return false
		})
	}
}
