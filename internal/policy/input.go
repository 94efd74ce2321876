package policy

import (
	"github.com/sce-dev/sce/internal/plan"
)

// input.go builds the OPA input exactly as Pulumi's OPA analyzer
// (pulumi/pulumi-policy-opa v1.x) does, so that a rule judges the offline
// plan and a real `pulumi preview --policy-pack policies` alike:
//
//   - The resource's properties are what the analyzer gets from Pulumi's
//     property map (resource.PropertyMap.Mappable) after OPA's JSON round
//     trip: plain values stay plain, but a secret arrives wrapped as
//     {"Element": {"V": x}} and an unknown value as {"Element": {"V": ""}},
//     where x itself wraps every nested value as {"V": ...}. Rules cannot
//     read a secret (lib.rego's unknown() treats both wrappers alike).
//   - Empty option lists (ignoreChanges, additionalSecretOutputs, aliasURNs,
//     aliases) and an unset deleteBeforeReplace arrive as null.
//   - In the stack input, "dependencies" is missing for a resource without
//     any, and "propertyDependencies" is always an object.

// ResourceInput is the OPA input for the resource rules, in the shape
// Pulumi's OPA analyzer builds from an AnalyzerResource: metadata fields
// (type, urn, name, options, provider, properties), the resource's inputs
// overlaid at the top level, and the collision-safe copies __type, __urn,
// __name, __options, __properties and __provider set last.
func ResourceInput(r plan.Resource) map[string]any {
	return analyzerInput(r, analyzerProperties(r.Inputs))
}

// StackInput is the OPA input for the stack rules: {"resources": [...]},
// each resource as ResourceInput of its inputs plus its dependencies and
// property dependencies, as the analyzer's AnalyzeStack passes them. A real
// preview sends the resources' outputs instead: see StackOutputsInput.
func StackInput(p *plan.Plan) map[string]any {
	return stackInput(p, func(r plan.Resource) map[string]any { return r.Inputs })
}

// StackOutputsInput is the stack rules' input of a real preview, which
// passes each resource's outputs (here the offline plan's mock outputs)
// rather than its inputs.
func StackOutputsInput(p *plan.Plan) map[string]any {
	return stackInput(p, func(r plan.Resource) map[string]any { return r.Outputs })
}

// stackInput is the stack input with each resource's properties from props.
func stackInput(p *plan.Plan, props func(plan.Resource) map[string]any) map[string]any {
	rs := make([]any, 0, len(p.Resources))
	for _, r := range p.Resources {
		obj := analyzerInput(r, analyzerProperties(props(r)))
		if len(r.Dependencies) > 0 {
			obj["dependencies"] = anySlice(r.Dependencies)
		}
		pds := make(map[string]any, len(r.PropertyDependencies))
		for k, urns := range r.PropertyDependencies {
			pds[k] = anySlice(urns)
		}
		obj["propertyDependencies"] = pds
		rs = append(rs, obj)
	}
	return map[string]any{"resources": rs}
}

// analyzerInput is the input of resource r with properties props.
func analyzerInput(r plan.Resource, props map[string]any) map[string]any {
	opts := options(r)
	provider := map[string]any{}
	obj := map[string]any{
		"type":       r.Type,
		"urn":        r.URN,
		"name":       r.Name,
		"__name":     r.Name,
		"options":    opts,
		"provider":   provider,
		"properties": props,
	}
	for k, v := range props {
		obj[k] = v
	}
	obj["__type"] = r.Type
	obj["__urn"] = r.URN
	obj["__name"] = r.Name
	obj["__options"] = opts
	obj["__properties"] = props
	obj["__provider"] = provider
	return obj
}

// options are the resource options in the analyzer's shape: Pulumi's
// plugin protocol turns an empty list into a nil slice and a false
// deleteBeforeReplace into a nil pointer, which reach the rules as null.
// The plan does not record aliases, timeouts or additional secret outputs.
func options(r plan.Resource) map[string]any {
	return map[string]any{
		"protect":                 r.Options.Protect,
		"ignoreChanges":           nullIfEmpty(r.Options.IgnoreChanges),
		"deleteBeforeReplace":     trueOrNull(r.Options.DeleteBeforeReplace),
		"additionalSecretOutputs": nil,
		"aliasURNs":               nil,
		"aliases":                 nil,
		"customTimeouts":          map[string]any{"create": 0.0, "update": 0.0, "delete": 0.0},
		"parent":                  r.Parent,
	}
}

// nullIfEmpty is ss as []any, or nil (null) for no strings.
func nullIfEmpty(ss []string) any {
	if len(ss) == 0 {
		return nil
	}
	return anySlice(ss)
}

// trueOrNull is true, or nil (null) for false.
func trueOrNull(b bool) any {
	if b {
		return true
	}
	return nil
}

// analyzerProperties converts plan values to what the analyzer passes:
// plain values as they are, secrets and unknowns wrapped.
func analyzerProperties(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = analyzerValue(v)
	}
	return out
}

// analyzerValue is one value of Mappable: objects and arrays are plain,
// a secret or an unknown value is the SDK's wrapper struct as JSON.
func analyzerValue(v any) any {
	switch x := v.(type) {
	case plan.Secret:
		return wireValue(x)
	case string:
		if x == plan.Unknown {
			return wireValue(x)
		}
	case map[string]any:
		return analyzerProperties(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = analyzerValue(e)
		}
		return out
	}
	return v
}

// wireValue is the JSON of a resource.PropertyValue's V: a secret is
// {"Element": {"V": ...}} (resource.Secret), an unknown value
// {"Element": {"V": ""}} (resource.Computed of a string), and inside them
// every object member and array item is a PropertyValue, {"V": ...}.
func wireValue(v any) any {
	switch x := v.(type) {
	case plan.Secret:
		return map[string]any{"Element": map[string]any{"V": wireValue(x.Value)}}
	case string:
		if x == plan.Unknown {
			return map[string]any{"Element": map[string]any{"V": ""}}
		}
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = map[string]any{"V": wireValue(e)}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = map[string]any{"V": wireValue(e)}
		}
		return out
	}
	return v
}

// anySlice converts a string slice to the []any OPA reads without reflection.
func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
