package plan

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encoderJSON is the plan as encoding/json's Encoder writes it with the
// settings Plan.JSON reproduces: the reference of its one-pass writer.
func encoderJSON(t *testing.T, p *Plan) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(normalized(p)))
	return buf.String()
}

// normalized is a copy of p whose nil maps and slices are empty, which the
// Encoder prints as {} and [] rather than null.
func normalized(p *Plan) *Plan {
	q := *p
	q.Config = nonNilMap(q.Config)
	q.Outputs = nonNilMap(q.Outputs)
	q.Resources = make([]Resource, len(p.Resources))
	for i, r := range p.Resources {
		r.Inputs = nonNilMap(r.Inputs)
		r.PropertyDependencies = nonNilMap(r.PropertyDependencies)
		if r.Dependencies == nil {
			r.Dependencies = []string{}
		}
		if r.Options.IgnoreChanges == nil {
			r.Options.IgnoreChanges = []string{}
		}
		q.Resources[i] = r
	}
	return &q
}

// awkwardValues are values whose JSON the writer leaves to encoding/json,
// or writes itself near the edge of what it handles.
func awkwardValues() map[string]any {
	return map[string]any{
		"ascii":     "plain text with \"quotes\", a \\ backslash, <html> & tabs\tnew\nlines\rreturns",
		"control":   "bell\a backspace\b formfeed\f nul\x00 esc\x1b del\x7f",
		"unicode":   "café ✓ \u2028 \u2029 😀",
		"invalid":   "bad \xff utf-8",
		"empty":     "",
		"numbers":   []any{0.0, math.Copysign(0, -1), 1.0, -3.0, 0.5, 1e-6, 9.99e-7, 1e20, 1e21, -1.5e300, 123456789.125, 5e-324},
		"bools":     []any{true, false},
		"nothing":   nil,
		"secret":    Secret{Value: map[string]any{"password": "hunter2"}},
		"nested":    map[string]any{"list": []any{map[string]any{}, []any{}, map[string]any{"b": 1.0, "a": "x"}}},
		"typed":     map[string]string{"k": "v"},
		"strings":   []string{"a", "b"},
		"number":    json.Number("42"),
		"key\tö\"":  "keys are strings too",
		"<&>":       "html stays as it is",
		"emptyList": []any{},
	}
}

func TestJSONIsWhatEncodingJSONWrites(t *testing.T) {
	demo := runDemo(t)
	awkward := &Plan{Version: Version, Project: "sce", Stack: "awk\u00e9ward\n", Offline: true,
		Config: map[string]string{"sce:pit": "p", "aws:region": "us-west-2", "sce:note": "é"},
		Resources: []Resource{
			{URN: "urn:1", Type: "t", Name: "n\"q", Custom: true, Parent: "urn:0", Inputs: awkwardValues(),
				Dependencies: []string{"urn:0"}, PropertyDependencies: map[string][]string{"b": {"urn:0"}, "a": {}},
				Options: Options{Protect: true, RetainOnDelete: true, IgnoreChanges: []string{"tags", "ami"}, DeleteBeforeReplace: true},
				Outputs: awkwardValues()},
			{URN: "urn:2", Outputs: map[string]any{}},
			{},
		},
		Outputs: awkwardValues(),
	}
	for name, p := range map[string]*Plan{"demo": demo, "awkward": awkward, "empty": {}} {
		got, err := p.JSON()
		require.NoError(t, err, name)
		assert.Equal(t, encoderJSON(t, p), string(got), name)
	}
}

func TestJSONRefusesWhatEncodingJSONRefuses(t *testing.T) {
	for _, v := range []any{math.Inf(1), math.NaN(), []any{func() {}}} {
		_, err := (&Plan{Outputs: map[string]any{"x": v}}).JSON()
		require.Error(t, err)
		assert.Regexp(t, `^encode plan: json: unsupported (value|type): `, err.Error())
	}
}
