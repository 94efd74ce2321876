package policy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
)

// normalize round-trips v through JSON, so that maps and numbers compare equal.
func normalize(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(data, &out))
	return out
}

func sampleResource() plan.Resource {
	return plan.Resource{
		URN:    "urn:pulumi:dev::sce::sce:index:Environment$aws:ec2/instance:Instance::dev-worker-1",
		Type:   awstype.EC2Instance,
		Name:   "dev-worker-1",
		Custom: true,
		Parent: "urn:pulumi:dev::sce::sce:index:Environment::dev",
		Inputs: map[string]any{
			"instanceType": "m5.xlarge",
			"subnetId":     plan.Unknown,
			"userData":     plan.Secret{Value: "#cloud-config"},
			"type":         "a property named like a metadata field",
			"tags":         map[string]any{"sce:pit": "dev", "token": plan.Secret{Value: "s3cr3t"}},
		},
		Dependencies:         []string{"urn:subnet"},
		PropertyDependencies: map[string][]string{"subnetId": {"urn:subnet"}},
		Options:              plan.Options{Protect: true, IgnoreChanges: []string{"ami"}},
	}
}

// secretOf and unknownValue are the analyzer's wrappers (resource.Secret
// and resource.Computed after OPA's JSON round trip).
func secretOf(v any) map[string]any { return map[string]any{"Element": map[string]any{"V": v}} }

var unknownValue = map[string]any{"Element": map[string]any{"V": ""}}

// TestResourceInput: the analyzer's shape, with properties overlaid at the
// top level (winning over metadata fields) and __ fields set last; secrets
// and unknown values arrive wrapped, empty option lists and a false
// deleteBeforeReplace as null.
func TestResourceInput(t *testing.T) {
	props := map[string]any{
		"instanceType": "m5.xlarge", "subnetId": unknownValue, "userData": secretOf("#cloud-config"),
		"type": "a property named like a metadata field",
		"tags": map[string]any{"sce:pit": "dev", "token": secretOf("s3cr3t")},
	}
	opts := map[string]any{
		"protect": true, "ignoreChanges": []any{"ami"}, "deleteBeforeReplace": nil,
		"additionalSecretOutputs": nil, "aliasURNs": nil, "aliases": nil,
		"customTimeouts": map[string]any{"create": 0.0, "update": 0.0, "delete": 0.0},
		"parent":         "urn:pulumi:dev::sce::sce:index:Environment::dev",
	}
	want := map[string]any{
		"type": "a property named like a metadata field", "urn": sampleResource().URN, "name": "dev-worker-1",
		"options": opts, "provider": map[string]any{}, "properties": props,
		"instanceType": "m5.xlarge", "subnetId": unknownValue, "userData": secretOf("#cloud-config"),
		"tags":   map[string]any{"sce:pit": "dev", "token": secretOf("s3cr3t")},
		"__type": awstype.EC2Instance, "__urn": sampleResource().URN, "__name": "dev-worker-1",
		"__options": opts, "__properties": props, "__provider": map[string]any{},
	}
	assert.Equal(t, normalize(t, want), normalize(t, ResourceInput(sampleResource())))
}

// TestSecretObjectInput: inside a secret, every object member and array
// item is wrapped as {"V": ...}, as resource.PropertyValue marshals.
func TestSecretObjectInput(t *testing.T) {
	r := sampleResource()
	r.Inputs = map[string]any{"policy": plan.Secret{Value: map[string]any{
		"a": []any{"x", 1.0, plan.Unknown}, "b": plan.Secret{Value: true},
	}}}
	r.Options = plan.Options{DeleteBeforeReplace: true}
	in := ResourceInput(r)
	assert.Equal(t, secretOf(map[string]any{
		"a": map[string]any{"V": []any{map[string]any{"V": "x"}, map[string]any{"V": 1.0}, map[string]any{"V": unknownValue}}},
		"b": map[string]any{"V": secretOf(true)},
	}), in["policy"])
	opts := in["options"].(map[string]any)
	assert.Equal(t, true, opts["deleteBeforeReplace"])
	assert.Nil(t, opts["ignoreChanges"])
}

// TestStackInput: input.resources, each with property dependencies (always
// an object) and dependencies (left out when there are none).
func TestStackInput(t *testing.T) {
	lone := sampleResource()
	lone.URN, lone.Dependencies, lone.PropertyDependencies = "urn:lone", nil, nil
	p := &plan.Plan{Resources: []plan.Resource{sampleResource(), lone}}
	in := StackInput(p)
	rs, ok := in["resources"].([]any)
	require.True(t, ok)
	require.Len(t, rs, 2)
	r := rs[0].(map[string]any)
	assert.Equal(t, []any{"urn:subnet"}, r["dependencies"])
	assert.Equal(t, map[string]any{"subnetId": []any{"urn:subnet"}}, r["propertyDependencies"])
	assert.Equal(t, awstype.EC2Instance, r["__type"])
	r = rs[1].(map[string]any)
	assert.NotContains(t, r, "dependencies")
	assert.Equal(t, map[string]any{}, r["propertyDependencies"])
	assert.Equal(t, []string{"resources"}, sortedKeys(in))
}
