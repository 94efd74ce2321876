// Package plan is the offline plan engine: it runs a real Pulumi Go program
// under the Pulumi SDK's mocks, without AWS, the Pulumi CLI or any provider
// plugin, and returns what the program would register (JSON schema v1,
// described in docs/setup.md).
//
// The same plan serves the tests, `sce plan`, the policy pack, the cost
// estimate and the diagram. Mock IDs, ARNs and IPs are deterministic
// placeholders (account 123456789012); see mocks.go.
package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Version is the plan JSON schema version this package writes and reads.
const Version = 1

// Plan is the result of one offline run of a Pulumi program.
type Plan struct {
	// Version is the schema version, always Version.
	Version int `json:"version"`
	// Project is the Pulumi project name (the URNs' project part).
	Project string `json:"project"`
	// Stack is the Pulumi stack name.
	Stack string `json:"stack"`
	// Offline is always true: AWS was not contacted.
	Offline bool `json:"offline"`
	// Config is the stack configuration the program ran with, as Pulumi
	// passes it (structured values JSON-encoded).
	Config map[string]string `json:"config"`
	// Resources are every registered resource except the root stack, sorted by URN.
	Resources []Resource `json:"resources"`
	// Outputs are the stack outputs the program returned, resolved.
	Outputs map[string]any `json:"outputs"`
}

// Resource is one resource the program registered.
type Resource struct {
	// URN is the resource's Pulumi URN, identical to what the program saw.
	URN string `json:"urn"`
	// Type is the type token, for example "aws:ec2/vpc:Vpc".
	Type string `json:"type"`
	// Name is the logical (Pulumi) name.
	Name string `json:"name"`
	// Custom is false for component resources.
	Custom bool `json:"custom"`
	// Parent is the parent's URN (the root stack's URN for top-level resources).
	Parent string `json:"parent"`
	// Inputs are the resource inputs as plain JSON values (see Secret and Unknown).
	Inputs map[string]any `json:"inputs"`
	// Dependencies are the URNs the resource depends on, sorted and de-duplicated.
	Dependencies []string `json:"dependencies"`
	// PropertyDependencies maps an input property to the URNs its value came
	// from; properties without dependencies are left out.
	PropertyDependencies map[string][]string `json:"propertyDependencies"`
	// Options are the resource options that matter to a review.
	Options Options `json:"options"`
	// Outputs are the mock outputs of a custom resource (its known inputs
	// and the computed attributes of mocks.go), the shape a real preview
	// passes to stack policies; components have none.
	Outputs map[string]any `json:"outputs,omitempty"`
}

// Options are the resource options recorded in a plan.
type Options struct {
	// Protect is the protect option.
	Protect bool `json:"protect"`
	// RetainOnDelete is the retainOnDelete option.
	RetainOnDelete bool `json:"retainOnDelete"`
	// IgnoreChanges lists the ignored properties, in the program's order.
	IgnoreChanges []string `json:"ignoreChanges"`
	// DeleteBeforeReplace is the deleteBeforeReplace option.
	DeleteBeforeReplace bool `json:"deleteBeforeReplace"`
}

// Unknown is the value that stands for a computed value the plan cannot know.
const Unknown = "[unknown]"

// secretMask is how a Secret prints in JSON.
const secretMask = "[secret]"

// Secret wraps a secret value: it prints as "[secret]" in JSON while the
// real value stays available in memory (for policy evaluation).
type Secret struct {
	// Value is the real, plain value.
	Value any
}

// MarshalJSON prints the mask, never the value.
func (Secret) MarshalJSON() ([]byte, error) { return json.Marshal(secretMask) }

// String prints the mask, so fmt never leaks the value either.
func (Secret) String() string { return secretMask }

// JSON renders the plan as indented JSON with sorted keys and a trailing
// newline; the output is byte-identical for identical plans.
func (p *Plan) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p.normalized()); err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return buf.Bytes(), nil
}

// normalized returns a shallow copy whose nil maps and slices are empty, so
// they print as {} and [] rather than null.
func (p *Plan) normalized() *Plan {
	q := *p
	q.Config = nonNilMap(q.Config)
	q.Outputs = nonNilMap(q.Outputs)
	if q.Resources == nil {
		q.Resources = []Resource{}
	}
	rs := make([]Resource, len(q.Resources))
	for i, r := range q.Resources {
		rs[i] = r.normalized()
	}
	q.Resources = rs
	return &q
}

func (r Resource) normalized() Resource {
	r.Inputs = nonNilMap(r.Inputs)
	r.PropertyDependencies = nonNilMap(r.PropertyDependencies)
	if r.Dependencies == nil {
		r.Dependencies = []string{}
	}
	if r.Options.IgnoreChanges == nil {
		r.Options.IgnoreChanges = []string{}
	}
	return r
}

func nonNilMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return m
}

// Find returns the resources of type typ (a full token such as
// "aws:s3/bucketV2:BucketV2"), in URN order.
func (p *Plan) Find(typ string) []Resource {
	var out []Resource
	for _, r := range p.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// ByName returns the first resource, in URN order, with logical name name.
// A component and a child may share a name; use Find to tell them apart.
func (p *Plan) ByName(name string) (Resource, bool) {
	for _, r := range p.Resources {
		if r.Name == name {
			return r, true
		}
	}
	return Resource{}, false
}

// Load reads a plan saved with `sce plan --format json`. Secret values read
// back as the string "[secret]": a saved plan never holds them.
func Load(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	return Decode(path, data)
}

// Decode is Load of data, the bytes read from the file at path (which the
// errors name): for a caller that also digests what it read.
func Decode(path string, data []byte) (*Plan, error) {
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%s: not a plan JSON file: %w", path, err)
	}
	if p.Version != Version {
		return nil, fmt.Errorf("%s: plan schema version %d, but this sce reads version %d: "+
			"write it again with `sce plan <stack> --format json --out %s`", path, p.Version, Version, path)
	}
	if err := p.checkResources(path); err != nil {
		return nil, err
	}
	return &p, nil
}

// checkResources refuses a loaded plan with a resource that has no URN or
// no type: the policies select resources by type, so such a resource would
// pass every rule unseen.
func (p *Plan) checkResources(path string) error {
	for i, r := range p.Resources {
		var missing []string
		if r.URN == "" {
			missing = append(missing, "urn")
		}
		if r.Type == "" {
			missing = append(missing, "type")
		}
		if len(missing) > 0 {
			return fmt.Errorf("%s: resources[%d] (name %q) has no %s: not a plan sce wrote; "+
				"write it again with `sce plan <stack> --format json --out %s`", path, i, r.Name, strings.Join(missing, " and no "), path)
		}
	}
	return nil
}
