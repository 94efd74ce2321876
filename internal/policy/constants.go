package policy

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// constants.go: the rules of the pack whose value is the same for every
// resource of every plan under one configuration, such as taggable_types or
// config_defaults. OPA computes a rule's value at most once per evaluation,
// but an evaluator runs one evaluation per resource, so these literals and
// their derivations were built again for each of them. An evaluator
// computes them once, and every evaluation finds them in its virtual cache,
// where OPA looks a rule's value up before it evaluates the rule.

// constantRules are the names of the rules of package pkg, sorted, that are
// complete (one value), take no arguments, and whose every definition reads
// neither input nor data other than data.config and other such rules, and
// calls no non-deterministic built-in.
func constantRules(compiler *ast.Compiler, pkg string) []string {
	x := newTypeIndexer(compiler, pkg)
	x.config = true
	var out []string
	for name, rules := range x.rules {
		if constantShape(rules) && x.pureRule(name) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// constantShape says whether every definition of a rule is complete, takes
// no arguments and has a one-part name.
func constantShape(rules []*ast.Rule) bool {
	for _, r := range rules {
		if len(r.Head.Args) > 0 || len(r.Head.Ref()) != 1 || r.Head.RuleKind() != ast.SingleValue {
			return false
		}
	}
	return len(rules) > 0
}

// constantValues evaluates the constant rules of the pack under the
// evaluator's configuration, in one query, and returns them as the base of
// a virtual cache: the rule's value, or a mark that it is undefined.
func (e *Evaluator) constantValues() (topdown.VirtualCache, error) {
	names := constantRules(e.pack.compiler, e.pack.Name)
	base := topdown.NewVirtualCache()
	if len(names) == 0 {
		return base, nil
	}
	terms := make([]string, len(names))
	for i, n := range names {
		// A comprehension, so that an undefined rule is an empty array
		// rather than no result for the whole query.
		terms[i] = fmt.Sprintf("c%d = [x | x = data.%s.%s]", i, e.pack.Name, n)
	}
	text := strings.Join(terms, "; ")
	q, err := e.pack.queries.get(text, func() (rego.PreparedEvalQuery, error) {
		return rego.New(rego.Query(text), rego.Compiler(e.pack.compiler), rego.Store(inmem.New()),
			rego.SetRegoVersion(ast.RegoV0)).PrepareForEval(context.Background())
	})
	if err != nil {
		return nil, fmt.Errorf("prepare %d constant rules: %w", len(names), err)
	}
	rs, err := q.Eval(context.Background(), e.config, rego.EvalMetrics(metrics.NoOp()), rego.EvalGenerateJSON(keepTerm))
	if err != nil {
		return nil, fmt.Errorf("evaluate %d constant rules: %w", len(names), err)
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("evaluate %d constant rules: %d results, want 1", len(names), len(rs))
	}
	for i, n := range names {
		t, _ := rs[0].Bindings[fmt.Sprintf("c%d", i)].(*ast.Term)
		if t == nil {
			return nil, fmt.Errorf("constant rule %s: the query bound no value", n)
		}
		values, ok := t.Value.(*ast.Array)
		if !ok || values.Len() > 1 {
			return nil, fmt.Errorf("constant rule %s: want one value or none, got %v", n, t)
		}
		ref := ast.MustParseRef(fmt.Sprintf("data.%s.%s", e.pack.Name, n))
		if values.Len() == 0 {
			base.Put(ref, nil)
			continue
		}
		// Every evaluation of this configuration reads the value at once.
		freezeValue(values.Elem(0).Value)
		base.Put(ref, values.Elem(0))
	}
	return base, nil
}

// layeredCache is the virtual cache of one evaluation: its own values over
// the evaluator's constants, which it reads and never changes (so that
// concurrent evaluations share them). Under a `with` (a pushed frame) it
// reads only its own values, as OPA does.
type layeredCache struct {
	base  topdown.VirtualCache
	own   topdown.VirtualCache
	depth int
}

// newLayeredCache returns an evaluation's cache over base.
func newLayeredCache(base topdown.VirtualCache) *layeredCache {
	return &layeredCache{base: base, own: topdown.NewVirtualCache()}
}

// Push starts a frame (a `with`): the constants are hidden until Pop.
func (c *layeredCache) Push() {
	c.depth++
	c.own.Push()
}

// Pop ends the frame Push started.
func (c *layeredCache) Pop() {
	c.depth--
	c.own.Pop()
}

// Get returns the evaluation's value of ref, else the constant's.
func (c *layeredCache) Get(ref ast.Ref) (*ast.Term, bool) {
	if v, undefined := c.own.Get(ref); v != nil || undefined || c.depth > 0 {
		return v, undefined
	}
	return c.base.Get(ref)
}

// Put records a value of this evaluation.
func (c *layeredCache) Put(ref ast.Ref, value *ast.Term) { c.own.Put(ref, value) }

// Keys are the refs this evaluation recorded in its current frame.
func (c *layeredCache) Keys() []ast.Ref { return c.own.Keys() }
