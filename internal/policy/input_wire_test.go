package policy

import (
	"context"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/policies"
)

// input_wire_test.go checks ResourceInput and StackInput against what
// Pulumi's plugin SDK really hands an analyzer: the resources go through
// the SDK's wire encoding (as the engine sends them) and its analyzer
// server (as the OPA analyzer receives them); the analyzer then builds its
// input from resource.PropertyMap.Mappable and the options, and OPA reads
// it through JSON.

// received is a plugin.Analyzer that keeps what the SDK's server gives it.
type received struct {
	plugin.Analyzer
	resource plugin.AnalyzerResource
	stack    []plugin.AnalyzerStackResource
}

func (a *received) Analyze(_ context.Context, r plugin.AnalyzerResource) (plugin.AnalyzeResponse, error) {
	a.resource = r
	return plugin.AnalyzeResponse{}, nil
}

func (a *received) AnalyzeStack(_ context.Context, rs []plugin.AnalyzerStackResource) (plugin.AnalyzeResponse, error) {
	a.stack = rs
	return plugin.AnalyzeResponse{}, nil
}

// propertyValue is a plan value as the engine holds it.
func propertyValue(v any) resource.PropertyValue {
	switch x := v.(type) {
	case plan.Secret:
		return resource.MakeSecret(propertyValue(x.Value))
	case map[string]any:
		m := resource.PropertyMap{}
		for k, e := range x {
			m[resource.PropertyKey(k)] = propertyValue(e)
		}
		return resource.NewProperty(m)
	case []any:
		a := make([]resource.PropertyValue, len(x))
		for i, e := range x {
			a[i] = propertyValue(e)
		}
		return resource.NewProperty(a)
	case string:
		if x == plan.Unknown {
			return resource.MakeComputed(resource.NewProperty(""))
		}
	}
	return resource.NewPropertyValue(v)
}

// wireResource is r as the engine sends it to an analyzer.
func wireResource(t *testing.T, r plan.Resource) *pulumirpc.AnalyzerResource {
	t.Helper()
	props, err := plugin.MarshalProperties(propertyValue(r.Inputs).ObjectValue(),
		plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, SkipInternalKeys: true})
	require.NoError(t, err)
	pds := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
	for k, urns := range r.PropertyDependencies {
		pds[k] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
	}
	return &pulumirpc.AnalyzerResource{
		Type: r.Type, Urn: r.URN, Name: r.Name, Properties: props, Parent: r.Parent,
		Dependencies: r.Dependencies, PropertyDependencies: pds,
		Options: &pulumirpc.AnalyzerResourceOptions{
			Protect: r.Options.Protect, IgnoreChanges: r.Options.IgnoreChanges,
			DeleteBeforeReplace: r.Options.DeleteBeforeReplace, Parent: r.Parent,
			CustomTimeouts: &pulumirpc.AnalyzerResourceOptions_CustomTimeouts{},
		},
	}
}

// analyzerView is the OPA input the analyzer builds from what it received:
// metadata, the properties' Mappable form, the options and an empty
// provider; properties overlay the metadata and the __ copies come last.
func analyzerView(r plugin.AnalyzerResource) map[string]any {
	o := r.Options
	opts := map[string]any{
		"protect": o.Protect, "ignoreChanges": o.IgnoreChanges, "deleteBeforeReplace": o.DeleteBeforeReplace,
		"additionalSecretOutputs": o.AdditionalSecretOutputs, "aliasURNs": o.AliasURNs, "aliases": o.Aliases,
		"customTimeouts": map[string]any{
			"create": o.CustomTimeouts.Create, "update": o.CustomTimeouts.Update, "delete": o.CustomTimeouts.Delete},
		"parent": string(o.Parent),
	}
	view := map[string]any{"type": string(r.Type), "urn": string(r.URN), "name": r.Name,
		"options": opts, "provider": map[string]any{}, "properties": r.Properties.Mappable()}
	for k, v := range r.Properties.Mappable() {
		view[k] = v
	}
	for k, v := range map[string]any{"__type": string(r.Type), "__urn": string(r.URN), "__name": r.Name,
		"__options": opts, "__properties": r.Properties.Mappable(), "__provider": map[string]any{}} {
		view[k] = v
	}
	return view
}

