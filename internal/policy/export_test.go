package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

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
	q.queries = newOnceMap[rego.PreparedEvalQuery]()
	q.layouts = newOnceMap[*layout]()
	return &q
}

// PreparedQueries is how many queries p has prepared so far.
func (p *Pack) PreparedQueries() int { return p.queries.len() }

// StackValue is the stack input as Evaluate builds it.
func StackValue(p *plan.Plan) (ast.Value, error) {
	terms := make([]inputTerms, len(p.Resources))
	opts := optionValues(p.Resources)
	for i, r := range p.Resources {
		var err error
		if terms[i], err = resourceTerms(r, opts[i]); err != nil {
			return nil, err
		}
	}
	return stackValue(p, terms), nil
}

// ResourceValue is the input of r as Evaluate builds it.
func ResourceValue(r plan.Resource) (ast.Value, error) {
	terms, err := resourceTerms(r, optionsValue(r))
	if err != nil {
		return nil, err
	}
	return terms.object(), nil
}
