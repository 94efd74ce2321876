package policy

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/resolver"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// prepare.go: the queries that evaluate a set of rules at once, prepared
// once per Pack and shared by all its evaluators, whatever their settings:
// data.config reaches the rules through a resolver given at each
// evaluation, not through the store the query was prepared with.

// ruleGroup is a set of enabled rules that one query evaluates; the query
// is prepared when a resource first needs it, once per pack.
type ruleGroup struct {
	rules []Rule
	// vars are the query's variables bound to the rules' values.
	vars  []string
	query func() (rego.PreparedEvalQuery, error)
}

// layout is how an evaluator splits the enabled rules: the resource rules
// for each type some rule names (byType), those for every other type
// (other: the rules that apply to any type) and the stack rules. A nil
// group has no rules.
type layout struct {
	byType map[string]*ruleGroup
	other  *ruleGroup
	stack  *ruleGroup
}

// groupFor is the rule group for resources of type t.
func (l *layout) groupFor(t string) *ruleGroup {
	if g, ok := l.byType[t]; ok {
		return g
	}
	return l.other
}

// layoutFor returns the layout of the enabled rules (with their levels),
// built the first time the pack sees them.
func (p *Pack) layoutFor(rules []Rule) *layout {
	var key strings.Builder
	var resource, stack []Rule
	for _, r := range rules {
		fmt.Fprintf(&key, "%s=%s;", r.Name, r.Level)
		if r.Scope == StackScope {
			stack = append(stack, r)
		} else {
			resource = append(resource, r)
		}
	}
	l, _ := p.layouts.get(key.String(), func() (*layout, error) { return p.newLayout(resource, stack), nil })
	return l
}

// newLayout groups the resource rules by type, and the stack rules.
func (p *Pack) newLayout(resource, stack []Rule) *layout {
	l := &layout{byType: map[string]*ruleGroup{}, stack: p.group(stack), other: p.group(p.rulesFor(resource, ""))}
	for _, t := range p.namedTypes(resource) {
		l.byType[t] = p.group(p.rulesFor(resource, t))
	}
	return l
}

// namedTypes are the types the filters of rules name, sorted.
func (p *Pack) namedTypes(rules []Rule) []string {
	named := noType()
	for _, r := range rules {
		if f := p.types[r.Name]; !f.all {
			named = named.or(f)
		}
	}
	return named.sorted()
}

// rulesFor are the rules that can report on a resource of type t; for ""
// the rules that apply to every type.
func (p *Pack) rulesFor(rules []Rule, t string) []Rule {
	var out []Rule
	for _, r := range rules {
		if f := p.types[r.Name]; f.all || f.types[t] {
			out = append(out, r)
		}
	}
	return out
}

// group returns the rule group of rules, whose query the pack prepares the
// first time any evaluator needs it; nil for no rules.
func (p *Pack) group(rules []Rule) *ruleGroup {
	if len(rules) == 0 {
		return nil
	}
	text := queryText(p, rules)
	prepare := func() (rego.PreparedEvalQuery, error) {
		return rego.New(
			rego.ParsedQuery(queryBody(p, rules)),
			rego.Compiler(p.compiler),
			rego.Store(inmem.New()),
			rego.SetRegoVersion(ast.RegoV0),
		).PrepareForEval(context.Background())
	}
	return &ruleGroup{rules: rules, vars: queryVars(len(rules)), query: sync.OnceValues(func() (rego.PreparedEvalQuery, error) {
		return p.queries.get(text, prepare)
	})}
}

// queryText is the query that binds r<i> to the messages of rules[i].
func queryText(p *Pack, rules []Rule) string {
	vars := queryVars(len(rules))
	terms := make([]string, len(rules))
	for i, r := range rules {
		terms[i] = fmt.Sprintf("%s = data.%s.%s", vars[i], p.Name, r.Name)
	}
	return strings.Join(terms, "; ")
}

// queryBody is queryText as the parser gives it, built without parsing
// (a parse per query was about a third of preparing it).
func queryBody(p *Pack, rules []Rule) ast.Body {
	vars := queryVars(len(rules))
	body := make(ast.Body, len(rules))
	for i, r := range rules {
		ref := append(p.path.Copy(), ast.StringTerm(r.Name))
		body[i] = ast.Equality.Expr(ast.VarTerm(vars[i]), ast.RefTerm(ref...))
		body[i].Index = i
	}
	return body
}

// queryVars are the variables r0 ... r<n-1> of a query of n rules.
func queryVars(n int) []string {
	vars := make([]string, n)
	for i := range vars {
		vars[i] = fmt.Sprintf("r%d", i)
	}
	return vars
}

// onceMap computes the value of each key once and keeps it; it is safe for
// concurrent use.
type onceMap[V any] struct {
	mu      sync.Mutex
	entries map[string]*onceEntry[V]
}

// onceEntry is one value of a onceMap.
type onceEntry[V any] struct {
	once  sync.Once
	value V
	err   error
}

func newOnceMap[V any]() *onceMap[V] {
	return &onceMap[V]{entries: map[string]*onceEntry[V]{}}
}

// get returns the value of key, computing it the first time.
func (m *onceMap[V]) get(key string, compute func() (V, error)) (V, error) {
	m.mu.Lock()
	entry, ok := m.entries[key]
	if !ok {
		entry = &onceEntry[V]{}
		m.entries[key] = entry
	}
	m.mu.Unlock()
	entry.once.Do(func() { entry.value, entry.err = compute() })
	return entry.value, entry.err
}

// len is how many keys m has.
func (m *onceMap[V]) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

// configRef is where the rules read their configuration.
var configRef = ast.MustParseRef("data.config")

// configResolver answers data.config with one evaluator's configuration.
type configResolver struct{ value ast.Value }

// Eval returns the configuration document.
func (c configResolver) Eval(context.Context, resolver.Input) (resolver.Result, error) {
	return resolver.Result{Value: c.value}, nil
}
