package policy

import (
	"context"
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// index.go reads from the compiled Rego which resource types (__type) each
// rule can report on, so that a resource is asked only about the rules that
// can apply to it. Nothing here is a table kept by hand: a rule whose body
// holds `input.__type == T` or `input.__type in TYPES` (T and TYPES constant:
// literals, or rules of the pack that do not read input or data), or that
// needs a helper rule whose every definition does so, applies to those types
// only. A rule the analysis cannot bound applies to every type.

// typeFilter is the set of resource types for which a rule can report
// anything; all means any type.
type typeFilter struct {
	all   bool
	types map[string]bool
}

// anyType is the filter of a rule that may report on any resource.
var anyType = typeFilter{all: true}

// noType is the filter of a rule no resource can satisfy; the start of a union.
func noType() typeFilter { return typeFilter{types: map[string]bool{}} }

// and is the filter of two conditions that must both hold.
func (f typeFilter) and(g typeFilter) typeFilter {
	switch {
	case f.all:
		return g
	case g.all:
		return f
	}
	out := noType()
	for t := range f.types {
		if g.types[t] {
			out.types[t] = true
		}
	}
	return out
}

// or is the filter of two alternatives (two definitions of a rule).
func (f typeFilter) or(g typeFilter) typeFilter {
	if f.all || g.all {
		return anyType
	}
	out := noType()
	for t := range f.types {
		out.types[t] = true
	}
	for t := range g.types {
		out.types[t] = true
	}
	return out
}

// sorted lists the filter's types; nil for all.
func (f typeFilter) sorted() []string {
	if f.all {
		return nil
	}
	out := make([]string, 0, len(f.types))
	for t := range f.types {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// typeRef is the resource type in a resource rule's input.
var typeRef = ast.MustParseRef("input.__type")

// constVar names the value a constant query computes.
var constVar = ast.Var("__sce_const__")

// typeIndexer derives the type filters of a compiled package's rules.
type typeIndexer struct {
	compiler *ast.Compiler
	pkg      ast.Ref
	rules    map[string][]*ast.Rule
	filters  map[string]typeFilter
	pure     map[string]bool
	visiting map[string]bool
}

// indexTypes returns the type filter of each named rule of package pkg.
func indexTypes(compiler *ast.Compiler, pkg string, names []string) map[string]typeFilter {
	x := &typeIndexer{
		compiler: compiler,
		pkg:      ast.MustParseRef("data." + pkg),
		rules:    map[string][]*ast.Rule{},
		filters:  map[string]typeFilter{},
		pure:     map[string]bool{},
		visiting: map[string]bool{},
	}
	for _, m := range compiler.Modules {
		for _, r := range m.Rules {
			name := r.Head.Ref()[0].Value.String()
			x.rules[name] = append(x.rules[name], r)
		}
	}
	out := make(map[string]typeFilter, len(names))
	for _, n := range names {
		out[n] = x.ruleFilter(n)
	}
	return out
}

// ruleFilter is the union of the filters of every definition of rule name
// (else branches included); a default value makes it any type.
func (x *typeIndexer) ruleFilter(name string) typeFilter {
	if f, ok := x.filters[name]; ok {
		return f
	}
	if x.visiting[name] {
		return anyType
	}
	x.visiting[name] = true
	defer delete(x.visiting, name)
	f := noType()
	for _, r := range x.rules[name] {
		if r.Default {
			f = anyType
			break
		}
		for def := r; def != nil; def = def.Else {
			f = f.or(x.bodyFilter(def.Body))
		}
	}
	if len(x.rules[name]) == 0 {
		f = anyType
	}
	x.filters[name] = f
	return f
}

// usable says whether an expression's success constrains the real input:
// not negated and not evaluated with a replaced input or data.
func usable(e *ast.Expr) bool { return !e.Negated && len(e.With) == 0 }

// bodyFilter intersects the filters of a body's expressions: the body holds
// only where each of them does.
func (x *typeIndexer) bodyFilter(body ast.Body) typeFilter {
	typeVars := map[ast.Var]bool{}
	for _, e := range body {
		if !usable(e) || !e.IsEquality() {
			continue
		}
		a, b := e.Operand(0), e.Operand(1)
		if v, ok := b.Value.(ast.Var); ok && isTypeRef(a) {
			typeVars[v] = true
		}
		if v, ok := a.Value.(ast.Var); ok && isTypeRef(b) {
			typeVars[v] = true
		}
	}
	f := anyType
	for _, e := range body {
		if usable(e) {
			f = f.and(x.exprFilter(body, typeVars, e))
		}
	}
	return f
}

// isTypeRef says whether t is input.__type.
func isTypeRef(t *ast.Term) bool {
	r, ok := t.Value.(ast.Ref)
	return ok && r.Equal(typeRef)
}

// exprFilter is the filter one expression of a body implies.
func (x *typeIndexer) exprFilter(body ast.Body, typeVars map[ast.Var]bool, e *ast.Expr) typeFilter {
	isType := func(t *ast.Term) bool {
		v, ok := t.Value.(ast.Var)
		return isTypeRef(t) || ok && typeVars[v]
	}
	if t, ok := e.Terms.(*ast.Term); ok {
		return x.termFilter(t)
	}
	if !e.IsCall() {
		return anyType
	}
	op := e.Operator()
	args := e.Operands()
	switch {
	case (op.Equal(ast.Equality.Ref()) || op.Equal(ast.Equal.Ref())) && len(args) == 2:
		if isType(args[0]) {
			return x.constFilter(body, e, args[1], false)
		}
		if isType(args[1]) {
			return x.constFilter(body, e, args[0], false)
		}
		return x.termFilter(args[0]).and(x.termFilter(args[1]))
	case op.Equal(ast.Member.Ref()) && len(args) == 2:
		if isType(args[0]) {
			return x.constFilter(body, e, args[1], true)
		}
		return x.termFilter(args[1])
	case op.Equal(ast.MemberWithKey.Ref()) && len(args) == 3:
		return x.termFilter(args[2])
	}
	return x.refFilter(op)
}

// termFilter is the filter of a term that must be defined: a reference to
// a rule of the pack needs that rule to hold.
func (x *typeIndexer) termFilter(t *ast.Term) typeFilter {
	if r, ok := t.Value.(ast.Ref); ok {
		return x.refFilter(r)
	}
	return anyType
}

// refFilter is the filter of a reference to (or a call of) a rule of the
// pack. A whole partial set or object is always defined (maybe empty), so
// only a reference into it, or to a complete rule or function, constrains.
func (x *typeIndexer) refFilter(r ast.Ref) typeFilter {
	name, ok := x.packRule(r)
	if !ok {
		return anyType
	}
	if len(r) == len(x.pkg)+1 && x.alwaysDefined(name) {
		return anyType
	}
	return x.ruleFilter(name)
}

// packRule is the name of the pack's rule r refers to.
func (x *typeIndexer) packRule(r ast.Ref) (string, bool) {
	if len(r) <= len(x.pkg) || !r.HasPrefix(x.pkg) {
		return "", false
	}
	s, ok := r[len(x.pkg)].Value.(ast.String)
	if !ok || len(x.rules[string(s)]) == 0 {
		return "", false
	}
	return string(s), true
}

// alwaysDefined says whether the whole value of rule name exists even when
// no body holds: a partial set or object, or a rule with a default.
func (x *typeIndexer) alwaysDefined(name string) bool {
	for _, r := range x.rules[name] {
		if r.Default || r.Head.RuleKind() == ast.MultiValue || len(r.Head.Ref()) > 1 {
			return true
		}
	}
	return false
}

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
	query = append(query, ast.Equality.Expr(ast.NewTerm(constVar), t.Copy()))
	for _, e := range query {
		if !x.pureNode(e) {
			return nil, false
		}
	}
	rs, err := rego.New(
		rego.ParsedQuery(query),
		rego.Compiler(x.compiler),
		rego.Store(inmem.New()),
	).Eval(context.Background())
	if err != nil || len(rs) == 0 {
		return nil, false
	}
	out := make([]ast.Value, 0, len(rs))
	for _, r := range rs {
		v, err := ast.InterfaceToValue(r.Bindings[string(constVar)])
		if err != nil {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

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
