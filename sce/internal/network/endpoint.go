package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/patching"
)

// OSRepositoryBuckets are the AWS-owned regional buckets that package
// managers and agents read through the S3 gateway endpoint: Amazon Linux 2023
// and Amazon Linux 2 repositories, the SSM agent, Patch Manager's scripts and
// baseline snapshots (patching.Buckets), and the CloudWatch agent.
// Without them `dnf update` and patching fail inside the private subnet
// (docs/deployment-facts.md#11).
func OSRepositoryBuckets(region string) []string {
	patch, _ := patching.Buckets(region)
	return append([]string{
		"al2023-repos-" + region + "-de612dc2",
		"amazonlinux-2-repos-" + region,
		"amazon-ssm-" + region,
		"amazon-ssm-packages-" + region,
		"aws-ssm-" + region,
		region + "-birdwatcher-prod",
		"aws-ssm-distributor-file-" + region,
		"aws-ssm-document-attachments-" + region,
		"amazoncloudwatch-agent-" + region,
	}, patch...)
}

// buildS3Endpoint creates the S3 gateway endpoint on the private and the
// public route tables (the bastion, which has no public IP until its Elastic
// IP is associated, installs its packages through it at first boot).
// Its policy lets traffic from the VPC reach the project's buckets and the
// OS repository buckets, nothing else: every request to S3 in the region
// takes the endpoint, so none can reach another bucket there. (Workers keep
// HTTPS out through the NAT gateway for packages; that path is not an
// exfiltration control, see docs/known-limits.md.)
func (b *builder) buildS3Endpoint() error {
	policy, err := EndpointPolicy(b.Names, b.args.BucketRoles)
	if err != nil {
		return fmt.Errorf("s3 endpoint policy: %w", err)
	}
	name := b.Names.Logical("s3-endpoint")
	ep, err := ec2.NewVpcEndpoint(b.Ctx, name, &ec2.VpcEndpointArgs{
		VpcId:           b.net.Vpc.ID(),
		ServiceName:     pulumi.String(fmt.Sprintf("com.amazonaws.%s.s3", b.args.Region)),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   pulumi.StringArray{b.net.PrivateRT.ID(), b.net.PublicRT.ID()},
		Policy:          pulumi.String(policy),
		Tags:            b.Tags(name),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("s3 endpoint: %w", err)
	}
	b.net.S3Endpoint = ep
	return nil
}

// EndpointPolicy is the S3 gateway endpoint's policy: the buckets of the
// given roles and the OS repository buckets. Endpoint policies must
// name a principal; "*" here means any principal inside the VPC, still bound
// by its own IAM policy and the bucket policies.
func EndpointPolicy(n naming.Namer, bucketRoles []string) (string, error) {
	var project []string
	for _, r := range bucketRoles {
		project = append(project, n.BucketArn(r), n.BucketArn(r)+"/*")
	}
	var repos []string
	for _, bkt := range OSRepositoryBuckets(n.Region) {
		repos = append(repos, fmt.Sprintf("arn:%s:s3:::%s/*", n.Partition, bkt))
	}
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "ProjectBucketsOnly", Effect: iamdoc.Allow, Principal: "*", Action: "s3:*", Resource: project},
		iamdoc.Statement{Sid: "OperatingSystemRepositories", Effect: iamdoc.Allow, Principal: "*", Action: "s3:GetObject", Resource: repos},
	)
}
