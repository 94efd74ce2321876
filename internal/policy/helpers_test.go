package policy

import (
	"context"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/policies"
)

// helpers_test.go: lib.rego's helpers for values that may be unknown, on
// every kind of value a rule reads.

// helperValues are Rego literals of each kind of value: known strings, the
// two unknown sentinels, the analyzer's unknown and secret wrappers, and
// values of every other type.
var helperValues = []string{
	`"abc"`, `""`, `"[unknown]"`, `"04da6b54-80e4-46f7-96ec-b56ff0331ba9"`,
	`{"Element": {"V": ""}}`, `{"Element": false}`, `{"a": 1}`, `{}`,
	`7`, `true`, `false`, `null`, `["a"]`, `{"x"}`,
}

// evalHelper evaluates query (binding x) with the pack's compiler.
func evalHelper(t *testing.T, pack *Pack, query string) any {
	t.Helper()
	rs, err := rego.New(rego.Query(query), rego.Compiler(pack.compiler), rego.Store(inmem.New())).Eval(context.Background())
	require.NoError(t, err, query)
	require.Len(t, rs, 1, query)
	return rs[0].Bindings["x"]
}

// TestKnownIsNotUnknown: known(x) holds exactly when unknown(x) does not,
// and unknown(x) holds for the sentinels and the wrappers only.
func TestKnownIsNotUnknown(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	var unknowns []string
	for _, v := range helperValues {
		known := evalHelper(t, pack, fmt.Sprintf(`x := count([1 | data.%s.known(%s)])`, pack.Name, v))
		unknown := evalHelper(t, pack, fmt.Sprintf(`x := count([1 | data.%s.unknown(%s)])`, pack.Name, v))
		assert.NotEqual(t, known, unknown, "known(%s) and unknown(%s) must differ", v, v)
		if fmt.Sprint(unknown) == "1" {
			unknowns = append(unknowns, v)
		}
	}
	assert.Equal(t, []string{`"[unknown]"`, `"04da6b54-80e4-46f7-96ec-b56ff0331ba9"`, `{"Element": {"V": ""}}`, `{"Element": false}`}, unknowns)
}

// TestText: text(x) prints a known string as it is, never an unknown or
// secret value, and any other value as fmt's %v would.
func TestText(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	got := map[string]any{}
	for _, v := range helperValues {
		got[v] = evalHelper(t, pack, fmt.Sprintf(`x := data.%s.text(%s)`, pack.Name, v))
	}
	hidden := "(unknown or secret)"
	assert.Equal(t, map[string]any{
		`"abc"`: "abc", `""`: "", `"[unknown]"`: hidden, `"04da6b54-80e4-46f7-96ec-b56ff0331ba9"`: hidden,
		`{"Element": {"V": ""}}`: hidden, `{"Element": false}`: hidden, `{"a": 1}`: `{"a": 1}`, `{}`: "{}",
		`7`: "7", `true`: "true", `false`: "false", `null`: "null", `["a"]`: `["a"]`, `{"x"}`: `{"x"}`,
	}, got)
}

// TestNameMatchesIsGlob: name_matches, which takes the plain "*suffix"
// patterns without a glob, answers as glob.match does for every pattern.
func TestNameMatchesIsGlob(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	patterns := []string{"*-data-in", "*-bastion", "hipaa-egress", "*-worker-?", "*-[ab]", "*", "*-x*y", `*-{a,b}`, "*!"}
	names := []string{"hipaa-data-in", "-data-in", "hipaa-data-in-replica", "hipaa-bastion", "hipaa-egress", "p-egress",
		"hipaa-worker-1", "hipaa-worker-12", "p-a", "p-c", "p-xzy", "p-b", "", "p!"}
	for _, p := range patterns {
		for _, n := range names {
			query := fmt.Sprintf(`x := [count([1 | data.%[1]s.name_matches(%[2]q, data.%[1]s.name_patterns([%[3]q]))]), `+
				`count([1 | glob.match(%[3]q, [], %[2]q)])]`, pack.Name, n, p)
			got := evalHelper(t, pack, query).([]any)
			assert.Equal(t, got[1], got[0], "pattern %q, name %q", p, n)
		}
	}
}
