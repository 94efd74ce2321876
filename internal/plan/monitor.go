package plan

import (
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// monitor is the pulumi.MockResourceMonitor of one run: it records every
// registration for the plan and answers with the fakes of mocks.go. The SDK
// calls it from many goroutines.
type monitor struct {
	project, stack, region string
	types                  map[string]typeMock
	resolve                StackResolver // answers StackReference reads; nil refuses them

	mu        sync.Mutex
	resources []Resource
	outputs   map[string]resource.PropertyMap // by provider ID, for lookups between fakes
	exported  *pulumirpc.RegisterResourceRequest
	refErr    *StackReferenceError // the first StackReference that could not be resolved
}

// The runner registers one hidden resource whose inputs are the stack
// outputs: the SDK resolves them (secrets and unknowns included) before it
// sends the registration, and RunErr waits for it. It is not in the plan.
const (
	outputsType = "offlineplan:index:StackOutputs"
	outputsName = "stack-outputs"
)

func newMonitor(project, stack, region string) *monitor {
	return &monitor{
		project: project, stack: stack, region: region,
		types:   typeMocks(),
		outputs: map[string]resource.PropertyMap{},
	}
}

// NewResource records a registration and returns the faked ID and outputs.
// Reads of existing resources (Get functions) are faked but not recorded:
// the plan lists what the program would manage.
func (m *monitor) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.TypeToken == outputsType && args.RegisterRPC != nil {
		m.mu.Lock()
		m.exported = args.RegisterRPC
		m.mu.Unlock()
		return outputsName, resource.PropertyMap{}, nil
	}
	if args.TypeToken == stackReferenceType && args.ReadRPC != nil {
		return m.readStackReference(args)
	}
	parent := args.RegisterRPC.GetParent()
	if args.RegisterRPC == nil {
		parent = args.ReadRPC.GetParent()
	}
	urn := mockURN(m.project, m.stack, parent, args.TypeToken, args.Name)
	var r Resource
	if args.RegisterRPC != nil {
		var err error
		if r, err = newResource(urn, args); err != nil {
			return "", nil, err
		}
	}
	if !args.Custom && args.RegisterRPC != nil {
		m.record(r)
		return "", resource.PropertyMap{}, nil // a component: no ID, no provider outputs
	}
	id, outs := m.fakeResource(urn, args)
	if args.ID != "" {
		id = args.ID
	}
	if args.RegisterRPC != nil {
		r.Outputs = plainMap(outs)
		m.record(r)
	}
	m.mu.Lock()
	m.outputs[id] = outs
	m.mu.Unlock()
	return id, outs, nil
}

// Call answers an invoke in the region of the provider that makes it: an
// explicit provider's region input, or the stack's aws:region.
func (m *monitor) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	out, err := invoke(args.Token, m.providerRegion(args.Provider))
	if err != nil {
		return nil, err
	}
	return resource.NewPropertyValue(out).ObjectValue(), nil
}

// providerRegion is the region input of the provider whose reference
// ("<urn>::<id>") is ref, or the stack's region for the default provider.
func (m *monitor) providerRegion(ref string) string {
	i := strings.LastIndex(ref, "::")
	if i < 0 {
		return m.region
	}
	urn := ref[:i]
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.resources {
		if r.URN == urn {
			if region, ok := r.Inputs["region"].(string); ok && region != "" {
				return region
			}
		}
	}
	return m.region
}

func (m *monitor) record(r Resource) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.resources = append(m.resources, r)
}

// sortedResources returns the recorded resources sorted by URN.
func (m *monitor) sortedResources() []Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]Resource{}, m.resources...)
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// stackOutputs returns the resolved stack outputs named keys; a key whose
// value is null maps to nil.
func (m *monitor) stackOutputs(keys []string) (map[string]any, error) {
	m.mu.Lock()
	rpc := m.exported
	m.mu.Unlock()
	out := make(map[string]any, len(keys))
	if rpc == nil {
		return out, nil // the program returned no outputs
	}
	props, err := registeredProps(rpc)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		out[k], _ = plainValue(props[resource.PropertyKey(k)])
	}
	return out, nil
}

// referenceError is the first StackReference that could not be resolved.
func (m *monitor) referenceError() *StackReferenceError {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.refErr
}

func (m *monitor) lookup(id string) (resource.PropertyMap, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	outs, ok := m.outputs[id]
	return outs, ok
}

// fakeResource computes the ID and outputs of a custom resource, in the
// region of its provider: its inputs plus the computed attributes of its
// type (mocks.go).
func (m *monitor) fakeResource(urn string, args pulumi.MockResourceArgs) (string, resource.PropertyMap) {
	tm, ok := m.types[args.TypeToken]
	if !ok {
		tm = moduleMock(args.TypeToken)
	}
	f := &fake{urn: urn, name: args.Name, region: m.providerRegion(args.Provider), inputs: args.Inputs, lookup: m.lookup}
	outs := args.Inputs.Copy()
	f.physical = physicalName(f, tm)
	if tm.nameKey != "" {
		outs[resource.PropertyKey(tm.nameKey)] = resource.NewProperty(f.physical)
	}
	f.id = fakeID(f, tm)
	if tm.arn != nil {
		arn := tm.arn(f)
		outs["arn"] = resource.NewProperty(arn)
		if tm.idIsARN {
			f.id = arn
		}
	}
	if tm.extra != nil {
		for k, v := range tm.extra(f) {
			outs[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
		}
	}
	if tags, ok := outs["tags"]; ok {
		outs["tagsAll"] = tags
	}
	return f.id, outs
}

// physicalName is the name input, else the type's default, else the logical name.
func physicalName(f *fake, tm typeMock) string {
	if tm.nameKey == "" {
		return f.name
	}
	if s := f.str(tm.nameKey); s != "" {
		return s
	}
	if p := f.str(tm.nameKey + "Prefix"); p != "" {
		return p + f.hex("namePrefix", 26)
	}
	if tm.defaultName != nil {
		return tm.defaultName(f)
	}
	return f.name
}

// fakeID is the type's ID, else an EC2-style ID, else the physical name for
// named types, else "<name>-<hash8>".
func fakeID(f *fake, tm typeMock) string {
	switch {
	case tm.id != nil:
		if id := tm.id(f); id != "" {
			return id
		}
	case tm.prefix != "":
		return f.ec2ID(tm.prefix)
	case tm.nameKey != "":
		return f.physical
	}
	return f.name + "-" + f.hex("id", 8)
}
