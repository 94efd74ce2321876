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
// once per Pack and shared by all its evaluators, whatever their
// configuration: data.config reaches the rules through a resolver given at
// each evaluation, not through the store the query was prepared with.

// ruleGroup is a set of enabled rules that one prepared query evaluates.
type ruleGroup struct {
	rules []Rule
	query rego.PreparedEvalQuery
}

// queryCache holds the prepared query of each set of rule names.
type queryCache struct {
	mu      sync.Mutex
	queries map[string]*preparedQuery
}

// preparedQuery is one cache entry, prepared once.
type preparedQuery struct {
	once  sync.Once
	query rego.PreparedEvalQuery
	err   error
}

func newQueryCache() *queryCache {
	return &queryCache{queries: map[string]*preparedQuery{}}
}

// group returns the rule group of rules, preparing its query the first time
// the pack sees this set of rules; nil for no rules.
func (p *Pack) group(ctx context.Context, rules []Rule) (*ruleGroup, error) {
	if len(rules) == 0 {
		return nil, nil
	}
	text := queryText(p, rules)
	p.queries.mu.Lock()
	entry, ok := p.queries.queries[text]
	if !ok {
		entry = &preparedQuery{}
		p.queries.queries[text] = entry
	}
	p.queries.mu.Unlock()
	entry.once.Do(func() {
		// The entry outlives this call: a cancelled ctx must not stick to it.
		entry.query, entry.err = rego.New(
			rego.Query(text),
			rego.Compiler(p.compiler),
			rego.Store(inmem.New()),
			rego.SetRegoVersion(ast.RegoV0),
		).PrepareForEval(context.WithoutCancel(ctx))
	})
	if entry.err != nil {
		return nil, entry.err
	}
	return &ruleGroup{rules: rules, query: entry.query}, nil
}

// queryText is the query that binds r<i> to the messages of rules[i].
func queryText(p *Pack, rules []Rule) string {
	terms := make([]string, len(rules))
	for i, r := range rules {
		terms[i] = fmt.Sprintf("r%d = data.%s.%s", i, p.Name, r.Name)
	}
	return strings.Join(terms, "; ")
}

// configRef is where the rules read their configuration.
var configRef = ast.MustParseRef("data.config")

// configResolver answers data.config with one evaluator's configuration.
type configResolver struct{ value ast.Value }

// Eval returns the configuration document.
func (c configResolver) Eval(context.Context, resolver.Input) (resolver.Result, error) {
	return resolver.Result{Value: c.value}, nil
}
