package policy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/sce-dev/sce/internal/plan"
)

// value.go builds the OPA inputs of ResourceInput and StackInput directly
// as OPA values: each resource's properties and options are converted once
// and shared by the top level, properties and __properties, and by the
// resource's own input and its entry in the stack input, instead of
// converting the same maps again for every place they appear.

// inputTerms are the members of one resource's input, keys included.
type inputTerms [][2]*ast.Term

// Keys of the input, shared by every input (terms are never changed).
var (
	keyType, keyURN, keyName    = ast.StringTerm("type"), ast.StringTerm("urn"), ast.StringTerm("name")
	keyOptions, keyProvider     = ast.StringTerm("options"), ast.StringTerm("provider")
	keyProperties               = ast.StringTerm("properties")
	keyCopyType, keyCopyURN     = ast.StringTerm("__type"), ast.StringTerm("__urn")
	keyCopyName, keyCopyOptions = ast.StringTerm("__name"), ast.StringTerm("__options")
	keyCopyProperties           = ast.StringTerm("__properties")
	keyCopyProvider             = ast.StringTerm("__provider")
	keyDependencies             = ast.StringTerm("dependencies")
	keyPropertyDependencies     = ast.StringTerm("propertyDependencies")
	keyResources                = ast.StringTerm("resources")
)

// resourceTerms is ResourceInput(r) as terms; terms.object() is its value.
// As there, the properties overlay the metadata fields and the __ copies
// overlay the properties.
//
// opts is the resource's options value (optionsValue), which resources with
// the same options share.
func resourceTerms(r plan.Resource, opts ast.Value) (inputTerms, error) {
	propsObj, err := objectValue(r.Inputs)
	if err != nil {
		return nil, fmt.Errorf("inputs: %w", err)
	}
	// The resource's own evaluation and the stack's read them at once.
	freezeValue(propsObj)
	var props ast.Value = propsObj
	propsTerm, optsTerm, provider := ast.NewTerm(props), ast.NewTerm(opts), ast.ObjectTerm()
	typ, urn, name := ast.StringTerm(r.Type), ast.StringTerm(r.URN), ast.StringTerm(r.Name)
	copies := inputTerms{{keyCopyType, typ}, {keyCopyURN, urn}, {keyCopyName, name},
		{keyCopyOptions, optsTerm}, {keyCopyProperties, propsTerm}, {keyCopyProvider, provider}}
	out := make(inputTerms, 0, propsObj.Len()+12)
	for _, kv := range (inputTerms{{keyType, typ}, {keyURN, urn}, {keyName, name},
		{keyOptions, optsTerm}, {keyProvider, provider}, {keyProperties, propsTerm}}) {
		if propsObj.Get(kv[0]) == nil {
			out = append(out, kv)
		}
	}
	propsObj.Foreach(func(k, v *ast.Term) {
		if !copies.has(k) {
			out = append(out, [2]*ast.Term{k, v})
		}
	})
	return append(out, copies...), nil
}

// objectValue is ast.InterfaceToValue(analyzerProperties(m)), converted
// in one pass without copying m first.
func objectValue(m map[string]any) (ast.Object, error) {
	// One allocation for every key and value term of the object.
	terms := make([]ast.Term, 2*len(m))
	pairs := make([][2]*ast.Term, 0, len(m))
	for k, v := range m {
		value, err := inputValue(v)
		if err != nil {
			return nil, err
		}
		i := 2 * len(pairs)
		terms[i].Value, terms[i+1].Value = ast.String(k), value
		pairs = append(pairs, [2]*ast.Term{&terms[i], &terms[i+1]})
	}
	return ast.NewObject(pairs...), nil
}

// inputValue is ast.InterfaceToValue(analyzerValue(v)).
func inputValue(v any) (ast.Value, error) {
	switch x := v.(type) {
	case plan.Secret:
		return ast.InterfaceToValue(wireValue(x))
	case string:
		if x == plan.Unknown {
			return ast.InterfaceToValue(wireValue(x))
		}
	case map[string]any:
		return objectValue(x)
	case []any:
		terms := make([]ast.Term, len(x))
		items := make([]*ast.Term, len(x))
		for i, e := range x {
			value, err := inputValue(e)
			if err != nil {
				return nil, err
			}
			terms[i].Value = value
			items[i] = &terms[i]
		}
		return ast.NewArray(items...), nil
	}
	return ast.InterfaceToValue(v)
}

// optionValues are the options value of each resource of rs; resources
// with the same options (most of a plan's) share one value, built once.
func optionValues(rs []plan.Resource) []ast.Value {
	seen := map[optionsKey]ast.Value{}
	out := make([]ast.Value, len(rs))
	for i, r := range rs {
		key := keyOfOptions(r)
		if seen[key] == nil {
			seen[key] = optionsValue(r)
		}
		out[i] = seen[key]
	}
	return out
}

// optionsKey is what optionsValue reads of a resource: equal keys, equal
// values.
type optionsKey struct {
	protect, deleteBeforeReplace bool
	parent                       string
	// ignoreChanges are the property names, each after its length and a
	// colon, so that no two lists have the same key.
	ignoreChanges string
}

