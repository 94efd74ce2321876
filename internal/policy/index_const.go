package policy

import (
	"context"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// index_const.go: the constants a rule compares input.__type with, computed
// with OPA from the rule's own expressions when they read neither input nor
// data outside the pack's input-free rules.

// constVar names the value a constant query computes.
var constVar = ast.Var("__sce_const__")

// constFilter is the filter of `input.__type == t` (member false) or
// `input.__type in t` (member true), the expression self of body, when t is
// a constant; else any type.
func (x *typeIndexer) constFilter(body ast.Body, self *ast.Expr, t *ast.Term, member bool) typeFilter {
	values, ok := x.constValues(body, self, t)
	if !ok {
		return anyType
	}
	f := noType()
	for _, v := range values {
		if !member {
			addString(f, v)
			continue
		}
		switch c := v.(type) {
		case ast.Set:
			c.Foreach(func(e *ast.Term) { addString(f, e.Value) })
		case *ast.Array:
			c.Foreach(func(e *ast.Term) { addString(f, e.Value) })
		case ast.Object:
			c.Foreach(func(_, e *ast.Term) { addString(f, e.Value) })
		default:
			return anyType
		}
	}
	return f
}

// addString adds v to f when it is a string: no other value equals a type.
func addString(f typeFilter, v ast.Value) {
	if s, ok := v.(ast.String); ok {
		f.types[string(s)] = true
	}
}

// constValues evaluates t, with the body's expressions that define its
// variables, when none of them reads input, data outside the pack's own
// input-free rules, or a non-deterministic built-in. It returns the value
// of each solution. self, the expression that compares t with the type, is
// not one of the definitions.
func (x *typeIndexer) constValues(body ast.Body, self *ast.Expr, t *ast.Term) ([]ast.Value, bool) {
	if ast.IsConstant(t.Value) {
		return []ast.Value{t.Value}, true
	}
	query := definitions(body, self, t)
	key := constKey(query, t)
	if values, ok := x.consts[key]; ok && key != "" {
		return values, true
	}
	query = append(query, ast.Equality.Expr(ast.NewTerm(constVar), t.Copy()))
	for _, e := range query {
		if !x.pureNode(e) {
			return nil, false
		}
	}
	values, ok := x.evalConst(query)
	if ok && key != "" {
		x.consts[key] = values
	}
	return values, ok
}

// constKey names a constant that is one ground reference (t itself, or the
// only definition of the variable t), so that it is computed once; "" for
// any other constant.
func constKey(defs ast.Body, t *ast.Term) string {
	ref := t
	if len(defs) == 1 && defs[0].IsEquality() {
		a, b := defs[0].Operand(0), defs[0].Operand(1)
		switch {
		case a.Equal(t):
			ref = b
		case b.Equal(t):
			ref = a
		}
	} else if len(defs) > 0 {
		return ""
	}
	if r, ok := ref.Value.(ast.Ref); ok && r.IsGround() {
		return r.String()
	}
	return ""
}

// evalConst evaluates a query that binds constVar, with no input and no data.
func (x *typeIndexer) evalConst(query ast.Body) ([]ast.Value, bool) {
	rs, err := rego.New(
		rego.ParsedQuery(query),
		rego.Compiler(x.compiler),
		rego.Store(inmem.New()),
		rego.GenerateJSON(keepTerm),
	).Eval(context.Background())
	if err != nil || len(rs) == 0 {
		return nil, false
	}
	out := make([]ast.Value, 0, len(rs))
	for _, r := range rs {
		t, ok := r.Bindings[string(constVar)].(*ast.Term)
		if !ok {
			return nil, false
		}
		out = append(out, t.Value)
	}
	return out, true
}

// keepTerm returns a query's results as OPA terms, not JSON: sets stay sets
// and object keys keep their types.
func keepTerm(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }

// definitions are copies of the usable expressions of body, other than
// self, that bind the variables of t, directly or through other variables,
// in body order.
func definitions(body ast.Body, self *ast.Expr, t *ast.Term) ast.Body {
	picked := map[int]bool{}
	queue := t.Vars().Sorted()
	seen := ast.NewVarSet(queue...)
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for i, e := range body {
			if picked[i] || e == self || !usable(e) || !binds(e, v) {
				continue
			}
			picked[i] = true
			for _, w := range e.Vars(ast.VarVisitorParams{}).Sorted() {
				if !seen.Contains(w) {
					seen.Add(w)
					queue = append(queue, w)
				}
			}
		}
	}
	var out ast.Body
	for i, e := range body {
		if picked[i] {
			out = append(out, e.Copy())
		}
	}
	return out
}

// binds says whether e can bind v: one side of a unification, the output of
// a call, or the element of a membership test (some v in xs).
func binds(e *ast.Expr, v ast.Var) bool {
	is := func(t *ast.Term) bool { return t.Value.Compare(v) == 0 }
	if !e.IsCall() {
		return false
	}
	args := e.Operands()
	switch {
	case e.IsEquality():
		return is(args[0]) || is(args[1])
	case e.Operator().Equal(ast.Member.Ref()) && len(args) == 2:
		return is(args[0])
	case e.Operator().Equal(ast.MemberWithKey.Ref()) && len(args) == 3:
		return is(args[0]) || is(args[1])
	}
	return len(args) > 0 && is(args[len(args)-1])
}

// pureNode says whether node reads neither input nor data outside the
// pack's input-free rules, and calls no non-deterministic built-in.
func (x *typeIndexer) pureNode(node any) bool {
	pure := true
	ast.WalkTerms(node, func(t *ast.Term) bool {
		if r, ok := t.Value.(ast.Ref); ok && pure {
			pure = x.pureRef(r)
		}
		return !pure
	})
	ast.WalkExprs(node, func(e *ast.Expr) bool {
		pure = pure && len(e.With) == 0
		return !pure
	})
	return pure
}

// pureRef says whether a reference (or a call's operator) is input-free.
func (x *typeIndexer) pureRef(r ast.Ref) bool {
	head, ok := r[0].Value.(ast.Var)
	switch {
	case !ok:
		return true
	case head.Equal(ast.InputRootDocument.Value):
		return false
	case head.Equal(ast.DefaultRootDocument.Value):
		if x.config && r.HasPrefix(configRef) {
			return true
		}
		name, ok := x.packRule(r)
		return ok && x.pureRule(name)
	}
	if b, ok := ast.BuiltinMap[r.String()]; ok {
		return !b.Nondeterministic
	}
	return true
}

// pureRule says whether every definition of rule name is input-free.
func (x *typeIndexer) pureRule(name string) bool {
	if p, ok := x.pure[name]; ok {
		return p
	}
	if x.visiting["pure:"+name] {
		return false
	}
	x.visiting["pure:"+name] = true
	defer delete(x.visiting, "pure:"+name)
	p := true
	for _, r := range x.rules[name] {
		p = p && x.pureNode(r)
	}
	x.pure[name] = p
	return p
}
