package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/policies"
)

// TestCompileSkipsOnlyChecks: the pack compiled without checkOnlyStages is,
// module by module and rule by rule, the pack compiled with every stage of
// the compiler, so skipping them changes nothing evaluation sees.
func TestCompileSkipsOnlyChecks(t *testing.T) {
	sources, err := readModules(policies.FS())
	require.NoError(t, err)
	got, err := compile(sources, true)
	require.NoError(t, err)
	modules, err := parseModules(sources, true)
	require.NoError(t, err)
	full := ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV0)
	full.Compile(modules)
	require.Empty(t, full.Errors)
	require.Equal(t, sortedKeys(full.Modules), sortedKeys(got.Modules))
	for name, want := range full.Modules {
		assert.Equal(t, want.String(), got.Modules[name].String(), name)
		assert.True(t, want.Equal(got.Modules[name]), name)
	}
}
