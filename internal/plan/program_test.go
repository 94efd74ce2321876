package plan

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// demo is a test component resource.
type demo struct {
	pulumi.ResourceState
}

// demoProgram is a small program with what the engine must record: a
// component, children, an invoke, a secret, DependsOn, property
// dependencies and resource options.
func demoProgram(ctx *pulumi.Context) (pulumi.Map, error) {
	comp := &demo{}
	if err := ctx.RegisterComponentResource("test:index:Demo", "demo", comp); err != nil {
		return nil, err
	}
	id, err := aws.GetCallerIdentity(ctx, nil)
	if err != nil {
		return nil, err
	}
	vpc, err := ec2.NewVpc(ctx, "demo-vpc", &ec2.VpcArgs{
		CidrBlock:       pulumi.String("10.20.0.0/16"),
		InstanceTenancy: pulumi.String("dedicated"),
		Tags:            pulumi.StringMap{"sce:pit": pulumi.String("demo")},
	}, pulumi.Parent(comp))
	if err != nil {
		return nil, err
	}
	subnet, err := ec2.NewSubnet(ctx, "demo-private", &ec2.SubnetArgs{
		VpcId:     vpc.ID(),
		CidrBlock: pulumi.String("10.20.1.0/24"),
	}, pulumi.Parent(comp))
	if err != nil {
		return nil, err
	}
	bucket, err := s3.NewBucketV2(ctx, "demo-data", &s3.BucketV2Args{
		Bucket: pulumi.String("demo-data-" + id.AccountId + "-us-west-2"),
	}, pulumi.Parent(comp), pulumi.Protect(true), pulumi.RetainOnDelete(true))
	if err != nil {
		return nil, err
	}
	token, err := ssm.NewParameter(ctx, "demo-token", &ssm.ParameterArgs{
		Type:  pulumi.String("SecureString"),
		Value: pulumi.ToSecret(pulumi.String("hunter2")).(pulumi.StringOutput),
	}, pulumi.Parent(comp), pulumi.DependsOn([]pulumi.Resource{bucket, subnet}),
		pulumi.IgnoreChanges([]string{"value"}), pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{"vpcId": vpc.ID()}); err != nil {
		return nil, err
	}
	return pulumi.Map{
		"vpcId":     vpc.ID(),
		"vpcUrn":    vpc.URN(),
		"subnetUrn": subnet.URN(),
		"bucketArn": bucket.Arn,
		"token":     token.Value,
		"accountId": pulumi.String(id.AccountId),
		"cidrs":     pulumi.Array{vpc.CidrBlock, subnet.CidrBlock},
		"count":     pulumi.Int(3),
	}, nil
}
