package policy

import (
	"context"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"

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
	q.constants = newOnceMap[topdown.VirtualCache]()
	return &q
}

// WithNewConstants returns a copy of p whose evaluators compute their
// constant rules again, as the first evaluator of a configuration does.
func (p *Pack) WithNewConstants() *Pack {
	q := *p
	q.constants = newOnceMap[topdown.VirtualCache]()
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

// Phase is one part of an evaluation, to be timed apart.
type Phase struct {
	// Name is inputs, resources or stack.
	Name string
	// Run does the part once, on one goroutine.
	Run func() error
}

// Phases are the parts of e.Evaluate(ctx, p), each on its own: converting
// the plan into OPA inputs (each resource's and the stack's), evaluating
// the resource rules of every resource, and the stack rules once.
func (e *Evaluator) Phases(ctx context.Context, p *plan.Plan) ([]Phase, error) {
	// One cancellation for every query, as Evaluate has: without it each
	// query starts a goroutine to watch ctx.
	run, terms, err := e.prepareRun(ctx, p, rego.EvalExternalCancel(topdown.NewCancel()))
	if err != nil {
		return nil, err
	}
	inputs := make([]ast.Value, len(terms))
	for i := range terms {
		inputs[i] = terms[i].object()
	}
	stack := stackValue(p, terms)
	return []Phase{
		{Name: "inputs", Run: func() error {
			terms, err := convertInputs(p.Resources)
			for i := range terms {
				terms[i].object()
			}
			stackValue(p, terms)
			return err
		}},
		{Name: "resources", Run: func() error {
			for i, r := range p.Resources {
				if _, err := e.eval(run, e.groupFor(r.Type), inputs[i]); err != nil {
					return err
				}
			}
			return nil
		}},
		{Name: "stack", Run: func() error {
			_, err := e.eval(run, e.stack, stack)
			return err
		}},
	}, nil
}

// TypePhases split the resources phase of Phases by type: one phase per
// resource type of p, named by its type token, in the plan's order of
// first appearance, that evaluates the rules of every resource of the type.
func (e *Evaluator) TypePhases(ctx context.Context, p *plan.Plan) ([]Phase, error) {
	run, terms, err := e.prepareRun(ctx, p, rego.EvalExternalCancel(topdown.NewCancel()))
	if err != nil {
		return nil, err
	}
	byType := map[string][]ast.Value{}
	var order []string
	for i, r := range p.Resources {
		if byType[r.Type] == nil {
			order = append(order, r.Type)
		}
		byType[r.Type] = append(byType[r.Type], terms[i].object())
	}
	phases := make([]Phase, len(order))
	for i, t := range order {
		g := e.groupFor(t)
		phases[i] = Phase{Name: t, Run: func() error {
			for _, in := range byType[t] {
				if _, err := e.eval(run, g, in); err != nil {
					return err
				}
			}
			return nil
		}}
	}
	return phases, nil
}

// Query evaluates query against the compiled pack with input, for tests
// of the pack's helper rules.
func (p *Pack) Query(query string, input ast.Value) (rego.ResultSet, error) {
	return rego.New(rego.Query(query), rego.Compiler(p.compiler), rego.Store(inmem.New()),
		rego.ParsedInput(input)).Eval(context.Background())
}

// SharedValues are the values concurrent evaluations of p by an evaluator
// of the pack's defaults share, by where they come from: the compiled
// modules, the configuration, the constant rules, and each resource's
// converted input and options.
func (pk *Pack) SharedValues(p *plan.Plan) (map[string][]any, error) {
	e, err := pk.NewEvaluator(context.Background(), pk.Defaults())
	if err != nil {
		return nil, err
	}
	_, terms, err := e.prepareRun(context.Background(), p)
	if err != nil {
		return nil, err
	}
	out := map[string][]any{"config": {e.configValue}}
	for _, m := range pk.compiler.Modules {
		out["modules"] = append(out["modules"], m)
	}
	constants, err := e.constants()
	if err != nil {
		return nil, err
	}
	for _, ref := range constants.Keys() {
		if v, _ := constants.Get(ref); v != nil {
			out["constants"] = append(out["constants"], v)
		}
	}
	for _, t := range terms {
		for _, kv := range t {
			out["inputs"] = append(out["inputs"], kv[1])
		}
	}
	for _, v := range optionValues(p.Resources) {
		out["options"] = append(out["options"], v)
	}
	return out, nil
}
