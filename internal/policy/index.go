package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// index.go reads from the compiled Rego which resource types (__type) each
// rule can report on, so that a resource is asked only about the rules that
// can apply to it. Nothing here is a table kept by hand: a rule whose body
// holds `input.__type == T` or `input.__type in TYPES` (T and TYPES constant:
// literals, or rules of the pack that do not read input or data), or that
// needs a helper rule whose every definition does so, applies to those types
// only. A rule the analysis cannot bound applies to every type.

// typeRef is the resource type in a resource rule's input.
var typeRef = ast.MustParseRef("input.__type")

// typeIndexer derives the type filters of a compiled package's rules.
type typeIndexer struct {
	compiler *ast.Compiler
	pkg      ast.Ref
	rules    map[string][]*ast.Rule
	filters  map[string]typeFilter
	pure     map[string]bool
	consts   map[string][]ast.Value
	visiting map[string]bool
	// config says whether data.config counts as input-free: it is for one
	// evaluator (see constants.go), not for the type filters of a pack.
	config bool
}

// indexTypes returns the type filter of each named rule of package pkg.
func indexTypes(compiler *ast.Compiler, pkg string, names []string) map[string]typeFilter {
	x := newTypeIndexer(compiler, pkg)
	out := make(map[string]typeFilter, len(names))
	for _, n := range names {
		out[n] = x.ruleFilter(n)
	}
	return out
}

// newTypeIndexer returns an indexer of the rules of package pkg.
func newTypeIndexer(compiler *ast.Compiler, pkg string) *typeIndexer {
	x := &typeIndexer{
		compiler: compiler,
		pkg:      ast.MustParseRef("data." + pkg),
		rules:    map[string][]*ast.Rule{},
		filters:  map[string]typeFilter{},
		pure:     map[string]bool{},
		consts:   map[string][]ast.Value{},
		visiting: map[string]bool{},
	}
	for _, m := range compiler.Modules {
		for _, r := range m.Rules {
			name := r.Head.Ref()[0].Value.String()
			x.rules[name] = append(x.rules[name], r)
		}
	}
	return x
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
	if len(r) == len(x.pkg)+1 {
		if x.alwaysDefined(name) {
			return anyType
		}
		return x.ruleFilter(name)
	}
	return x.ruleFilter(name).and(x.elementFilter(name))
}

// elementFilter is the filter under which the value of rule name has an
// element, for a rule whose every definition is a comprehension (xs := {x |
// ...}): a comprehension has elements only where its body holds. Any other
// rule, which may have elements whatever the input, gives any type.
func (x *typeIndexer) elementFilter(name string) typeFilter {
	key := "elements of " + name
	if f, ok := x.filters[key]; ok {
		return f
	}
	if x.visiting[key] {
		return anyType
	}
	x.visiting[key] = true
	defer delete(x.visiting, key)
	f := noType()
	for _, r := range x.rules[name] {
		body, ok := comprehensionBody(r)
		if !ok {
			f = anyType
			break
		}
		f = f.or(x.bodyFilter(r.Body).and(x.bodyFilter(body)))
	}
	x.filters[key] = f
	return f
}

// comprehensionBody is the body of the comprehension that is the whole
// value of r, a complete rule of one name without default or else: the
// head's value itself, or the variable the compiler binds to it in the
// rule's body (xs := v if { v = {x | ...} }).
func comprehensionBody(r *ast.Rule) (ast.Body, bool) {
	if r.Default || r.Else != nil || len(r.Head.Ref()) > 1 || r.Head.Value == nil || len(r.Head.Args) > 0 {
		return nil, false
	}
	value := r.Head.Value
	if v, ok := value.Value.(ast.Var); ok {
		value = boundTo(r.Body, v)
	}
	if value == nil {
		return nil, false
	}
	switch c := value.Value.(type) {
	case *ast.SetComprehension:
		return c.Body, true
	case *ast.ArrayComprehension:
		return c.Body, true
	case *ast.ObjectComprehension:
		return c.Body, true
	}
	return nil, false
}

// boundTo is the term a usable equality of body unifies v with; nil if none.
func boundTo(body ast.Body, v ast.Var) *ast.Term {
	for _, e := range body {
		if !usable(e) || !e.IsEquality() {
			continue
		}
		a, b := e.Operand(0), e.Operand(1)
		switch {
		case a.Value.Compare(v) == 0:
			return b
		case b.Value.Compare(v) == 0:
			return a
		}
	}
	return nil
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
