package sce

import (
	"fmt"
	"github.com/sce-dev/sce/sce/internal/network"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
)

// sgRule is one security group rule, Name its logical name; exactly one of
// Cidr, SourceGroup and PrefixList is set.
type sgRule struct {
	Name        string
	Ingress     bool
	Port        int
	Cidr        string
	SourceGroup pulumi.StringInput
	PrefixList  pulumi.StringInput
	Description string
}

// securityGroup creates a security group with no inline rules (AWS's
// default allow-all egress is removed) and its rules as separate resources,
// which it returns so instances can wait for them.
func (b *builder) securityGroup(role cloudinit.Role, description string, rules []sgRule) (*ec2.SecurityGroup, []pulumi.Resource, error) {
	name := b.Names.Logical(string(role) + "-sg")
	sg, err := ec2.NewSecurityGroup(b.Ctx, name, &ec2.SecurityGroupArgs{
		Name: pulumi.String(name), Description: pulumi.String(description), VpcId: b.net.Vpc.ID(),
		RevokeRulesOnDelete: pulumi.Bool(true), Tags: b.Tags(name),
	}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s security group: %w", role, err)
	}
	created := make([]pulumi.Resource, 0, len(rules))
	for _, r := range rules {
		rule, err := b.sgRule(sg, r)
		if err != nil {
			return nil, nil, fmt.Errorf("security group rule %s: %w", r.Name, err)
		}
		created = append(created, rule)
	}
	return sg, created, nil
}

// sgRule creates one rule. Ingress and egress rules take the same arguments.
func (b *builder) sgRule(sg *ec2.SecurityGroup, r sgRule) (pulumi.Resource, error) {
	var cidr pulumi.StringPtrInput
	if r.Cidr != "" {
		cidr = pulumi.String(r.Cidr)
	}
	args := vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(r.Port), ToPort: pulumi.Int(r.Port),
		CidrIpv4: cidr, ReferencedSecurityGroupId: r.SourceGroup, PrefixListId: r.PrefixList,
		Description: pulumi.String(r.Description), Tags: b.Tags(r.Name),
	}
	if r.Ingress {
		return vpc.NewSecurityGroupIngressRule(b.Ctx, r.Name, &args, b.Opts()...)
	}
	egress := vpc.SecurityGroupEgressRuleArgs(args)
	return vpc.NewSecurityGroupEgressRule(b.Ctx, r.Name, &egress, b.Opts()...)
}

// bastionRules: SSH in only from the allowed client networks; out only SSH
// to the private subnets and HTTPS for updates, SSM and CloudWatch.
func (b *builder) bastionRules() []sgRule {
	var rules []sgRule
	for i, c := range b.args.Network.AllowedSSHCidrs {
		rules = append(rules, sgRule{Name: b.Names.Logical("bastion-ssh-in", i+1), Ingress: true, Port: 22, Cidr: c,
			Description: "SSH from allowed client network " + c})
	}
	for i, p := range b.layout.Private {
		rules = append(rules, sgRule{Name: b.indexed("bastion-ssh-to-private", i), Port: 22, Cidr: p.String(),
			Description: "SSH to the workers in private subnet " + p.String() + " (ProxyJump)"})
	}
	return append(rules, sgRule{Name: b.Names.Logical("bastion-https-out"), Port: 443, Cidr: network.Anywhere,
		Description: "HTTPS for package updates, Systems Manager and CloudWatch"})
}

// workerRules: SSH in only from the bastion's group; out only HTTPS (updates
// through the NAT gateway) and the S3 prefix list (the gateway endpoint).
func (b *builder) workerRules(bastion *ec2.SecurityGroup) []sgRule {
	return []sgRule{
		{Name: b.Names.Logical("worker-ssh-from-bastion"), Ingress: true, Port: 22, SourceGroup: bastion.ID(), Description: "SSH from the bastion only"},
		{Name: b.Names.Logical("worker-https-out"), Port: 443, Cidr: network.Anywhere, Description: "HTTPS for package updates, Systems Manager and CloudWatch (through the NAT gateway)"},
		{Name: b.Names.Logical("worker-s3-out"), Port: 443, PrefixList: b.net.S3Endpoint.PrefixListId, Description: "HTTPS to S3 through the project's gateway endpoint"},
	}
}
