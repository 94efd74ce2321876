package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/policies"
)

// TestQueryBody: the query a group prepares is the one its text parses to.
func TestQueryBody(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	rules := pack.Rules[:3]
	text := queryText(pack, rules)
	assert.Equal(t, "r0 = data.sce_hipaa."+rules[0].Name+"; r1 = data.sce_hipaa."+rules[1].Name+
		"; r2 = data.sce_hipaa."+rules[2].Name, text)
	want := ast.MustParseBodyWithOpts(text, ast.ParserOptions{RegoVersion: ast.RegoV0})
	got := queryBody(pack, rules)
	assert.True(t, want.Equal(got), "%v != %v", want, got)
	for i := range got {
		assert.Equal(t, want[i].Index, got[i].Index)
		assert.Equal(t, want[i].String(), got[i].String())
	}
}
