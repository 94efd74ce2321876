package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/sce-dev/sce/internal/plan"
)

// WithoutTypeIndex returns a copy of p that asks every resource about every
// resource rule, as if no rule's types could be read from the Rego.
func (p *Pack) WithoutTypeIndex() *Pack {
	q := *p
	q.types = map[string]typeFilter{}
	for name := range p.types {
		q.types[name] = anyType
	}
	q.queries = newQueryCache()
	return &q
}

// PreparedQueries is how many queries p has prepared so far.
func (p *Pack) PreparedQueries() int {
	p.queries.mu.Lock()
	defer p.queries.mu.Unlock()
	return len(p.queries.queries)
}

// StackValue is the stack input as Evaluate builds it.
func StackValue(p *plan.Plan) (ast.Value, error) { return stackValue(p) }
