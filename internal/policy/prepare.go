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

// ruleGroup is a set of enabled rules that one prepared query evaluates.
type ruleGroup struct {
	rules []Rule
	query rego.PreparedEvalQuery
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
// built and prepared the first time the pack sees them.
func (p *Pack) layoutFor(ctx context.Context, rules []Rule) (*layout, error) {
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
	return p.layouts.get(key.String(), func() (*layout, error) {
		return p.newLayout(ctx, resource, stack)
	})
}

// newLayout prepares the groups of the resource and stack rules.
func (p *Pack) newLayout(ctx context.Context, resource, stack []Rule) (*layout, error) {
	l := &layout{byType: map[string]*ruleGroup{}}
	var err error
	if l.stack, err = p.group(ctx, stack); err != nil {
		return nil, fmt.Errorf("prepare stack rules: %w", err)
	}
	for _, t := range p.namedTypes(resource) {
		if l.byType[t], err = p.group(ctx, p.rulesFor(resource, t)); err != nil {
			return nil, fmt.Errorf("prepare rules for %s: %w", t, err)
		}
	}
	if l.other, err = p.group(ctx, p.rulesFor(resource, "")); err != nil {
		return nil, fmt.Errorf("prepare rules for any type: %w", err)
	}
	return l, nil
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

// group returns the rule group of rules, preparing its query the first time
// the pack sees these rules; nil for no rules.
func (p *Pack) group(ctx context.Context, rules []Rule) (*ruleGroup, error) {
	if len(rules) == 0 {
		return nil, nil
	}
	text := queryText(p, rules)
	q, err := p.queries.get(text, func() (rego.PreparedEvalQuery, error) {
		return rego.New(
			rego.Query(text),
			rego.Compiler(p.compiler),
			rego.Store(inmem.New()),
			rego.SetRegoVersion(ast.RegoV0),
		).PrepareForEval(ctx)
	})
	if err != nil {
		return nil, err
	}
	return &ruleGroup{rules: rules, query: q}, nil
}

// queryText is the query that binds r<i> to the messages of rules[i].
func queryText(p *Pack, rules []Rule) string {
	terms := make([]string, len(rules))
	for i, r := range rules {
		terms[i] = fmt.Sprintf("r%d = data.%s.%s", i, p.Name, r.Name)
	}
	return strings.Join(terms, "; ")
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
