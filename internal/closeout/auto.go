package closeout

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"

	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// AutoStack is a Stack driven by the Pulumi Automation API: it runs the
// Pulumi CLI in the project directory, with the stack's own backend and
// secrets provider. Only a real Pulumi installation exercises it.
type AutoStack struct {
	stack auto.Stack
}

// OpenStack selects an existing stack of the Pulumi project in workDir
// (the repository root, holding Pulumi.yaml).
func OpenStack(ctx context.Context, name, workDir string) (*AutoStack, error) {
	s, err := auto.SelectStackLocalSource(ctx, name, workDir)
	if err != nil {
		return nil, fmt.Errorf("select Pulumi stack %s in %s (is the Pulumi CLI installed and logged in?): %w", name, workDir, err)
	}
	return &AutoStack{stack: s}, nil
}

// Outputs implements Stack.
func (a *AutoStack) Outputs(ctx context.Context) (map[string]any, error) {
	outs, err := a.stack.Outputs(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]any, len(outs))
	for k, v := range outs {
		m[k] = v.Value
	}
	return m, nil
}

// Config implements Stack: the stack's config values, as Pulumi passes
// them to programs, decoded by the one decoder of stack config.
func (a *AutoStack) Config(ctx context.Context) (stacks.Config, error) {
	cfg, err := a.stack.GetAllConfig(ctx)
	if err != nil {
		return stacks.Config{}, err
	}
	m := make(map[string]string, len(cfg))
	for k, v := range cfg {
		m[k] = v.Value
	}
	return stacks.DecodeConfig(m)
}

// Resources implements Stack from the exported state.
func (a *AutoStack) Resources(ctx context.Context) ([]Resource, error) {
	dep, err := a.stack.Export(ctx)
	if err != nil {
		return nil, fmt.Errorf("export stack state: %w", err)
	}
	return deploymentResources(dep.Deployment)
}

// Unprotect implements Stack: it exports the state, clears every
// resource's protect flag, and imports it again (as `pulumi state
// unprotect --all` does).
func (a *AutoStack) Unprotect(ctx context.Context) (int, error) {
	dep, err := a.stack.Export(ctx)
	if err != nil {
		return 0, fmt.Errorf("export stack state: %w", err)
	}
	data, n, err := unprotectDeployment(dep.Deployment)
	if err != nil || n == 0 {
		return n, err
	}
	dep.Deployment = data
	if err := a.stack.Import(ctx, dep); err != nil {
		return 0, fmt.Errorf("import unprotected stack state: %w", err)
	}
	return n, nil
}

// Destroy implements Stack.
func (a *AutoStack) Destroy(ctx context.Context, w io.Writer) error {
	_, err := a.stack.Destroy(ctx, optdestroy.ProgressStreams(w), optdestroy.Message("sce closeout"))
	return err
}

// deploymentResources lists the resources of a deployment, with the flags
// Pulumi's state records (protect, retainOnDelete, custom) and whether the
// resource carries the tag sce:pit (in its inputs, or in the tagsAll the
// AWS provider records, default tags included).
func deploymentResources(raw json.RawMessage) ([]Resource, error) {
	var d struct {
		Resources []struct {
			URN                  string              `json:"urn"`
			Type                 string              `json:"type"`
			ID                   string              `json:"id"`
			Custom               bool                `json:"custom"`
			Protect              bool                `json:"protect"`
			RetainOnDelete       bool                `json:"retainOnDelete"`
			Created              string              `json:"created"`
			PropertyDependencies map[string][]string `json:"propertyDependencies"`
			Inputs               struct {
				Tags map[string]any `json:"tags"`
			} `json:"inputs"`
			Outputs struct {
				TagsAll map[string]any `json:"tagsAll"`
				Name    any            `json:"name"`
			} `json:"outputs"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("read stack state: %w", err)
	}
	out := make([]Resource, len(d.Resources))
	for i, r := range d.Resources {
		_, tagged := r.Inputs.Tags[sce.TagPIT]
		_, tagsAll := r.Outputs.TagsAll[sce.TagPIT]
		name, _ := r.Outputs.Name.(string)
		out[i] = Resource{URN: r.URN, Type: r.Type, ID: cmp.Or(r.ID, name), Protected: r.Protect, RetainOnDelete: r.RetainOnDelete,
			Custom: r.Custom, Tagged: tagged || tagsAll, Created: parseCreated(r.Created),
			PropertyDependencies: r.PropertyDependencies}
	}
	return out, nil
}

// unprotectDeployment clears "protect" on every resource of a deployment,
// keeping everything else as it was (numbers included), and says how many
// resources were protected.
func unprotectDeployment(raw json.RawMessage) (json.RawMessage, int, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var d map[string]any
	if err := dec.Decode(&d); err != nil {
		return nil, 0, fmt.Errorf("read stack state: %w", err)
	}
	resources, _ := d["resources"].([]any)
	n := 0
	for _, r := range resources {
		if m, ok := r.(map[string]any); ok && m["protect"] == true {
			delete(m, "protect")
			n++
		}
	}
	out, err := json.Marshal(d)
	if err != nil {
		return nil, 0, fmt.Errorf("write stack state: %w", err)
	}
	return out, n, nil
}