// wirePlan has what the wire can carry differently: nested secrets,
// unknowns in lists, empty and set option lists, dependencies or none.
func wirePlan() *plan.Plan {
	other := plan.Resource{
		URN: "urn:pulumi:dev::sce::aws:s3/bucketPolicy:BucketPolicy::dev-policy", Type: "aws:s3/bucketPolicy:BucketPolicy",
		Name: "dev-policy", Parent: "urn:pulumi:dev::sce::pulumi:pulumi:Stack::sce-dev",
		Inputs: map[string]any{
			"bucket": plan.Unknown,
			"policy": plan.Secret{Value: map[string]any{"Statement": []any{map[string]any{"Effect": "Deny"}, plan.Unknown}}},
			"list":   []any{"a", plan.Secret{Value: 2.0}, plan.Unknown, true},
		},
		Options: plan.Options{DeleteBeforeReplace: true},
	}
	return &plan.Plan{Resources: []plan.Resource{sampleResource(), other}}
}

// TestResourceInputIsWhatTheAnalyzerSees: for each resource, ResourceInput
// equals the analyzer's input built from what the SDK's server received.
func TestResourceInputIsWhatTheAnalyzerSees(t *testing.T) {
	for _, r := range wirePlan().Resources {
		got := &received{}
		w := wireResource(t, r)
		_, err := plugin.NewAnalyzerServer(got).Analyze(context.Background(), &pulumirpc.AnalyzeRequest{
			Type: w.Type, Urn: w.Urn, Name: w.Name, Properties: w.Properties, Options: w.Options})
		require.NoError(t, err)
		assert.Equal(t, normalize(t, analyzerView(got.resource)), normalize(t, ResourceInput(r)), r.Name)
	}
}

// TestStackInputIsWhatTheAnalyzerSees: the same for the stack rules'
// input, with dependencies (absent when empty) and property dependencies.
func TestStackInputIsWhatTheAnalyzerSees(t *testing.T) {
	p := wirePlan()
	req := &pulumirpc.AnalyzeStackRequest{}
	for _, r := range p.Resources {
		req.Resources = append(req.Resources, wireResource(t, r))
	}
	got := &received{}
	_, err := plugin.NewAnalyzerServer(got).AnalyzeStack(context.Background(), req)
	require.NoError(t, err)
	var rs []any
	for _, sr := range got.stack {
		view := analyzerView(sr.AnalyzerResource)
		view["options"].(map[string]any)["parent"] = string(sr.Parent)
		if sr.Dependencies != nil {
			view["dependencies"] = sr.Dependencies
		}
		view["propertyDependencies"] = sr.PropertyDependencies
		rs = append(rs, view)
	}
	assert.Equal(t, normalize(t, map[string]any{"resources": rs}), normalize(t, StackInput(p)))
}

// infoWithSchema is an analyzer that describes one policy with the config
// schema of the pack's deny_sg_ssh_source rule, as the OPA analyzer does
// when it finds config-schema.json in the pack root.
type infoWithSchema struct {
	plugin.Analyzer
	props map[string]plugin.JSONSchema
}

func (a *infoWithSchema) GetAnalyzerInfo(context.Context) (plugin.AnalyzerInfo, error) {
	return plugin.AnalyzerInfo{Name: "sce_hipaa", Policies: []plugin.AnalyzerPolicyInfo{{
		Name: "deny_sg_ssh_source", EnforcementLevel: apitype.Mandatory, ConfigSchema: &plugin.AnalyzerPolicyConfigSchema{Properties: a.props},
	}}}, nil
}

// TestRootSchemaStopsTheAnalyzer: why the schema stays out of the pack
// root. The OPA analyzer hands a root config-schema.json's properties to
// Pulumi's plugin SDK as plugin.JSONSchema values, which the SDK's server
// cannot encode: GetAnalyzerInfo panics, and `pulumi preview` with it.
func TestRootSchemaStopsTheAnalyzer(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	props := map[string]plugin.JSONSchema{}
	for k, ps := range pack.Schema["deny_sg_ssh_source"].Properties {
		props[k] = plugin.JSONSchema{"type": ps.Type, "description": ps.Description, "default": ps.Default}
	}
	server := plugin.NewAnalyzerServer(&infoWithSchema{props: props})
	var recovered any
	func() {
		defer func() { recovered = recover() }()
		_, _ = server.GetAnalyzerInfo(context.Background(), nil)
	}()
	require.NotNil(t, recovered, "GetAnalyzerInfo did not panic")
	// protobuf writes "proto:" and the message with a non-breaking space.
	assert.Contains(t, fmt.Sprint(recovered), "invalid type: plugin.JSONSchema")
}
