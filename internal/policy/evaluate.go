package policy

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/sce-dev/sce/internal/plan"
)

// Violation is one message of one rule about one resource (resource rules)
// or about the stack (stack rules).
type Violation struct {
	// Rule is the policy name, e.g. "deny_s3_versioning".
	Rule string `json:"rule"`
	// Title is the rule's title.
	Title string `json:"title"`
	// Level is the effective enforcement level.
	Level Level `json:"level"`
	// URN is the resource's URN, or the root stack's URN for a stack rule.
	URN string `json:"urn"`
	// Resource is the resource's logical name; empty for a stack rule, whose
	// message names the resources.
	Resource string `json:"resource,omitempty"`
	// Type is the resource's type token; empty for a stack rule.
	Type string `json:"type,omitempty"`
	// Message is the rule's message, naming the resource.
	Message string `json:"message"`
	// HIPAA are the sections the rule serves.
	HIPAA []string `json:"hipaa"`
}

// Result is the outcome of evaluating the pack on one plan.
type Result struct {
	// Pack is the pack's name.
	Pack string `json:"pack"`
	// Stack is the plan's stack.
	Stack string `json:"stack"`
	// Resources is how many resources were evaluated.
	Resources int `json:"resources"`
	// Rules are every rule of the pack with its effective level (disabled
	// ones included) and its declared level.
	Rules []Rule `json:"rules"`
	// Violations are sorted: mandatory first, then by rule, resource and message.
	Violations []Violation `json:"violations"`
	// NothingToCheck are the enabled rules the plan has no resource of
	// their types for, in pack order: they passed without looking at
	// anything, so a plan of the wrong stack, or of types the pack does not
	// know, is not read as compliant.
	NothingToCheck []string `json:"nothingToCheck"`
}

// Count is the number of violations at level.
func (r *Result) Count(level Level) int {
	n := 0
	for _, v := range r.Violations {
		if v.Level == level {
			n++
		}
	}
	return n
}

// Of returns the violations of the rule named rule.
func (r *Result) Of(rule string) []Violation {
	var out []Violation
	for _, v := range r.Violations {
		if v.Rule == rule {
			out = append(out, v)
		}
	}
	return out
}

// Evaluator evaluates a pack with one configuration; it is safe for
// concurrent use. Each resource is asked only about the rules that can
// apply to its type (see index.go); the stack rules run once per plan.
type Evaluator struct {
	pack  *Pack
	rules []Rule
	// config answers data.config for this configuration: configValue
	// (kept apart for the tests of what evaluations share).
	config      rego.EvalOption
	configValue ast.Value
	// constants are the values of the pack's constant rules under this
	// configuration, computed once per pack and configuration, when an
	// evaluation first needs them.
	constants func() (topdown.VirtualCache, error)
	*layout
}

// NewEvaluator evaluates the pack's rules under cfg (levels and settings,
// see Config). Disabled rules are left out. The queries are prepared once
// per Pack and set of rules, whatever the settings, when an evaluation first
// needs them, so an evaluator per plan costs little; the context is not
// used.
func (p *Pack) NewEvaluator(_ context.Context, cfg Config) (*Evaluator, error) {
	if err := p.CheckConfig(cfg); err != nil {
		return nil, fmt.Errorf("policy config: %w", err)
	}
	value, err := ast.InterfaceToValue(cfg.data())
	if err != nil {
		return nil, fmt.Errorf("policy config: %w", err)
	}
	freezeValue(value) // every evaluation of e reads it at once
	e := &Evaluator{pack: p, config: rego.EvalResolver(configRef, configResolver{value: value}), configValue: value}
	var enabled []Rule
	for _, r := range p.Rules {
		r.DeclaredLevel, r.Level = r.Level, cfg.level(r)
		e.rules = append(e.rules, r)
		if r.Level != Disabled {
			enabled = append(enabled, r)
		}
	}
	e.layout = p.layoutFor(enabled)
	e.constants = sync.OnceValues(func() (topdown.VirtualCache, error) {
		// Evaluators of one configuration share its constants.
		return p.constants.get(value.String(), e.constantValues)
	})
	return e, nil
}

// Evaluate runs the resource rules on every resource of p and the stack
// rules on the whole plan.
func (e *Evaluator) Evaluate(ctx context.Context, p *plan.Plan) (*Result, error) {
	res := &Result{Pack: e.pack.Name, Stack: p.Stack, Resources: len(p.Resources), Rules: e.rules}
	vs, err := e.evalAll(ctx, p)
	if err != nil {
		return nil, err
	}
	res.Violations = vs
	sortViolations(res.Violations)
	res.NothingToCheck = nothingToCheck(p, e.rules)
	return res, nil
}

// evalAll evaluates the stack rules and the resource rules of each
// resource, on every CPU: first it converts each resource's input to OPA
// values once, for both its own evaluation and the stack's; then it
// evaluates the stack (first, as the longest job) and the resources.
func (e *Evaluator) evalAll(ctx context.Context, p *plan.Plan) ([]Violation, error) {
	// One cancellation for every query of the plan, instead of a goroutine
	// per query that watches ctx.
	cancel := topdown.NewCancel()
	stop := context.AfterFunc(ctx, cancel.Cancel)
	defer stop()
	run, terms, err := e.prepareRun(ctx, p, rego.EvalExternalCancel(cancel))
	if err != nil {
		return nil, err
	}
	rs := p.Resources
	found := make([][]Violation, len(rs)+1)
	errs := make([]error, len(rs)+1)
	parallel(len(rs)+1, func(j int) {
		if j == 0 {
			if e.stack != nil {
				found[len(rs)], errs[len(rs)] = e.eval(run, e.stack, stackValue(p, terms))
			}
			return
		}
		found[j-1], errs[j-1] = e.eval(run, e.groupFor(rs[j-1].Type), terms[j-1].object())
	})
	if errs[len(rs)] != nil {
		return nil, fmt.Errorf("evaluate stack %s: %w", p.Stack, errs[len(rs)])
	}
	if err := resourceError(rs, errs); err != nil {
		return nil, err
	}
	return located(p, found), nil
}

