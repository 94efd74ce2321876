package stackfile

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

const testStacks = "testdata/stacks"

// vpcProgram registers one VPC with the block sce:vpcCidr names.
func vpcProgram(ctx *pulumi.Context) (pulumi.Map, error) {
	cidr, _ := ctx.GetConfig("sce:vpcCidr")
	vpc, err := ec2.NewVpc(ctx, "vpc", &ec2.VpcArgs{CidrBlock: pulumi.String(cidr)})
	if err != nil {
		return nil, err
	}
	return pulumi.Map{"vpcId": vpc.ID()}, nil
}

// invalidProgram fails validation the way stacks.Build does.
func invalidProgram(*pulumi.Context) (pulumi.Map, error) {
	return nil, fmt.Errorf("build: %w", sce.ValidationErrors{
		{Key: "sce:allowedSshCidrs[1]", Message: "0.0.0.0/0 opens SSH to the world: list your networks"},
		{Key: "sce:vpcCidr", Message: "overlaps the baseline VPC: pick another /16"},
		{Key: "sce:owner", Message: "is required: set it to the accountable contact's e-mail"},
	})
}

func TestPlan(t *testing.T) {
	p, err := Plan(context.Background(), testStacks, "good", vpcProgram, testKnown)
	require.NoError(t, err)
	assert.Equal(t, "good", p.Stack)
	assert.Equal(t, "sce", p.Project)
	assert.Equal(t, "us-west-2", p.Config["aws:region"])
	assert.Equal(t, `["198.51.100.0/24","0.0.0.0/0"]`, p.Config["sce:allowedSshCidrs"])
	require.Len(t, p.Resources, 1)
	assert.Equal(t, "10.20.0.0/16", p.Resources[0].Inputs["cidrBlock"])
}

func TestPlanLocatesValidationErrors(t *testing.T) {
	p, err := Plan(context.Background(), testStacks, "good", invalidProgram, testKnown)
	assert.Nil(t, p)
	var cerrs ConfigErrors
	require.ErrorAs(t, err, &cerrs)
	path := filepath.Join(testStacks, "Pulumi.good.yaml")
	assert.Equal(t, ConfigErrors{
		{Path: path, Line: 8, Key: "sce:allowedSshCidrs[1]", Message: "0.0.0.0/0 opens SSH to the world: list your networks"},
		{Path: path, Line: 5, Key: "sce:vpcCidr", Message: "overlaps the baseline VPC: pick another /16"},
		{Path: path, Key: "sce:owner",
			Message: "missing from this file: is required: set it to the accountable contact's e-mail"},
	}, cerrs)
	assert.Equal(t, "testdata/stacks/Pulumi.good.yaml: sce:owner: missing from this file: is required: "+
		"set it to the accountable contact's e-mail", cerrs[2].Error())
}

func TestPlanErrors(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name, dir, stack string
		check            func(t *testing.T, err error)
	}{
		{"missing stack", testStacks, "nope", func(t *testing.T, err error) {
			var nf *NotFoundError
			require.ErrorAs(t, err, &nf)
			assert.Equal(t, []string{"bad", "good", "syntax"}, nf.Available)
			assert.EqualError(t, err, `no stack "nope": testdata/stacks/Pulumi.nope.yaml does not exist; `+
				`stacks there: bad, good, syntax`)
		}},
		{"empty directory", empty, "nope", func(t *testing.T, err error) {
			assert.EqualError(t, err, `no stack "nope": `+filepath.Join(empty, "Pulumi.nope.yaml")+
				" does not exist and the directory holds no Pulumi.<stack>.yaml files")
		}},
		{"missing directory", "testdata/none", "good", func(t *testing.T, err error) {
			var dirErr *DirError
			require.ErrorAs(t, err, &dirErr)
			assert.Equal(t, "testdata/none", dirErr.Dir)
			assert.ErrorIs(t, err, fs.ErrNotExist)
			assert.EqualError(t, err, "stacks directory: open testdata/none: no such file or directory "+
				"(run sce from the repository root, or pass --stacks)")
		}},
		{"bad name", testStacks, "../good", func(t *testing.T, err error) {
			var nameErr *NameError
			require.ErrorAs(t, err, &nameErr)
			assert.EqualError(t, err, `"../good" is not a stack name: use letters, digits, '-', '_' and '.'`)
		}},
		{"bad file", testStacks, "bad", func(t *testing.T, err error) {
			var cerrs ConfigErrors
			require.ErrorAs(t, err, &cerrs)
			assert.Len(t, cerrs, 5)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Plan(context.Background(), tt.dir, tt.stack, vpcProgram, testKnown)
			assert.Nil(t, p)
			require.Error(t, err)
			tt.check(t, err)
		})
	}
}

func TestList(t *testing.T) {
	got, err := List(testStacks)
	require.NoError(t, err)
	assert.Equal(t, []string{"bad", "good", "syntax"}, got)
}
