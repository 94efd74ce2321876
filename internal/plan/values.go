package plan

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// plainMap converts Pulumi property values to plain JSON values: strings,
// float64 numbers, bools, maps and arrays. Null entries are dropped, secrets
// become Secret, unknown values become Unknown and resource references
// become their URN.
func plainMap(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if x, ok := plainValue(v); ok {
			out[string(k)] = x
		}
	}
	return out
}

// plainValue converts one property value; ok is false for null values.
func plainValue(v resource.PropertyValue) (x any, ok bool) {
	switch {
	case v.IsNull():
		return nil, false
	case v.IsBool():
		return v.BoolValue(), true
	case v.IsNumber():
		return v.NumberValue(), true
	case v.IsString():
		return v.StringValue(), true
	case v.IsArray():
		return plainArray(v.ArrayValue()), true
	case v.IsObject():
		return plainMap(v.ObjectValue()), true
	case v.IsSecret():
		inner, _ := plainValue(v.SecretValue().Element)
		return Secret{Value: inner}, true
	case v.IsComputed():
		return Unknown, true
	case v.IsOutput():
		return plainOutput(v.OutputValue()), true
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN), true
	case v.IsAsset():
		a := v.AssetValue()
		return pathOrText(map[string]any{"path": a.Path, "uri": a.URI, "text": a.Text, "hash": a.Hash}), true
	case v.IsArchive():
		a := v.ArchiveValue()
		return pathOrText(map[string]any{"path": a.Path, "uri": a.URI, "hash": a.Hash}), true
	}
	return fmt.Sprint(v.V), true
}

// plainArray keeps null items as nil so that indexes stay meaningful.
func plainArray(vs []resource.PropertyValue) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i], _ = plainValue(v)
	}
	return out
}

func plainOutput(o resource.Output) any {
	if !o.Known {
		return Unknown
	}
	x, _ := plainValue(o.Element)
	if o.Secret {
		return Secret{Value: x}
	}
	return x
}

// pathOrText drops the empty fields of an asset or archive description.
func pathOrText(m map[string]any) map[string]any {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}

// sortedUnique returns the sorted, de-duplicated strings of ss (never nil).
func sortedUnique(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
