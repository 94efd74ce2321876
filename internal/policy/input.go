package policy

import (
	"github.com/sce-dev/sce/internal/plan"
)

// ResourceInput is the OPA input for the resource rules, in the shape
// Pulumi's OPA analyzer (pulumi/pulumi-policy-opa) builds from an
// AnalyzerResource: metadata fields (type, urn, name, options, provider,
// properties), the resource's inputs overlaid at the top level, and the
// collision-safe copies __type, __urn, __name, __options, __properties and
// __provider set last. Secrets are unwrapped: offline, rules see the real
// value; unknown values stay the plan's "[unknown]".
func ResourceInput(r plan.Resource) map[string]any {
	props := plainProperties(r.Inputs)
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

// StackInput is the OPA input for the stack rules: {"resources": [...]},
// each resource as ResourceInput plus its dependencies and property
// dependencies, as the analyzer's AnalyzeStack passes them.
func StackInput(p *plan.Plan) map[string]any {
	rs := make([]any, 0, len(p.Resources))
	for _, r := range p.Resources {
		obj := ResourceInput(r)
		obj["dependencies"] = anySlice(r.Dependencies)
		pds := make(map[string]any, len(r.PropertyDependencies))
		for k, urns := range r.PropertyDependencies {
			pds[k] = anySlice(urns)
		}
		obj["propertyDependencies"] = pds
		rs = append(rs, obj)
	}
	return map[string]any{"resources": rs}
}

// options are the resource options in the analyzer's shape; the plan does
// not record aliases, timeouts or additional secret outputs.
func options(r plan.Resource) map[string]any {
	return map[string]any{
		"protect":                 r.Options.Protect,
		"ignoreChanges":           anySlice(r.Options.IgnoreChanges),
		"deleteBeforeReplace":     r.Options.DeleteBeforeReplace,
		"additionalSecretOutputs": []any{},
		"aliasURNs":               []any{},
		"aliases":                 []any{},
		"customTimeouts":          map[string]any{"create": 0.0, "update": 0.0, "delete": 0.0},
		"parent":                  r.Parent,
	}
}

// plainProperties copies inputs with every plan.Secret replaced by its value.
func plainProperties(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = unwrap(v)
	}
	return out
}

func unwrap(v any) any {
	switch x := v.(type) {
	case plan.Secret:
		return unwrap(x.Value)
	case map[string]any:
		return plainProperties(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = unwrap(e)
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
