package plan

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/sig"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// mockURN computes a resource URN exactly as the SDK's mock monitor does
// (mocks.go, newURN), so that plan URNs equal the URNs the program sees.
// Children of the root stack get no parent type; other children are
// qualified by their parent's type.
func mockURN(project, stack, parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(stack), tokens.PackageName(project), parentType,
		tokens.Type(typ), name))
}

// registeredProps decodes the properties a program sent with a
// registration, keeping unknown values (the SDK's decoded args.Inputs drop
// them) and secrets.
func registeredProps(rpc *pulumirpc.RegisterResourceRequest) (resource.PropertyMap, error) {
	props, err := plugin.UnmarshalProperties(rpc.GetObject(), plugin.MarshalOptions{
		KeepUnknowns: true, KeepSecrets: true, KeepResources: true,
	})
	if err != nil {
		return nil, fmt.Errorf("decode inputs of %s %s: %w", rpc.GetType(), rpc.GetName(), err)
	}
	return props, nil
}

// inputProps are the properties a program sent with a registration:
// args.Inputs, which the SDK decoded keeping secrets, unless the request
// holds a value args.Inputs lost or changed (an unknown, or any other
// special value), which are decoded again by registeredProps.
func inputProps(args pulumi.MockResourceArgs) (resource.PropertyMap, error) {
	if plainStruct(args.RegisterRPC.GetObject()) {
		return args.Inputs, nil
	}
	return registeredProps(args.RegisterRPC)
}

// plainStruct reports whether s holds only plain values: no signature key
// (secrets, resource references, output values, assets and archives) and
// no string that is one of the SDK's unknown sentinels. Such a struct
// decodes the same with or without KeepUnknowns.
func plainStruct(s *structpb.Struct) bool {
	for k, v := range s.GetFields() {
		if k == sig.Key || !plainPBValue(v) {
			return false
		}
	}
	return true
}

func plainPBValue(v *structpb.Value) bool {
	switch x := v.GetKind().(type) {
	case *structpb.Value_StringValue:
		return !unknownSentinel(x.StringValue)
	case *structpb.Value_StructValue:
		return plainStruct(x.StructValue)
	case *structpb.Value_ListValue:
		for _, e := range x.ListValue.GetValues() {
			if !plainPBValue(e) {
				return false
			}
		}
	}
	return true
}

// unknownSentinel reports whether s is one of the strings that stand for
// an unknown value on the wire.
func unknownSentinel(s string) bool {
	switch s {
	case plugin.UnknownBoolValue, plugin.UnknownNumberValue, plugin.UnknownStringValue,
		plugin.UnknownArrayValue, plugin.UnknownAssetValue, plugin.UnknownArchiveValue,
		plugin.UnknownObjectValue:
		return true
	}
	return false
}

// newResource builds the plan record of one registration.
func newResource(urn string, args pulumi.MockResourceArgs) (Resource, error) {
	rpc := args.RegisterRPC
	props, err := inputProps(args)
	if err != nil {
		return Resource{}, err
	}
	return Resource{
		URN:                  urn,
		Type:                 args.TypeToken,
		Name:                 args.Name,
		Custom:               args.Custom,
		Parent:               rpc.GetParent(),
		Inputs:               plainMap(props),
		Dependencies:         sortedUnique(rpc.GetDependencies()),
		PropertyDependencies: propertyDependencies(rpc.GetPropertyDependencies()),
		Options: Options{
			Protect:             rpc.GetProtect(),
			RetainOnDelete:      rpc.GetRetainOnDelete(),
			IgnoreChanges:       append([]string{}, rpc.GetIgnoreChanges()...),
			DeleteBeforeReplace: rpc.GetDeleteBeforeReplace(),
		},
	}, nil
}

// propertyDependencies keeps the properties that depend on something.
func propertyDependencies(in map[string]*pulumirpc.RegisterResourceRequest_PropertyDependencies) map[string][]string {
	out := make(map[string][]string, len(in))
	for k, deps := range in {
		if urns := sortedUnique(deps.GetUrns()); len(urns) > 0 {
			out[k] = urns
		}
	}
	return out
}
