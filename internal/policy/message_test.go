package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEachMessage: a rule's messages as Pulumi's OPA analyzer reads them:
// strings as they are, an object's "msg" string, any other value printed as
// fmt prints its JSON value; a value that is not a set or an array has none.
func TestEachMessage(t *testing.T) {
	tests := []struct {
		name, value string
		want        []string
	}{
		{"strings of a set", `{"b", "a"}`, []string{"a", "b"}},
		{"items of an array, in order", `["b", "a"]`, []string{"b", "a"}},
		{"an object's msg", `[{"msg": "open port", "details": {"port": 22}}]`, []string{"open port"}},
		{"an object without a msg string", `[{"msg": 1, "port": 22}]`, []string{"map[msg:1 port:22]"}},
		{"a number", `[22]`, []string{"22"}},
		{"an object rule", `{"a": "b"}`, nil},
		{"a boolean rule", `true`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			require.NoError(t, eachMessage(ast.MustParseTerm(tt.value), func(m string) { got = append(got, m) }))
			assert.Equal(t, tt.want, got)
		})
	}
}
