package plan

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInputPropsDecodeLikeRegisteredProps checks that the inputs recorded
// for a registration are what decoding the request with KeepUnknowns
// gives, whether they come from the SDK's decoded args.Inputs (plain
// values) or are decoded again (unknowns anywhere, secrets, references).
func TestInputPropsDecodeLikeRegisteredProps(t *testing.T) {
	nested := func(v resource.PropertyValue) resource.PropertyMap {
		return resource.PropertyMap{"name": resource.NewProperty("x"), "rules": resource.NewProperty([]resource.PropertyValue{
			resource.NewProperty(resource.PropertyMap{"cidr": resource.NewProperty("10.0.0.0/8"), "v": v}),
		})}
	}
	for _, tc := range []struct {
		name  string
		props resource.PropertyMap
		plain bool
	}{
		{"plain", nested(resource.NewProperty(3.0)), true},
		{"bool and null", resource.PropertyMap{"a": resource.NewProperty(true), "b": resource.NewNullProperty()}, true},
		{"empty", resource.PropertyMap{}, true},
		{"unknown string", nested(resource.MakeComputed(resource.NewProperty(""))), false},
		{"unknown number", resource.PropertyMap{"n": resource.MakeComputed(resource.NewProperty(0.0))}, false},
		{"unknown object", resource.PropertyMap{"o": resource.MakeComputed(resource.NewProperty(resource.PropertyMap{}))}, false},
		{"secret", nested(resource.MakeSecret(resource.NewProperty("hunter2"))), false},
		{"unknown output", resource.PropertyMap{"o": resource.NewProperty(resource.Output{Known: false})}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			obj, err := plugin.MarshalProperties(tc.props, plugin.MarshalOptions{
				KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
			})
			require.NoError(t, err)
			rpc := &pulumirpc.RegisterResourceRequest{Type: "test:index:T", Name: "t", Object: obj}
			// What the SDK's mock monitor passes as args.Inputs.
			inputs, err := plugin.UnmarshalProperties(obj, plugin.MarshalOptions{KeepSecrets: true, KeepResources: true})
			require.NoError(t, err)
			assert.Equal(t, tc.plain, plainStruct(obj))
			got, err := inputProps(pulumi.MockResourceArgs{Inputs: inputs, RegisterRPC: rpc})
			require.NoError(t, err)
			want, err := registeredProps(rpc)
			require.NoError(t, err)
			assert.Equal(t, plainMap(want), plainMap(got))
			if strings.HasPrefix(tc.name, "unknown") {
				assert.NotEqual(t, plainMap(inputs), plainMap(got), "the SDK's inputs drop unknowns")
			}
		})
	}
}
