package stacks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce"
)

// keyBaselineStack is the project config key that names the account's
// baseline stack.
const keyBaselineStack = "baselineStack"

// stackRefPattern is a Pulumi stack reference: stack, org/stack or
// org/project/stack.
var stackRefPattern = regexp.MustCompile(`^([A-Za-z0-9_.-]+/){0,2}[A-Za-z0-9_.-]+$`)

// baselineMarker is the output only a baseline stack has.
const baselineMarker = sce.OutputConfigRecorderManaged

// baselineExports maps the baseline outputs a project re-exports to the
// names it exports them under: close-out reads the archive from the project.
func baselineExports() map[string]string {
	return map[string]string{
		sce.OutputArchiveBucketName: sce.OutputArchiveBucketName,
		sce.OutputArchiveKeyArn:     sce.OutputArchiveKeyArn,
		sce.OutputAlertTopicArn:     sce.OutputBaselineAlertTopicArn,
	}
}

// readBaselineStack reads sce:baselineStack, which every project stack
// sets: the account's Config recorder, trail and archive live in that
// stack, and the project's Config rules fail without the recorder. Keys
// only a baseline reads are refused here.
func readBaselineStack(r *reader, pit string) string {
	refuseKeys(r, baselineKeys, "a baseline setting (sce:kind: baseline), but this is a project stack: "+
		"set it in the baseline's stack file")
	stack := r.str(keyBaselineStack)
	switch {
	case stack == "":
		r.fail(keyBaselineStack, "is required: the name of the account's baseline stack (sce:kind: baseline), "+
			"for example account; deploy that stack once before any project (docs/deploying.md)")
	case !stackRefPattern.MatchString(stack):
		r.fail(keyBaselineStack, "%q is not a stack name: use stack, org/stack or org/project/stack", stack)
	case stackName(stack) == r.ctx.Stack():
		r.fail(keyBaselineStack, "%q is this project's own stack: name the account's baseline stack", stack)
	case stackName(stack) == pit:
		r.fail("pit", "%q is also the name of the baseline stack (and, by default, of its resources): "+
			"the project's buckets, trail and key alias would clash with the baseline's; choose another PIT", pit)
	}
	return stack
}

// stackName is the last part of a stack reference.
func stackName(ref string) string { return ref[strings.LastIndexByte(ref, '/')+1:] }

// linkBaseline validates the project's arguments, then reads the baseline
// stack's outputs through a StackReference and returns the ones the project
// re-exports. A stack that is not a deployed baseline is an error on
// sce:baselineStack. Nothing is registered before it returns.
func linkBaseline(ctx *pulumi.Context, pit string, args sce.EnvironmentArgs, stack string) (pulumi.Map, error) {
	if err := sce.Validate(pit, args); err != nil {
		return nil, err
	}
	ref, err := pulumi.NewStackReference(ctx, stack, &pulumi.StackReferenceArgs{Name: pulumi.String(stack)})
	if err != nil {
		return nil, fmt.Errorf("%s:%s: reference stack %q: %w", sce.ConfigNamespace, keyBaselineStack, stack, err)
	}
	notBaseline := func(what string) error {
		return sce.ValidationErrors{{Key: sce.ConfigNamespace + ":" + keyBaselineStack, Message: fmt.Sprintf(
			"stack %q %s: name the account's baseline stack (sce:kind: baseline) and run `pulumi up -s %s` "+
				"before this project", stack, what, stackName(stack))}}
	}
	marker, err := ref.GetOutputDetails(baselineMarker)
	if err != nil {
		return nil, fmt.Errorf("%s:%s: read stack %q: %w", sce.ConfigNamespace, keyBaselineStack, stack, err)
	}
	if _, ok := marker.Value.(bool); !ok {
		return nil, notBaseline("is not a deployed baseline (it has no output " + baselineMarker + ")")
	}
	outs := pulumi.Map{keyBaselineStack: pulumi.String(stack)}
	for from, to := range baselineExports() {
		d, err := ref.GetOutputDetails(from)
		if err != nil {
			return nil, fmt.Errorf("%s:%s: read stack %q: %w", sce.ConfigNamespace, keyBaselineStack, stack, err)
		}
		v, ok := d.Value.(string)
		if !ok || v == "" {
			return nil, notBaseline("has no output " + from)
		}
		outs[to] = pulumi.String(v)
	}
	return outs, nil
}
