// Package endpoints creates the interface VPC endpoints that carry a
// project's management traffic (Systems Manager, its message channels,
// CloudWatch Logs, and KMS where instances call it) inside the VPC, so patching, sessions and log
// shipping do not depend on the NAT gateway.
package endpoints

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Services are the services the instances themselves call, each reached
// through an interface endpoint: Systems Manager (registration, patching,
// inventory), its Session Manager channels, its Run Command messages, and
// CloudWatch Logs (the shipped system and SSH logs, and session logs).
// With withKMS also KMS: the Systems Manager agent decrypts an encrypted
// session's key with KMS itself, from the instance. Nothing else on an
// instance calls KMS (EBS, S3 and CloudWatch Logs encrypt on the service
// side), and none calls STS (the instance role's credentials come from the
// instance metadata service) or CloudWatch metrics (the CloudWatch agent
// ships logs only), so those get no endpoint.
func Services(withKMS bool) []string {
	s := []string{"ssm", "ssmmessages", "ec2messages", "logs"}
	if withKMS {
		s = append(s, "kms")
	}
	return s
}

// takesPolicy says whether the endpoint of svc gets endpointPolicy: Systems
// Manager, CloudWatch Logs and KMS accept endpoint policies (AWS's own
// examples and guides have them). The session channels (ssmmessages) and
// Run Command messages (ec2messages) keep AWS's default policy (full
// access), as AWS's guides give them no policy example.
func takesPolicy(svc string) bool { return svc == "ssm" || svc == "logs" || svc == "kms" }

// endpointPolicy is the policy of those endpoints: requests only by the
// account's own principals (or by AWS services), so that credentials of
// another account brought onto an instance cannot carry data out through
// the endpoint (a log group, a parameter or a key in that account). It
// limits who may use the endpoint, not what: the principals' own policies
// still decide that.
func endpointPolicy(account string) (string, error) {
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "OnlyThisAccountsPrincipals", Effect: iamdoc.Allow, Principal: "*", Action: "*", Resource: "*",
			Condition: iamdoc.Conditions{"StringEquals": {"aws:PrincipalAccount": account}}},
		iamdoc.Statement{Sid: "AWSServicePrincipals", Effect: iamdoc.Allow, Principal: "*", Action: "*", Resource: "*",
			Condition: iamdoc.Conditions{"Bool": {"aws:PrincipalIsAWSService": "true"}}},
	)
}

// ServiceName is the interface endpoint service name of svc in region.
func ServiceName(region, svc string) string { return fmt.Sprintf("com.amazonaws.%s.%s", region, svc) }

// Args are the inputs of Interface.
type Args struct {
	// Region is the region of the service names.
	Region string
	// VpcID is the project VPC.
	VpcID pulumi.StringInput
	// VpcCidr is the VPC's block, the only source the endpoints admit.
	VpcCidr string
	// SubnetIDs are the private subnets the endpoints' interfaces live in.
	SubnetIDs pulumi.StringArrayInput
	// KMS adds the KMS endpoint (see Services).
	KMS bool
}

// Interface creates a security group admitting HTTPS from the VPC only and
// one interface endpoint with private DNS per service of Services in the
// private subnets (with endpointPolicy where takesPolicy): with private
// DNS the services' regional names resolve to the endpoints inside the VPC,
// so the agents reach them without the NAT gateway (also while a suspended
// project has none).
func Interface(s scope.Scope, a Args) ([]*ec2.VpcEndpoint, error) {
	sg, err := securityGroup(s, a)
	if err != nil {
		return nil, err
	}
	policy, err := endpointPolicy(s.Names.Account)
	if err != nil {
		return nil, fmt.Errorf("endpoints: policy: %w", err)
	}
	var eps []*ec2.VpcEndpoint
	for _, svc := range Services(a.KMS) {
		name := s.Names.Logical(svc + "-endpoint")
		args := &ec2.VpcEndpointArgs{
			VpcId: a.VpcID, ServiceName: pulumi.String(ServiceName(a.Region, svc)),
			VpcEndpointType: pulumi.String("Interface"), PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds: a.SubnetIDs, SecurityGroupIds: pulumi.StringArray{sg.ID()}, Tags: s.Tags(name),
		}
		if takesPolicy(svc) {
			args.Policy = pulumi.String(policy)
		}
		ep, err := ec2.NewVpcEndpoint(s.Ctx, name, args, s.Opts()...)
		if err != nil {
			return nil, fmt.Errorf("endpoints: %s: %w", svc, err)
		}
		eps = append(eps, ep)
	}
	return eps, nil
}

// securityGroup creates the endpoints' group: HTTPS in from the VPC's
// block, nothing out (an endpoint answers, it never connects out).
func securityGroup(s scope.Scope, a Args) (*ec2.SecurityGroup, error) {
	name := s.Names.Logical("endpoints-sg")
	sg, err := ec2.NewSecurityGroup(s.Ctx, name, &ec2.SecurityGroupArgs{
		Name: pulumi.String(name), VpcId: a.VpcID, Tags: s.Tags(name),
		Description: pulumi.String("Interface endpoints of project " + s.Names.PIT + ": HTTPS from the VPC only"),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("endpoints: security group: %w", err)
	}
	rule := name + "-https-in"
	if _, err := vpc.NewSecurityGroupIngressRule(s.Ctx, rule, &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
		CidrIpv4: pulumi.String(a.VpcCidr), Description: pulumi.String("HTTPS from the project VPC " + a.VpcCidr), Tags: s.Tags(rule),
	}, s.Opts()...); err != nil {
		return nil, fmt.Errorf("endpoints: security group rule: %w", err)
	}
	return sg, nil
}
