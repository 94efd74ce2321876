package policy

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

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
	// Rules are every rule of the pack with its effective level (disabled ones included).
	Rules []Rule `json:"rules"`
	// Violations are sorted: mandatory first, then by rule, resource and message.
	Violations []Violation `json:"violations"`
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
// concurrent use.
type Evaluator struct {
	pack    *Pack
	rules   []Rule
	scoped  map[Scope][]Rule
	queries map[Scope]rego.PreparedEvalQuery
}

// NewEvaluator prepares the pack's rules under cfg (levels and settings, see
// Config). Disabled rules are left out.
func (p *Pack) NewEvaluator(ctx context.Context, cfg Config) (*Evaluator, error) {
	if err := p.CheckConfig(cfg); err != nil {
		return nil, fmt.Errorf("policy config: %w", err)
	}
	e := &Evaluator{pack: p, scoped: map[Scope][]Rule{}, queries: map[Scope]rego.PreparedEvalQuery{}}
	for _, r := range p.Rules {
		r.Level = cfg.level(r)
		e.rules = append(e.rules, r)
		if r.Level != Disabled {
			e.scoped[r.Scope] = append(e.scoped[r.Scope], r)
		}
	}
	store := inmem.NewFromObject(map[string]any{"config": cfg.data()})
	for scope, rules := range e.scoped {
		terms := make([]string, len(rules))
		for i, r := range rules {
			terms[i] = fmt.Sprintf("r%d = data.%s.%s", i, p.Name, r.Name)
		}
		q, err := rego.New(
			rego.Query(strings.Join(terms, "; ")),
			rego.Compiler(p.compiler),
			rego.Store(store),
			rego.SetRegoVersion(ast.RegoV0),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("prepare %s rules: %w", scope, err)
		}
		e.queries[scope] = q
	}
	return e, nil
}

// Evaluate runs the resource rules on every resource of p and the stack
// rules on the whole plan.
func (e *Evaluator) Evaluate(ctx context.Context, p *plan.Plan) (*Result, error) {
	res := &Result{Pack: e.pack.Name, Stack: p.Stack, Resources: len(p.Resources), Rules: e.rules}
	vs, err := e.evalResources(ctx, p.Resources)
	if err != nil {
		return nil, err
	}
	res.Violations = vs
	vs, err = e.eval(ctx, StackScope, StackInput(p))
	if err != nil {
		return nil, fmt.Errorf("evaluate stack %s: %w", p.Stack, err)
	}
	for _, v := range vs {
		v.URN = stackURN(p)
		res.Violations = append(res.Violations, v)
	}
	sortViolations(res.Violations)
	return res, nil
}

// evalResources evaluates the resource rules on each resource, on every
// CPU; the violations come back in resource order.
func (e *Evaluator) evalResources(ctx context.Context, rs []plan.Resource) ([]Violation, error) {
	found := make([][]Violation, len(rs))
	errs := make([]error, len(rs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(rs)) {
		wg.Go(func() {
			for i := range next {
				found[i], errs[i] = e.eval(ctx, ResourceScope, ResourceInput(rs[i]))
			}
		})
	}
	for i := range rs {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []Violation
	for i, r := range rs {
		if errs[i] != nil {
			return nil, fmt.Errorf("evaluate %s: %w", r.URN, errs[i])
		}
		for _, v := range found[i] {
			v.URN, v.Resource, v.Type = r.URN, r.Name, r.Type
			out = append(out, v)
		}
	}
	return out, nil
}

// eval evaluates the rules of scope on input.
func (e *Evaluator) eval(ctx context.Context, scope Scope, input map[string]any) ([]Violation, error) {
	q, ok := e.queries[scope]
	if !ok {
		return nil, nil
	}
	value, err := ast.InterfaceToValue(input)
	if err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	rs, err := q.Eval(ctx, rego.EvalParsedInput(value))
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("%s rules: %d results, want 1: every rule must be a set (deny_x contains msg if ...)", scope, len(rs))
	}
	var out []Violation
	for i, r := range e.scoped[scope] {
		msgs, _ := rs[0].Bindings[fmt.Sprintf("r%d", i)].([]any)
		for _, m := range msgs {
			msg, ok := m.(string)
			if !ok {
				msg = fmt.Sprintf("%v", m)
			}
			out = append(out, Violation{Rule: r.Name, Title: r.Title, Level: r.Level, Message: msg, HIPAA: r.HIPAA})
		}
	}
	return out, nil
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
