package policy

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/policies"
)

// TestPackRules: the pack has at least 40 rules, each with its metadata, of
// every level and scope.
func TestPackRules(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	assert.Equal(t, "sce_hipaa", pack.Name)
	assert.Equal(t, "sce HIPAA policy pack", pack.Title)
	assert.GreaterOrEqual(t, len(pack.Rules), 40)
	kinds := map[string]int{}
	for _, r := range pack.Rules {
		kinds[string(r.Level)+"/"+string(r.Scope)]++
	}
	for _, k := range []string{"mandatory/resource", "mandatory/stack", "advisory/resource", "advisory/stack"} {
		assert.Positive(t, kinds[k], k)
	}
	r, ok := pack.Rule("deny_s3_versioning")
	require.True(t, ok)
	assert.Equal(t, Rule{
		Name: "deny_s3_versioning", Title: "S3 versioning is enabled",
		Description: "Versioning keeps every version of every object, so PHI that is overwritten or deleted by mistake or by an attacker can be recovered.",
		Message:     `Set versioningConfiguration.status to "Enabled".`, Control: "Recoverable object versions",
		HIPAA: []string{"164.312(c)(1)", "164.308(a)(7)(ii)(A)"}, Findings: []string{"2.4"},
		Types: []string{awstype.S3BucketVersioningV2, awstype.S3BucketVersioning},
		Level: Mandatory, Scope: ResourceScope, File: "s3.rego",
	}, r)
}

// TestConfigDefaultsMatchRego: the defaults in schema/config-schema.json and the
// Rego fallbacks (used when Pulumi passes no config) are the same.
func TestConfigDefaultsMatchRego(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	rs, err := rego.New(rego.Query("data.sce_hipaa.config_defaults"), rego.Compiler(pack.compiler)).Eval(context.Background())
	require.NoError(t, err)
	require.Len(t, rs, 1)
	want := map[string]any{}
	for name, rc := range pack.Defaults() {
		want[name] = normalize(t, rc.Properties)
	}
	assert.Equal(t, want, normalize(t, rs[0].Expressions[0].Value))
}

// TestLoadErrors: a pack that the analyzer would reject, or whose metadata is
// incomplete, does not load.
func TestLoadErrors(t *testing.T) {
	const schema = "{}"
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no rego", map[string]string{"schema/config-schema.json": schema}, "read policy pack: no .rego files"},
		{"two packages", map[string]string{"a.rego": "package a\n", "b.rego": "package b\n", "schema/config-schema.json": schema},
			"policy pack: b.rego is package b, the others a: use one package"},
		{"no metadata", map[string]string{"a.rego": "package a\nimport rego.v1\ndeny_x contains 1 if true\n", "schema/config-schema.json": schema},
			"policy pack metadata:\n  deny_x (a.rego): no # METADATA block"},
		{"incomplete metadata", map[string]string{"a.rego": "package a\nimport rego.v1\n# METADATA\n# title: X\n" +
			"# custom:\n#   hipaa: [\"164.312(z)\"]\nwarn_x contains 1 if true\n", "schema/config-schema.json": schema},
			"policy pack metadata:\n  warn_x (a.rego): METADATA lacks description, custom.message, custom.control, custom.types"},
		{"bad section", map[string]string{"a.rego": "package a\nimport rego.v1\n# METADATA\n# title: X\n# description: D\n" +
			"# custom:\n#   message: M\n#   control: C\n#   types: [\"*\"]\n#   hipaa: [\"HIPAA 312\"]\nwarn_x contains 1 if true\n",
			"schema/config-schema.json": schema},
			"policy pack metadata:\n  warn_x (a.rego): \"HIPAA 312\" is not a 45 CFR section such as 164.312(b)"},
		{"no schema", map[string]string{"a.rego": "package a\n"}, "policy pack: open schema/config-schema.json: file does not exist"},
		{"schema for a missing rule", map[string]string{"a.rego": "package a\n", "schema/config-schema.json": `{"deny_y": {"properties": {}}}`},
			`policy pack: schema/config-schema.json configures "deny_y", which is not a rule of the pack`},
		{"schema in the root", map[string]string{"a.rego": "package a\n", "config-schema.json": schema, "schema/config-schema.json": schema},
			"policy pack: config-schema.json in the pack root stops Pulumi's OPA analyzer (GetAnalyzerInfo fails): move it to schema/config-schema.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			_, err := Load(fsys)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}
