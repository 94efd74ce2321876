package stackfile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// refProgram stands in for a project and its baseline: a stack that sets
// test:ref reads that stack's outputs through a StackReference and uses
// one in a resource; any stack exports a bucket name and a secret.
func refProgram(ctx *pulumi.Context) (pulumi.Map, error) {
	outs := pulumi.Map{
		"bucket": pulumi.String(ctx.Stack() + "-archive"),
		"token":  pulumi.ToSecret(pulumi.String(ctx.Stack() + "-s3cr3t")),
	}
	ref, ok := ctx.GetConfig("test:ref")
	if !ok {
		return outs, nil
	}
	sr, err := pulumi.NewStackReference(ctx, ref, nil)
	if err != nil {
		return nil, err
	}
	d, err := sr.GetOutputDetails("bucket")
	if err != nil {
		return nil, err
	}
	secret, err := sr.GetOutputDetails("token")
	if err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketV2(ctx, "copy", &s3.BucketV2Args{Bucket: pulumi.String(d.Value.(string) + "-copy")}); err != nil {
		return nil, err
	}
	outs["fromRef"] = pulumi.String(d.Value.(string))
	outs["secretFromRef"] = pulumi.ToSecret(pulumi.String(secret.SecretValue.(string)))
	return outs, nil
}

// refStacks writes stack files (stack -> the stack it references, "" for
// none) into a temporary directory.
func refStacks(t *testing.T, refs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for stack, ref := range refs {
		yaml := "config:\n  aws:region: us-west-2\n"
		if ref != "" {
			yaml += "  test:ref: " + ref + "\n"
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), []byte(yaml), 0o600))
	}
	return dir
}

func TestPlanResolvesStackReferenceFromTheReferencedPlan(t *testing.T) {
	dir := refStacks(t, map[string]string{"base": "", "proj": "base"})
	base, err := Plan(context.Background(), dir, "base", refProgram, nil)
	require.NoError(t, err)
	p, err := Plan(context.Background(), dir, "proj", refProgram, nil)
	require.NoError(t, err)

	assert.Equal(t, base.Outputs["bucket"], p.Outputs["fromRef"])
	assert.Equal(t, "base-archive", p.Outputs["fromRef"])
	assert.Equal(t, plan.Secret{Value: "base-s3cr3t"}, p.Outputs["secretFromRef"], "a secret output stays secret")
	copyBucket, ok := p.ByName("copy")
	require.True(t, ok)
	assert.Equal(t, "base-archive-copy", copyBucket.Inputs["bucket"])
	for _, r := range p.Resources {
		assert.NotEqual(t, "pulumi:pulumi:StackReference", r.Type, "a read is not something the stack manages")
	}
}

func TestStackReferenceForms(t *testing.T) {
	for _, ref := range []string{"base", "acme/base", "acme/sce/base"} {
		t.Run(ref, func(t *testing.T) {
			dir := refStacks(t, map[string]string{"base": "", "proj": ref})
			p, err := Plan(context.Background(), dir, "proj", refProgram, nil)
			require.NoError(t, err)
			assert.Equal(t, "base-archive", p.Outputs["fromRef"])
		})
	}
}

func TestStackReferencePlansAreDeterministic(t *testing.T) {
	dir := refStacks(t, map[string]string{"base": "", "proj": "base"})
	a, err := Plan(context.Background(), dir, "proj", refProgram, nil)
	require.NoError(t, err)
	b, err := Plan(context.Background(), dir, "proj", refProgram, nil)
	require.NoError(t, err)
	aj, err := a.JSON()
	require.NoError(t, err)
	bj, err := b.JSON()
	require.NoError(t, err)
	assert.Equal(t, string(aj), string(bj))
}

func TestMissingReferencedStackIsLocatedOnItsKey(t *testing.T) {
	dir := refStacks(t, map[string]string{"proj": "nope"})
	_, err := Plan(context.Background(), dir, "proj", refProgram, nil)
	var cerrs ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	assert.Equal(t, ConfigErrors{{
		Path: filepath.Join(dir, "Pulumi.proj.yaml"), Line: 3, Key: "test:ref",
		Message: `names the stack "nope", which has no stack file ` + filepath.Join(dir, "Pulumi.nope.yaml") +
			` (stacks there: proj): write that stack's file, or name an existing stack`,
	}}, cerrs)
}

func TestReferencedStackConfigErrorsPointAtItsFile(t *testing.T) {
	dir := refStacks(t, map[string]string{"proj": "base"})
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.base.yaml"), []byte("config:\n  region: x\n"), 0o600))
	_, err := Plan(context.Background(), dir, "proj", refProgram, nil)
	var cerrs ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	require.Len(t, cerrs, 1)
	assert.Equal(t, filepath.Join(dir, "Pulumi.base.yaml"), cerrs[0].Path)
	assert.Equal(t, "region", cerrs[0].Key)
}

func TestStackReferenceCycleIsAnError(t *testing.T) {
	dir := refStacks(t, map[string]string{"a": "b", "b": "a"})
	_, err := Plan(context.Background(), dir, "a", refProgram, nil)
	var cerrs ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	require.Len(t, cerrs, 1)
	assert.Equal(t, "test:ref", cerrs[0].Key)
	assert.Contains(t, cerrs[0].Message, "stack reference cycle: a -> b -> a")
}

// A program that reports other config problems after a failed reference
// gets them all located, the reference's last.
func TestFailedReferenceKeepsTheProgramsOtherProblems(t *testing.T) {
	dir := refStacks(t, map[string]string{"proj": "nope"})
	program := func(ctx *pulumi.Context) (pulumi.Map, error) {
		outs, err := refProgram(ctx)
		if err != nil {
			return nil, errors.Join(err, sce.ValidationErrors{{Key: "aws:region", Message: "is not where the data may live"}})
		}
		return outs, nil
	}
	_, err := Plan(context.Background(), dir, "proj", program, nil)
	var cerrs ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	path := filepath.Join(dir, "Pulumi.proj.yaml")
	assert.Equal(t, ConfigErrors{
		{Path: path, Line: 2, Key: "aws:region", Message: "is not where the data may live"},
		{Path: path, Line: 3, Key: "test:ref", Message: `names the stack "nope", which has no stack file ` +
			filepath.Join(dir, "Pulumi.nope.yaml") + ` (stacks there: proj): write that stack's file, or name an existing stack`},
	}, cerrs)
}
