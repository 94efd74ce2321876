package policy

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/sce-dev/sce/internal/plan"
)

// value.go builds the OPA input of StackInput directly as an OPA value:
// each resource's properties and options are converted once and shared by
// the top level, properties and __properties, instead of converting the same
// maps again for every place they appear.

// inputTerms are the top-level members of one resource's input.
type inputTerms map[string]*ast.Term

// resourceTerms is ResourceInput(r) as terms.
func resourceTerms(r plan.Resource) (inputTerms, error) {
	props, err := ast.InterfaceToValue(plainProperties(r.Inputs))
	if err != nil {
		return nil, fmt.Errorf("inputs: %w", err)
	}
	propsObj, ok := props.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("inputs: %T is not an object", props)
	}
	opts, err := ast.InterfaceToValue(options(r))
	if err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	propsTerm, optsTerm, provider := ast.NewTerm(props), ast.NewTerm(opts), ast.ObjectTerm()
	typ, urn, name := ast.StringTerm(r.Type), ast.StringTerm(r.URN), ast.StringTerm(r.Name)
	m := make(inputTerms, propsObj.Len()+12)
	m["type"], m["urn"], m["name"] = typ, urn, name
	m["options"], m["provider"], m["properties"] = optsTerm, provider, propsTerm
	propsObj.Foreach(func(k, v *ast.Term) {
		if s, ok := k.Value.(ast.String); ok {
			m[string(s)] = v
		}
	})
	m["__type"], m["__urn"], m["__name"] = typ, urn, name
	m["__options"], m["__properties"], m["__provider"] = optsTerm, propsTerm, provider
	return m, nil
}

// object is the input object of m, with extra members set last.
func (m inputTerms) object(extra map[string]*ast.Term) ast.Object {
	pairs := make([][2]*ast.Term, 0, len(m)+len(extra))
	for k, v := range m {
		if _, ok := extra[k]; !ok {
			pairs = append(pairs, [2]*ast.Term{ast.StringTerm(k), v})
		}
	}
	for k, v := range extra {
		pairs = append(pairs, [2]*ast.Term{ast.StringTerm(k), v})
	}
	return ast.NewObject(pairs...)
}

// stackValue is StackInput(p) as a value.
func stackValue(p *plan.Plan) (ast.Value, error) {
	rs := make([]*ast.Term, len(p.Resources))
	for i, r := range p.Resources {
		terms, err := resourceTerms(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.URN, err)
		}
		pds := make([][2]*ast.Term, 0, len(r.PropertyDependencies))
		for k, urns := range r.PropertyDependencies {
			pds = append(pds, [2]*ast.Term{ast.StringTerm(k), stringArray(urns)})
		}
		rs[i] = ast.NewTerm(terms.object(map[string]*ast.Term{
			"dependencies":         stringArray(r.Dependencies),
			"propertyDependencies": ast.ObjectTerm(pds...),
		}))
	}
	return ast.NewObject([2]*ast.Term{ast.StringTerm("resources"), ast.ArrayTerm(rs...)}), nil
}

// stringArray is an array term of strings.
func stringArray(ss []string) *ast.Term {
	ts := make([]*ast.Term, len(ss))
	for i, s := range ss {
		ts[i] = ast.StringTerm(s)
	}
	return ast.ArrayTerm(ts...)
}
