package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// providerAccount looks up, through the AWS provider the component's
// children use (an explicit pulumi.Provider option, or the default one),
// the region it deploys to and the account it deploys into. The component
// builds names, ARNs and service endpoints from region, so a region that is
// not the provider's is refused before any child is registered.
func providerAccount(ctx *pulumi.Context, component pulumi.Resource, region string) (*aws.GetCallerIdentityResult, error) {
	where, err := aws.GetRegion(ctx, nil, pulumi.Parent(component))
	if err != nil {
		return nil, fmt.Errorf("look up the AWS provider's region: %w", err)
	}
	if where.Name != region {
		return nil, ValidationErrors{{Key: "aws:region", Message: fmt.Sprintf(
			"is %q, but the AWS provider of this component deploys to %s: names, ARNs and the S3 endpoint would not match "+
				"where the resources land; set the region (EnvironmentArgs.Region, BaselineArgs.Region) to the provider's", region, where.Name)}}
	}
	identity, err := aws.GetCallerIdentity(ctx, nil, pulumi.Parent(component))
	if err != nil {
		return nil, fmt.Errorf("look up the AWS account: %w", err)
	}
	return identity, nil
}
