package policy_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// stacksDir holds the shipped stack files.
const stacksDir = "../../stacks"

// shippedPlans plans each shipped stack once per test binary.
var shippedPlans = sync.OnceValues(func() (map[string]*plan.Plan, error) {
	names, err := stackfile.List(stacksDir)
	if err != nil {
		return nil, err
	}
	out := map[string]*plan.Plan{}
	for _, name := range names {
		p, err := stackfile.Plan(context.Background(), stacksDir, name, stacks.Build, stacks.KnownConfigKeys())
		if err != nil {
			return nil, err
		}
		out[name] = p
	}
	return out, nil
})

// shipped returns a private copy of the plan of a shipped stack.
func shipped(t testing.TB, stack string) *plan.Plan {
	t.Helper()
	plans, err := shippedPlans()
	require.NoError(t, err)
	p, ok := plans[stack]
	require.True(t, ok, "no shipped stack %q", stack)
	return clonePlan(p)
}

// clonePlan deep-copies p, so that a mutation touches only its copy.
func clonePlan(p *plan.Plan) *plan.Plan {
	q := *p
	q.Resources = make([]plan.Resource, len(p.Resources))
	for i, r := range p.Resources {
		r.Inputs, _ = cloneValue(r.Inputs).(map[string]any)
		r.Dependencies = append([]string(nil), r.Dependencies...)
		pds := make(map[string][]string, len(r.PropertyDependencies))
		for k, v := range r.PropertyDependencies {
			pds[k] = append([]string(nil), v...)
		}
		r.PropertyDependencies = pds
		q.Resources[i] = r
	}
	return &q
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = cloneValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	case plan.Secret:
		return plan.Secret{Value: cloneValue(x.Value)}
	}
	return v
}

// resource returns a pointer to the resource named name in p.
func resource(t *testing.T, p *plan.Plan, name string) *plan.Resource {
	t.Helper()
	for i := range p.Resources {
		if p.Resources[i].Name == name {
			return &p.Resources[i]
		}
	}
	t.Fatalf("the plan has no resource %q", name)
	return nil
}

// has reports whether p has a resource named name.
func has(p *plan.Plan, name string) bool {
	_, ok := p.ByName(name)
	return ok
}

// set sets input key of resource name (nil deletes it).
func set(t *testing.T, p *plan.Plan, name, key string, value any) {
	t.Helper()
	r := resource(t, p, name)
	if value == nil {
		delete(r.Inputs, key)
		delete(r.PropertyDependencies, key)
		return
	}
	r.Inputs[key] = value
}

// nested returns the object input key of resource name.
func nested(t *testing.T, p *plan.Plan, name, key string) map[string]any {
	t.Helper()
	m, ok := resource(t, p, name).Inputs[key].(map[string]any)
	require.True(t, ok, "%s.%s is not an object", name, key)
	return m
}

// drop removes resource name and every dependency on it, as if the program
// had never created it.
func drop(t *testing.T, p *plan.Plan, name string) {
	t.Helper()
	urn := resource(t, p, name).URN
	var kept []plan.Resource
	for _, r := range p.Resources {
		if r.URN == urn {
			continue
		}
		r.Dependencies = withoutURN(r.Dependencies, urn)
		for k, v := range r.PropertyDependencies {
			r.PropertyDependencies[k] = withoutURN(v, urn)
		}
		kept = append(kept, r)
	}
	p.Resources = kept
}

func withoutURN(urns []string, urn string) []string {
	var out []string
	for _, u := range urns {
		if u != urn {
			out = append(out, u)
		}
	}
	return out
}

// link makes input key of resource name come from resource target.
func link(t *testing.T, p *plan.Plan, name, key, target string) {
	t.Helper()
	r := resource(t, p, name)
	u := resource(t, p, target).URN
	r.PropertyDependencies[key] = []string{u}
	r.Dependencies = append(r.Dependencies, u)
}

// add appends a resource of typ named name under the component of like.
func add(t *testing.T, p *plan.Plan, like, typ, name string, inputs map[string]any) {
	t.Helper()
	parent := resource(t, p, like).Parent
	p.Resources = append(p.Resources, plan.Resource{
		URN:  "urn:pulumi:" + p.Stack + "::" + p.Project + "::sce:index:Environment$" + typ + "::" + name,
		Type: typ, Name: name, Custom: true, Parent: parent, Inputs: inputs,
		PropertyDependencies: map[string][]string{},
	})
}

// editPolicy rewrites the JSON policy document of input key of resource name.
func editPolicy(t *testing.T, p *plan.Plan, name, key string, edit func(doc map[string]any)) {
	t.Helper()
	raw, ok := resource(t, p, name).Inputs[key].(string)
	require.True(t, ok, "%s.%s is not a JSON string", name, key)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(raw), &doc))
	edit(doc)
	data, err := json.Marshal(doc)
	require.NoError(t, err)
	set(t, p, name, key, string(data))
}

// dropStatement removes the statement sid from the policy of resource name.
func dropStatement(t *testing.T, p *plan.Plan, name, sid string) {
	t.Helper()
	editPolicy(t, p, name, "policy", func(doc map[string]any) {
		var kept []any
		for _, st := range statementsOf(doc) {
			if st.(map[string]any)["Sid"] != sid {
				kept = append(kept, st)
			}
		}
		doc["Statement"] = kept
	})
}

// statementsOf returns the statement list of a policy document.
func statementsOf(doc map[string]any) []any {
	sts, _ := doc["Statement"].([]any)
	return sts
}