// keyOfOptions is the options key of r; it allocates only for a resource
// with ignoreChanges (formatting the key with fmt was a tenth of the
// inputs' conversion).
func keyOfOptions(r plan.Resource) optionsKey {
	var ignore strings.Builder
	for _, p := range r.Options.IgnoreChanges {
		ignore.WriteString(strconv.Itoa(len(p)))
		ignore.WriteByte(':')
		ignore.WriteString(p)
	}
	return optionsKey{protect: r.Options.Protect, deleteBeforeReplace: r.Options.DeleteBeforeReplace,
		parent: r.Parent, ignoreChanges: ignore.String()}
}

// optionsValue is ast.InterfaceToValue(options(r)), built directly.
func optionsValue(r plan.Resource) ast.Object {
	zero := ast.FloatNumberTerm(0)
	ignore, replace := ast.NullTerm(), ast.NullTerm()
	if len(r.Options.IgnoreChanges) > 0 {
		ignore = stringArray(r.Options.IgnoreChanges)
	}
	if r.Options.DeleteBeforeReplace {
		replace = ast.BooleanTerm(true)
	}
	opts := ast.NewObject(
		[2]*ast.Term{ast.StringTerm("protect"), ast.BooleanTerm(r.Options.Protect)},
		[2]*ast.Term{ast.StringTerm("ignoreChanges"), ignore},
		[2]*ast.Term{ast.StringTerm("deleteBeforeReplace"), replace},
		[2]*ast.Term{ast.StringTerm("additionalSecretOutputs"), ast.NullTerm()},
		[2]*ast.Term{ast.StringTerm("aliasURNs"), ast.NullTerm()},
		[2]*ast.Term{ast.StringTerm("aliases"), ast.NullTerm()},
		[2]*ast.Term{ast.StringTerm("customTimeouts"), ast.ObjectTerm(
			[2]*ast.Term{ast.StringTerm("create"), zero},
			[2]*ast.Term{ast.StringTerm("update"), zero},
			[2]*ast.Term{ast.StringTerm("delete"), zero})},
		[2]*ast.Term{ast.StringTerm("parent"), ast.StringTerm(r.Parent)},
	)
	// Resources with the same options share the value (optionValues).
	freezeValue(opts)
	return opts
}

// has says whether m has a member with key k.
func (m inputTerms) has(k *ast.Term) bool {
	for _, kv := range m {
		if kv[0].Equal(k) {
			return true
		}
	}
	return false
}

// object is the input object of m, with extra's members added or replaced.
func (m inputTerms) object(extra ...[2]*ast.Term) ast.Object {
	if len(extra) == 0 {
		return ast.NewObject(m...)
	}
	pairs := make(inputTerms, 0, len(m)+len(extra))
	for _, kv := range m {
		if !inputTerms(extra).has(kv[0]) {
			pairs = append(pairs, kv)
		}
	}
	return ast.NewObject(append(pairs, extra...)...)
}

// stackValue is StackInput(p) as a value, from the terms of each resource.
//
// The dependencies name URNs of the plan's resources, so their terms are
// the resources' own URN terms, not new ones for every dependency.
func stackValue(p *plan.Plan, terms []inputTerms) ast.Value {
	urns := make(map[string]*ast.Term, len(terms))
	for _, t := range terms {
		for _, kv := range t {
			if kv[0] == keyCopyURN {
				s, _ := kv[1].Value.(ast.String)
				urns[string(s)] = kv[1]
			}
		}
	}
	rs := make([]*ast.Term, len(p.Resources))
	for i, r := range p.Resources {
		pds := make([][2]*ast.Term, 0, len(r.PropertyDependencies))
		for k, deps := range r.PropertyDependencies {
			pds = append(pds, [2]*ast.Term{ast.StringTerm(k), urnArray(deps, urns)})
		}
		extra := [][2]*ast.Term{{keyPropertyDependencies, ast.ObjectTerm(pds...)}}
		if len(r.Dependencies) > 0 { // as the analyzer: no key for no dependencies
			extra = append(extra, [2]*ast.Term{keyDependencies, urnArray(r.Dependencies, urns)})
		}
		rs[i] = ast.NewTerm(terms[i].object(extra...))
	}
	return ast.NewObject([2]*ast.Term{keyResources, ast.ArrayTerm(rs...)})
}

// stringArray is an array term of strings.
func stringArray(ss []string) *ast.Term {
	ts := make([]*ast.Term, len(ss))
	for i, s := range ss {
		ts[i] = ast.StringTerm(s)
	}
	return ast.ArrayTerm(ts...)
}

// urnArray is stringArray(ss), with the terms of urns for the strings it has.
func urnArray(ss []string, urns map[string]*ast.Term) *ast.Term {
	ts := make([]*ast.Term, len(ss))
	for i, s := range ss {
		if ts[i] = urns[s]; ts[i] == nil {
			ts[i] = ast.StringTerm(s)
		}
	}
	return ast.ArrayTerm(ts...)
}
