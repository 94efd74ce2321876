package plan

import (
	"context"
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Stack references resolved from stack files are tested in internal/stackfile.

func TestRunWithoutResolverRefusesStackReferences(t *testing.T) {
	readsBase := func(ctx *pulumi.Context) (pulumi.Map, error) {
		_, err := pulumi.NewStackReference(ctx, "base", nil)
		return nil, err
	}
	_, err := Run(context.Background(), RunOptions{Stack: "proj", Program: readsBase})
	var refErr *StackReferenceError
	require.ErrorAs(t, err, &refErr)
	assert.EqualError(t, err, `stack proj: stack reference "base": this run has no stack resolver: `+
		`plan the stack from its file (stackfile.Plan, as sce plan does), or set RunOptions.StackReferences`)
}

// The program's own error after a failed read is kept for the caller.
func TestFailedReferenceKeepsTheProgramError(t *testing.T) {
	programErr := errors.New("sce:owner: is required")
	readsBase := func(ctx *pulumi.Context) (pulumi.Map, error) {
		ref, err := pulumi.NewStackReference(ctx, "base", nil)
		if err != nil {
			return nil, err
		}
		if _, err := ref.GetOutputDetails("bucket"); err != nil {
			return nil, errors.Join(err, programErr)
		}
		return nil, nil
	}
	_, err := Run(context.Background(), RunOptions{Stack: "proj", Program: readsBase})
	var refErr *StackReferenceError
	require.ErrorAs(t, err, &refErr)
	assert.ErrorIs(t, refErr.ProgramErr, programErr)
	assert.EqualError(t, err, `stack proj: stack reference "base": this run has no stack resolver: `+
		`plan the stack from its file (stackfile.Plan, as sce plan does), or set RunOptions.StackReferences`,
		"the message is the reference's")
}

func TestPropertyValueInvertsPlainValue(t *testing.T) {
	in := map[string]any{
		"s": "x", "n": float64(3), "b": true, "list": []any{"a", float64(1)},
		"nested": map[string]any{"k": "v"}, "secret": Secret{Value: "p"}, "unknown": Unknown,
	}
	out, ok := plainValue(propertyValue(in))
	require.True(t, ok)
	assert.Equal(t, in, out)
	state := stackReferenceState("base", map[string]any{"a": "x", "t": Secret{Value: "y"}})
	assert.Equal(t, []any{"t"}, plainArray(state["secretOutputNames"].ArrayValue()))
	assert.Equal(t, "base", state["name"].StringValue())
}
