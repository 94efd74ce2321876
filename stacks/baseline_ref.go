package stacks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/internal/pulumicmd"
	"github.com/sce-dev/sce/sce"
)

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

// checkBaselineStack checks sce:baselineStack, which every project stack
// sets: the account's Config recorder, trail and archive live in that
// stack, and the project's Config rules fail without the recorder. self is
// this stack's name, pit the project's.
func checkBaselineStack(stack, pit, self string) sce.ValidationErrors {
	problem := func(key, format string, a ...any) sce.ValidationErrors {
		return sce.ValidationErrors{{Key: key, Message: fmt.Sprintf(format, a...)}}
	}
	switch {
	case stack == "":
		return problem(keyBaselineStack, "is required: the name of the account's baseline stack (sce:kind: baseline), "+
			"for example account; deploy that stack once before any project (docs/deploying.md)")
	case !stackRefPattern.MatchString(stack):
		return problem(keyBaselineStack, "%q is not a stack name: use stack, org/stack or org/project/stack", stack)
	case stackName(stack) == self:
		return problem(keyBaselineStack, "%q is this project's own stack: name the account's baseline stack", stack)
	case stackName(stack) == pit:
		return problem(KeyPIT, "%q is also the name of the baseline stack (and, by default, of its resources): "+
			"the project's buckets, trail and key alias would clash with the baseline's; choose another PIT", pit)
	}
	return nil
}

// stackName is the last part of a stack reference.
func stackName(ref string) string { return ref[strings.LastIndexByte(ref, '/')+1:] }

// linkBaseline reads the baseline stack's outputs through a StackReference
// and returns the ones the project re-exports. A stack that is not a
// deployed baseline is an error on sce:baselineStack, a baseline in another
// region than the project's (region) an error on aws:region. The read
// creates nothing.
func linkBaseline(ctx *pulumi.Context, stack, region string) (pulumi.Map, error) {
	ref, err := pulumi.NewStackReference(ctx, stack, &pulumi.StackReferenceArgs{Name: pulumi.String(stack)})
	if err != nil {
		return nil, fmt.Errorf("%s: reference stack %q: %w", keyBaselineStack, stack, err)
	}
	notBaseline := func(what string) error {
		return sce.ValidationErrors{{Key: keyBaselineStack, Message: fmt.Sprintf(
			"stack %q %s: name the account's baseline stack (sce:kind: baseline) and deploy it (%s) "+
				"before this project", stack, what, pulumicmd.Deploy("sce", stackName(stack)))}}
	}
	marker, err := ref.GetOutputDetails(baselineMarker)
	if err != nil {
		return nil, fmt.Errorf("%s: read stack %q: %w", keyBaselineStack, stack, err)
	}
	if _, ok := marker.Value.(bool); !ok {
		if pit, err := ref.GetOutputDetails(sce.OutputPIT); err == nil && pit.Value != nil {
			return nil, sce.ValidationErrors{{Key: keyBaselineStack, Message: fmt.Sprintf(
				"stack %q is a research project's stack (it exports %s), not the account's baseline: name the "+
					"baseline stack (sce:kind: baseline) here", stack, sce.OutputPIT)}}
		}
		return nil, notBaseline("is not a deployed baseline (it has no output " + baselineMarker + ")")
	}
	outs := pulumi.Map{"baselineStack": pulumi.String(stack)}
	for from, to := range baselineExports() {
		d, err := ref.GetOutputDetails(from)
		if err != nil {
			return nil, fmt.Errorf("%s: read stack %q: %w", keyBaselineStack, stack, err)
		}
		v, ok := d.Value.(string)
		if !ok || v == "" {
			return nil, notBaseline("has no output " + from)
		}
		outs[to] = pulumi.String(v)
	}
	if theirs := arnRegion(ref, sce.OutputKeyArn); theirs != "" && region != "" && theirs != region {
		return nil, sce.ValidationErrors{{Key: KeyRegion, Message: fmt.Sprintf("%q is not the region of the baseline stack %s "+
			"(%s, the region of its key): a baseline's AWS Config recorder and regional controls cover its own region only; "+
			"deploy this project in %s, or deploy a baseline stack for %s and name it in sce:baselineStack",
			region, stackName(stack), theirs, theirs, region)}}
	}
	return outs, nil
}

// arnRegion is the region field of the ARN the referenced stack exports as
// output, or "" when it exports no such ARN.
func arnRegion(ref *pulumi.StackReference, output string) string {
	d, err := ref.GetOutputDetails(output)
	if err != nil {
		return ""
	}
	arn, _ := d.Value.(string)
	if parts := strings.SplitN(arn, ":", 5); len(parts) == 5 && parts[0] == "arn" {
		return parts[3]
	}
	return ""
}
