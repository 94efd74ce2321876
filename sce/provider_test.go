package sce_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// A component asks the AWS provider its children use (pulumi.Provider, or
// the default provider of the stack's aws:region) for its region and account.
// The offline engine answers getRegion with an explicit provider's region
// input, so these tests tell which provider a lookup went through.

const (
	tProvider      = "pulumi:providers:aws"
	providerRegion = "eu-west-1"
)

// component builds one component with opts, the way a user's program would.
type component func(ctx *pulumi.Context, opts ...pulumi.ResourceOption) (pulumi.Map, error)

// environment is NewEnvironment(hipaa, args) as a component.
func environment(args sce.EnvironmentArgs) component {
	return func(ctx *pulumi.Context, opts ...pulumi.ResourceOption) (pulumi.Map, error) {
		env, err := sce.NewEnvironment(ctx, hipaaPIT, &args, opts...)
		if err != nil {
			return nil, err
		}
		return env.Outputs(), nil
	}
}

// baseline is NewBaseline(account, args) as a component.
func baseline(args sce.BaselineArgs) component {
	return func(ctx *pulumi.Context, opts ...pulumi.ResourceOption) (pulumi.Map, error) {
		bl, err := sce.NewBaseline(ctx, baselineStack, &args, opts...)
		if err != nil {
			return nil, err
		}
		return bl.Outputs(), nil
	}
}

// planOnProvider plans build in a stack whose aws:region is region. With
// explicit, build gets pulumi.Provider of an AWS provider for
// providerRegion. build's error is returned beside the plan instead of
// failing the run, so the plan shows what was registered before it.
func planOnProvider(t *testing.T, build component, explicit bool) (*plan.Plan, error) {
	t.Helper()
	var buildErr error
	p, err := plan.Run(context.Background(), plan.RunOptions{Stack: "regions", Config: map[string]string{"aws:region": region},
		Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
			var opts []pulumi.ResourceOption
			if explicit {
				eu, err := aws.NewProvider(ctx, "eu", &aws.ProviderArgs{Region: pulumi.String(providerRegion)})
				if err != nil {
					return nil, err
				}
				opts = append(opts, pulumi.Provider(eu))
			}
			outs, err := build(ctx, opts...)
			buildErr = err
			if err != nil {
				return pulumi.Map{}, nil // swallow the error to see what was registered
			}
			return outs, nil
		}})
	require.NoError(t, err)
	return p, buildErr
}

// regionMismatch is the error of a component whose Region is argRegion
// while its provider deploys to providerRegion.
func regionMismatch(argRegion, providerRegion string) string {
	return `aws:region: is "` + argRegion + `", but the AWS provider of this component deploys to ` + providerRegion +
		": names, ARNs and the S3 endpoint would not match where the resources land; " +
		"set the region (EnvironmentArgs.Region, BaselineArgs.Region) to the provider's"
}

// assertRefusedBeforeChildren checks that err is the region mismatch and
// that nothing but the component (and the explicit provider) was registered.
func assertRefusedBeforeChildren(t *testing.T, p *plan.Plan, err error, want string, types ...string) {
	t.Helper()
	var verrs sce.ValidationErrors
	require.True(t, errors.As(err, &verrs), "want ValidationErrors, got %v", err)
	require.Len(t, verrs, 1)
	assert.Equal(t, "aws:region", verrs[0].Key)
	assert.Equal(t, want, verrs[0].Error())
	assert.Equal(t, "invalid configuration:\n  "+want, err.Error())
	var got []string
	for _, r := range p.Resources {
		got = append(got, r.Type)
	}
	assert.ElementsMatch(t, types, got, "no child is registered before the region is checked")
}

// euArgs are hipaaArgs for the provider's region.
func euArgs() sce.EnvironmentArgs {
	args := hipaaArgs()
	args.Region = providerRegion
	args.Network.AvailabilityZone = providerRegion + "a"
	return args
}

func TestEnvironmentTakesTheRegionOfItsProvider(t *testing.T) {
	p, err := planOnProvider(t, environment(euArgs()), true)
	require.NoError(t, err, "stack region %s, provider and Region %s", region, providerRegion)
	assert.Equal(t, map[string]string{"aws:region": "us-west-2"}, p.Config)
	assert.Equal(t, providerRegion, res(t, p, tProvider, "eu").Inputs["region"])
	assert.Equal(t, "com.amazonaws.eu-west-1.s3", res(t, p, tEndpoint, "hipaa-s3-endpoint").Inputs["serviceName"])
	assert.Regexp(t, `^arn:aws:kms:eu-west-1:123456789012:key/`, p.Outputs[sce.OutputKmsKeyArn], "computed ARNs are in the provider's region")
	assert.Equal(t, "hipaa-data-in-123456789012-eu-west-1", res(t, p, tBucket, "hipaa-data-in").Inputs["bucket"])
	ssh := "arn:aws:logs:eu-west-1:123456789012:log-group:/sce/hipaa/ssh"
	assert.Equal(t, []any{ssh, ssh + ":log-stream:*"},
		statements(t, doc(t, res(t, p, tIAMPolicy, "hipaa-bastion-role-policy").Inputs["policy"]))["ShipSSHAndAuditLogs"]["Resource"])
	assert.Len(t, p.Find(sce.EnvironmentType), 1)
}

func TestEnvironmentRefusesARegionItsProviderDoesNotDeployTo(t *testing.T) {
	t.Run("explicit provider", func(t *testing.T) {
		p, err := planOnProvider(t, environment(hipaaArgs()), true)
		assertRefusedBeforeChildren(t, p, err, regionMismatch("us-west-2", providerRegion), sce.EnvironmentType, tProvider)
	})
	t.Run("default provider", func(t *testing.T) {
		p, err := planOnProvider(t, environment(euArgs()), false)
		assertRefusedBeforeChildren(t, p, err, regionMismatch(providerRegion, "us-west-2"), sce.EnvironmentType)
	})
}

func TestBaselineTakesTheRegionOfItsProvider(t *testing.T) {
	args := accountArgs()
	args.Region = providerRegion
	p, err := planOnProvider(t, baseline(args), true)
	require.NoError(t, err, "stack region %s, provider and Region %s", region, providerRegion)
	assert.Equal(t, "account-archive-123456789012-eu-west-1", p.Outputs[sce.OutputArchiveBucketName])
	st := statements(t, doc(t, res(t, p, tKey, "account-key").Inputs["policy"]))
	assert.Equal(t, "arn:aws:logs:eu-west-1:123456789012:log-group:/sce/account/*",
		st["CloudWatchLogsEncryptsBaselineLogGroups"]["Condition"].(map[string]any)["ArnLike"].(map[string]any)["kms:EncryptionContext:aws:logs:arn"])
	assert.Len(t, p.Find(sce.BaselineType), 1)
}

func TestBaselineRefusesARegionItsProviderDoesNotDeployTo(t *testing.T) {
	t.Run("explicit provider", func(t *testing.T) {
		p, err := planOnProvider(t, baseline(accountArgs()), true)
		assertRefusedBeforeChildren(t, p, err, regionMismatch("us-west-2", providerRegion), sce.BaselineType, tProvider)
	})
	t.Run("default provider", func(t *testing.T) {
		args := accountArgs()
		args.Region = providerRegion
		p, err := planOnProvider(t, baseline(args), false)
		assertRefusedBeforeChildren(t, p, err, regionMismatch(providerRegion, "us-west-2"), sce.BaselineType)
	})
}
