package plan

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
)

func TestPlainMap(t *testing.T) {
	ref := resource.MakeCustomResourceReference("urn:pulumi:dev::sce::aws:ec2/vpc:Vpc::v", "vpc-1", "6.83.4")
	in := resource.PropertyMap{
		"s":    resource.NewProperty("x"),
		"n":    resource.NewProperty(365.0),
		"b":    resource.NewProperty(true),
		"null": resource.NewNullProperty(),
		"list": resource.NewProperty([]resource.PropertyValue{
			resource.NewProperty("a"), resource.NewNullProperty(),
		}),
		"obj": resource.NewProperty(resource.PropertyMap{
			"k": resource.NewProperty("v"), "gone": resource.NewNullProperty(),
		}),
		"secret":        resource.MakeSecret(resource.NewProperty("hunter2")),
		"computed":      resource.MakeComputed(resource.NewProperty("")),
		"unknownOutput": resource.NewProperty(resource.Output{Known: false}),
		"secretOutput": resource.NewProperty(resource.Output{
			Known: true, Secret: true, Element: resource.NewProperty("s"),
		}),
		"knownOutput": resource.NewProperty(resource.Output{Known: true, Element: resource.NewProperty(1.0)}),
		"ref":         ref,
	}
	assert.Equal(t, map[string]any{
		"s":             "x",
		"n":             365.0,
		"b":             true,
		"list":          []any{"a", nil},
		"obj":           map[string]any{"k": "v"},
		"secret":        Secret{Value: "hunter2"},
		"computed":      Unknown,
		"unknownOutput": Unknown,
		"secretOutput":  Secret{Value: "s"},
		"knownOutput":   1.0,
		"ref":           "urn:pulumi:dev::sce::aws:ec2/vpc:Vpc::v",
	}, plainMap(in))
}

func TestSortedUnique(t *testing.T) {
	tests := []struct{ in, want []string }{
		{nil, []string{}},
		{[]string{"b", "a", "b", ""}, []string{"a", "b"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sortedUnique(tt.in))
	}
}

// TestMockOutputs: a hand-written resource gets the outputs a run records:
// its inputs (secrets and unknowns kept) plus its type's computed values.
func TestMockOutputs(t *testing.T) {
	r := Resource{URN: "urn:pulumi:s::sce::aws:s3/bucketV2:BucketV2::s-data", Type: "aws:s3/bucketV2:BucketV2", Name: "s-data",
		Inputs: map[string]any{"bucket": "s-data-123", "tags": map[string]any{"sce:pit": "s"}, "x": Secret{Value: "v"}, "y": Unknown}}
	out := MockOutputs("sce", "s", "us-west-2", r)
	assert.Equal(t, "s-data-123", out["bucket"])
	assert.Equal(t, "arn:aws:s3:::s-data-123", out["arn"])
	assert.Equal(t, map[string]any{"sce:pit": "s"}, out["tagsAll"])
	assert.Equal(t, Secret{Value: "v"}, out["x"])
	assert.Equal(t, Unknown, out["y"])
}