// prepareRun readies the evaluations of p: the evaluator's constant
// rules, each resource's input converted once, and the options of every
// query (with extra ones).
func (e *Evaluator) prepareRun(ctx context.Context, p *plan.Plan, extra ...rego.EvalOption) (*evalRun, []inputTerms, error) {
	constants, err := e.constants()
	if err != nil {
		return nil, nil, err
	}
	terms, err := convertInputs(p.Resources)
	if err != nil {
		return nil, nil, err
	}
	options := append([]rego.EvalOption{e.config, rego.EvalMetrics(metrics.NoOp()), rego.EvalGenerateJSON(keepTerm)}, extra...)
	return &evalRun{ctx: ctx, constants: constants, options: options}, terms, nil
}

// convertInputs converts the input of each resource, on every CPU.
func convertInputs(rs []plan.Resource) ([]inputTerms, error) {
	terms := make([]inputTerms, len(rs))
	errs := make([]error, len(rs))
	opts := optionValues(rs)
	parallel(len(rs), func(i int) { terms[i], errs[i] = resourceTerms(rs[i], opts[i]) })
	return terms, resourceError(rs, errs)
}

// located are the violations found for each resource of p, then those
// found for the stack (last), with the URN, name and type they are about.
func located(p *plan.Plan, found [][]Violation) []Violation {
	var out []Violation
	for i, r := range p.Resources {
		for _, v := range found[i] {
			v.URN, v.Resource, v.Type = r.URN, r.Name, r.Type
			out = append(out, v)
		}
	}
	for _, v := range found[len(p.Resources)] {
		v.URN = stackURN(p)
		out = append(out, v)
	}
	return out
}

// resourceError is the first resource's error of errs, naming it.
func resourceError(rs []plan.Resource, errs []error) error {
	for i, r := range rs {
		if errs[i] != nil {
			return fmt.Errorf("evaluate %s: %w", r.URN, errs[i])
		}
	}
	return nil
}

// evalRun is what every query of one evaluation shares.
type evalRun struct {
	ctx context.Context
	// constants are the evaluator's constant rules, which each query's
	// virtual cache starts with.
	constants topdown.VirtualCache
	options   []rego.EvalOption
}

// parallel calls f(0) ... f(n-1) on every CPU, in order of i, and waits.
func parallel(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// eval evaluates the rules of g on input.
func (e *Evaluator) eval(run *evalRun, g *ruleGroup, input ast.Value) ([]Violation, error) {
	if g == nil {
		return nil, nil
	}
	q, err := g.query()
	if err != nil {
		return nil, fmt.Errorf("prepare %d rules: %w", len(g.rules), err)
	}
	rs, err := q.Eval(run.ctx, append([]rego.EvalOption{rego.EvalParsedInput(input),
		rego.EvalVirtualCache(newLayeredCache(run.constants))}, run.options...)...)
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("%d results, want 1: every rule must be a set (deny_x contains msg if ...)", len(rs))
	}
	var out []Violation
	for i, r := range g.rules {
		t, _ := rs[0].Bindings[g.vars[i]].(*ast.Term)
		err := eachMessage(t, func(msg string) {
			out = append(out, Violation{Rule: r.Name, Title: r.Title, Level: r.Level, Message: msg, HIPAA: r.HIPAA})
		})
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.Name, err)
		}
	}
	return out, nil
}

// eachMessage calls f with each message of a rule's value t (results are
// kept as OPA terms, see keepTerm): the members of a set, or the items of
// an array, in order. As Pulumi's OPA analyzer reads them, a message is a
// string, or an object's "msg" string (Gatekeeper's violation shape), or
// else any value printed as its JSON value would be by fmt. Any other
// value of the rule has no messages.
func eachMessage(t *ast.Term, f func(string)) error {
	if t == nil {
		return nil
	}
	var items []*ast.Term
	switch v := t.Value.(type) {
	case ast.Set:
		items = v.Slice()
	case *ast.Array:
		items = make([]*ast.Term, 0, v.Len())
		v.Foreach(func(m *ast.Term) { items = append(items, m) })
	}
	for _, m := range items {
		if s, ok := m.Value.(ast.String); ok {
			f(string(s))
			continue
		}
		x, err := ast.JSON(m.Value)
		if err != nil {
			return err
		}
		if obj, ok := x.(map[string]any); ok {
			if msg, ok := obj["msg"].(string); ok {
				f(msg)
				continue
			}
		}
		f(fmt.Sprintf("%v", x))
	}
	return nil
}

// stackURN is the root stack's URN, which the analyzer gives stack violations.
func stackURN(p *plan.Plan) string {
	return fmt.Sprintf("urn:pulumi:%s::%s::pulumi:pulumi:Stack::%s-%s", p.Stack, p.Project, p.Project, p.Stack)
}

func sortViolations(vs []Violation) {
	rank := map[Level]int{Mandatory: 0, Advisory: 1}
	sort.SliceStable(vs, func(i, j int) bool {
		a, b := vs[i], vs[j]
		if rank[a.Level] != rank[b.Level] {
			return rank[a.Level] < rank[b.Level]
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return a.Message < b.Message
	})
}
