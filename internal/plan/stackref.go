package plan

import (
	"errors"
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// stackReferenceType is the type token a pulumi.StackReference reads.
const stackReferenceType = "pulumi:pulumi:StackReference"

// StackResolver returns the outputs of the stack a StackReference names
// ("account", "org/account" or "org/project/account"), as Plan.Outputs
// holds them.
type StackResolver func(name string) (map[string]any, error)

// StackReferenceError is a StackReference the offline plan could not
// resolve: the referenced stack has no file, or its own plan failed.
type StackReferenceError struct {
	// Name is the reference as the program wrote it.
	Name string
	// Err is why it could not be resolved.
	Err error
	// ProgramErr is the error the program returned after the failed read,
	// nil if none: it may report other problems (a program that checks its
	// config after reading a reference), which Error leaves out.
	ProgramErr error
}

// Error names the reference and the cause.
func (e *StackReferenceError) Error() string {
	return fmt.Sprintf("stack reference %q: %v", e.Name, e.Err)
}

// Unwrap returns the cause.
func (e *StackReferenceError) Unwrap() error { return e.Err }

// readStackReference answers the read of a StackReference with the
// resolved stack's outputs, recording the first failure for Run.
func (m *monitor) readStackReference(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	name := args.ID
	if v, ok := args.Inputs["name"]; ok && v.IsString() {
		name = v.StringValue()
	}
	var outputs map[string]any
	err := errors.New("this run has no stack resolver: plan the stack from its file (stackfile.Plan, as sce plan does), " +
		"or set RunOptions.StackReferences")
	if m.resolve != nil {
		outputs, err = m.resolve(name)
	}
	if err != nil {
		refErr := &StackReferenceError{Name: name, Err: err}
		m.mu.Lock()
		if m.refErr == nil {
			m.refErr = refErr
		}
		m.mu.Unlock()
		return "", nil, refErr
	}
	return name, stackReferenceState(name, outputs), nil
}

// stackReferenceState is a StackReference's state: its name, the stack's
// outputs and the names of the secret ones, as the Pulumi engine gives it.
func stackReferenceState(name string, outputs map[string]any) resource.PropertyMap {
	outs := resource.PropertyMap{}
	secrets := []resource.PropertyValue{}
	for _, k := range sortedKeys(outputs) {
		v := propertyValue(outputs[k])
		if v.IsSecret() {
			secrets = append(secrets, resource.NewProperty(k))
		}
		outs[resource.PropertyKey(k)] = v
	}
	return resource.PropertyMap{
		"name":              resource.NewProperty(name),
		"outputs":           resource.NewProperty(outs),
		"secretOutputNames": resource.NewProperty(secrets),
	}
}

// propertyValue turns a plan value (see plainValue) back into a property
// value: Secret becomes a secret and Unknown a computed value.
func propertyValue(x any) resource.PropertyValue {
	switch v := x.(type) {
	case Secret:
		return resource.MakeSecret(propertyValue(v.Value))
	case map[string]any:
		m := resource.PropertyMap{}
		for k, e := range v {
			m[resource.PropertyKey(k)] = propertyValue(e)
		}
		return resource.NewProperty(m)
	case []any:
		items := make([]resource.PropertyValue, len(v))
		for i, e := range v {
			items[i] = propertyValue(e)
		}
		return resource.NewProperty(items)
	case string:
		if v == Unknown {
			return resource.MakeComputed(resource.NewProperty(""))
		}
	}
	return resource.NewPropertyValue(x)
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
