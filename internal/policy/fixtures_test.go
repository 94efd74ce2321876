package policy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

// fixtureDir holds the pass and fail fixtures of every rule (README there).
const fixtureDir = "../../policies/testdata"

// fixtureFile is one file of fixtures: named stacks the cases can start
// from, and one case per rule.
type fixtureFile struct {
	Stacks map[string][]fixtureResource `json:"stacks"`
	Cases  []fixtureCase                `json:"cases"`
}

// fixtureCase is the passing and the failing fixture of one rule, and the
// exact messages the failing one produces.
type fixtureCase struct {
	Rule   string          `json:"rule"`
	Config policy.Config   `json:"config"`
	Pass   json.RawMessage `json:"pass"`
	Fail   json.RawMessage `json:"fail"`
	Want   []string        `json:"want"`
	file   string
}

// fixtureSpec derives a fixture from a named stack: drop resources by name,
// set top-level inputs of resources by name, add resources.
type fixtureSpec struct {
	Stack string                    `json:"stack"`
	Drop  []string                  `json:"drop"`
	Set   map[string]map[string]any `json:"set"`
	Add   []fixtureResource         `json:"add"`
}

// fixtureResource is a plan resource written by hand: dependencies name
// resources by logical name; parent is the parent component's type.
type fixtureResource struct {
	Type                 string              `json:"type"`
	Name                 string              `json:"name"`
	Parent               string              `json:"parent"`
	Inputs               map[string]any      `json:"inputs"`
	Protect              bool                `json:"protect"`
	Dependencies         []string            `json:"dependencies"`
	PropertyDependencies map[string][]string `json:"propertyDependencies"`
}

// loadFixtures reads every fixture file.
func loadFixtures(t *testing.T) ([]fixtureCase, map[string]fixtureFile) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var cases []fixtureCase
	files := map[string]fixtureFile{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		var f fixtureFile
		require.NoError(t, decodeStrict(data, &f), p)
		name := filepath.Base(p)
		files[name] = f
		for _, c := range f.Cases {
			require.NotEmpty(t, c.Want, "%s: case %q has no \"want\": its failing fixture would pass without any message", p, c.Rule)
			c.file = name
			cases = append(cases, c)
		}
	}
	return cases, files
}

// decodeStrict decodes one JSON value into v, refusing fields v does not
// have: a misspelt key ("wnat", "inptus") must not be silently ignored.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// fixturePlan builds the plan of a pass or fail fixture: a list of resources
// or a spec derived from a named stack.
func fixturePlan(t *testing.T, raw json.RawMessage, f fixtureFile) *plan.Plan {
	t.Helper()
	var rs []fixtureResource
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '[' {
		require.NoError(t, decodeStrict(raw, &rs))
	} else {
		var spec fixtureSpec
		require.NoError(t, decodeStrict(raw, &spec))
		rs = fromSpec(t, spec, f)
	}
	urns := map[string]string{}
	for _, r := range rs {
		chain := r.Type
		if r.Parent != "" {
			chain = r.Parent + "$" + r.Type
		}
		urns[r.Name] = "urn:pulumi:test::sce::" + chain + "::" + r.Name
	}
	p := &plan.Plan{Version: plan.Version, Project: "sce", Stack: "test", Offline: true}
	for _, r := range rs {
		p.Resources = append(p.Resources, plan.Resource{
			URN: urns[r.Name], Type: r.Type, Name: r.Name, Custom: true, Inputs: r.Inputs,
			Dependencies:         resolve(t, urns, r.Dependencies),
			PropertyDependencies: resolveAll(t, urns, r.PropertyDependencies),
			Options:              plan.Options{Protect: r.Protect},
		})
	}
	return p
}

// fromSpec applies a spec to a copy of its named stack.
func fromSpec(t *testing.T, spec fixtureSpec, f fixtureFile) []fixtureResource {
	t.Helper()
	base, ok := f.Stacks[spec.Stack]
	require.True(t, ok, "no stack %q", spec.Stack)
	drop := map[string]bool{}
	for _, n := range spec.Drop {
		drop[n] = true
	}
	var out []fixtureResource
	for _, r := range base {
		if drop[r.Name] {
			continue
		}
		inputs := map[string]any{}
		for k, v := range r.Inputs {
			inputs[k] = v
		}
		for k, v := range spec.Set[r.Name] {
			if v == nil {
				delete(inputs, k)
				continue
			}
			inputs[k] = v
		}
		r.Inputs = inputs
		r.Dependencies = without(r.Dependencies, drop)
		pds := map[string][]string{}
		for k, names := range r.PropertyDependencies {
			pds[k] = without(names, drop)
		}
		r.PropertyDependencies = pds
		out = append(out, r)
	}
	return append(out, spec.Add...)
}

// without returns names less the dropped ones.
func without(names []string, drop map[string]bool) []string {
	var out []string
	for _, n := range names {
		if !drop[n] {
			out = append(out, n)
		}
	}
	return out
}

func resolve(t *testing.T, urns map[string]string, names []string) []string {
	t.Helper()
	out := make([]string, 0, len(names))
	for _, n := range names {
		u, ok := urns[n]
		require.True(t, ok, "dependency on %q, which is not in the fixture", n)
		out = append(out, u)
	}
	return out
}

func resolveAll(t *testing.T, urns map[string]string, m map[string][]string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for k, names := range m {
		out[k] = resolve(t, urns, names)
	}
	return out
}

// messages are the sorted messages of rule in res.
func messages(res *policy.Result, rule string) []string {
	var out []string
	for _, v := range res.Of(rule) {
		out = append(out, v.Message)
	}
	sort.Strings(out)
	return out
}

// caseName names a subtest after its file and rule.
func caseName(c fixtureCase) string {
	return strings.TrimSuffix(c.file, ".json") + "/" + c.Rule
}
