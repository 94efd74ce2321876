package compute

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Rule is one TCP security group rule; exactly one of Cidr, SourceGroup
// and PrefixList is set.
type Rule struct {
	// Name is the rule's logical name.
	Name string
	// Ingress is true for an inbound rule, false for an outbound one.
	Ingress bool
	// Port is the TCP port.
	Port int
	// Cidr is the peer network.
	Cidr string
	// SourceGroup is the peer security group.
	SourceGroup pulumi.StringInput
	// PrefixList is the peer prefix list.
	PrefixList pulumi.StringInput
	// Description says why the rule exists.
	Description string
}

// SecurityGroup creates the security group <pit>-<role>-sg in vpcID with no
// inline rules (AWS's default allow-all egress is removed) and its rules as
// separate resources, which it returns so instances can wait for them.
func SecurityGroup(b scope.Scope, vpcID pulumi.StringInput, role cloudinit.Role, description string, rules []Rule) (*ec2.SecurityGroup, []pulumi.Resource, error) {
	name := b.Names.Logical(string(role) + "-sg")
	sg, err := ec2.NewSecurityGroup(b.Ctx, name, &ec2.SecurityGroupArgs{
		Name: pulumi.String(name), Description: pulumi.String(description), VpcId: vpcID,
		RevokeRulesOnDelete: pulumi.Bool(true), Tags: b.Tags(name),
	}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s security group: %w", role, err)
	}
	created := make([]pulumi.Resource, 0, len(rules))
	for _, r := range rules {
		rule, err := NewRule(b, sg, r)
		if err != nil {
			return nil, nil, fmt.Errorf("security group rule %s: %w", r.Name, err)
		}
		created = append(created, rule)
	}
	return sg, created, nil
}

// NewRule creates one rule of sg. Ingress and egress rules take the same
// arguments.
func NewRule(b scope.Scope, sg *ec2.SecurityGroup, r Rule) (pulumi.Resource, error) {
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
func (b *builder) bastionRules() []Rule {
	var rules []Rule
	for i, c := range b.a.Net.AllowedSSHCidrs {
		rules = append(rules, Rule{Name: b.Names.Logical("bastion-ssh-in", i+1), Ingress: true, Port: 22, Cidr: c,
			Description: "SSH from allowed client network " + c})
	}
	for i, p := range b.a.Net.PrivateCidrs {
		rules = append(rules, Rule{Name: b.indexed("bastion-ssh-to-private", i), Port: 22, Cidr: p,
			Description: "SSH to the workers in private subnet " + p + " (ProxyJump)"})
	}
	return append(rules, Rule{Name: b.Names.Logical("bastion-https-out"), Port: 443, Cidr: anywhere,
		Description: "HTTPS for package updates, Systems Manager and CloudWatch"})
}

// workerRules: SSH in only from the bastion's group (nothing in without a
// bastion: Session Manager's channel is opened by the agent, outbound);
// out only HTTPS (updates through the NAT gateway) and the S3 prefix list
// (the gateway endpoint).
func (b *builder) workerRules(bastion *ec2.SecurityGroup) []Rule {
	var rules []Rule
	if bastion != nil {
		rules = append(rules, Rule{Name: b.Names.Logical("worker-ssh-from-bastion"), Ingress: true, Port: 22, SourceGroup: bastion.ID(), Description: "SSH from the bastion only"})
	}
	return append(rules, []Rule{
		{Name: b.Names.Logical("worker-https-out"), Port: 443, Cidr: anywhere, Description: "HTTPS for package updates, Systems Manager and CloudWatch (through the NAT gateway)"},
		{Name: b.Names.Logical("worker-s3-out"), Port: 443, PrefixList: b.a.Net.S3Endpoint.PrefixListId, Description: "HTTPS to S3 through the project's gateway endpoint"},
	}...)
}

// indexed names the i-th (0-based) of several resources: the first keeps the
// plain name, later ones get "-2", "-3", ...
func (b *builder) indexed(role string, i int) string {
	if i == 0 {
		return b.Names.Logical(role)
	}
	return b.Names.Logical(role, i+1)
}
