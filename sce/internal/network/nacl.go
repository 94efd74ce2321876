package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Network ACL protocol numbers.
const (
	protocolAll = "-1"
	protocolTCP = "6"
)

// ephemeral port range of return traffic (Linux and the NAT gateway).
const (
	ephemeralFrom = 1024
	ephemeralTo   = 65535
)

// naclRule is one network ACL entry, in the order AWS evaluates them
// (lowest number first).
type naclRule struct {
	Name     string
	Number   int
	Egress   bool
	Protocol string
	Action   string
	Cidr     string
	FromPort int
	ToPort   int
}

// publicNACLRules: allow SSH from the allowed client blocks, everything from
// inside the VPC (the NAT gateway forwards private traffic) and TCP return
// traffic; all egress.
//
// The ACL denies no port of the return range (1024-65535) from anywhere, not
// even database or remote-administration ports (docs/deployment-facts.md#20):
// a network ACL is stateless, and the NAT gateway in this subnet uses every
// port of that range as the source port of the connections it translates,
// so a deny of, say, 3306 would drop the replies to every worker connection
// the gateway happened to give port 3306, and that connection would hang
// until it timed out. The security groups keep those ports closed (only the
// bastion's SSH is open from outside, and the policy pack's
// deny_sg_world_database_ports and AWS's restricted-common-ports rule check
// every group).
func publicNACLRules(vpcCidr string, sshCidrs []string) []naclRule {
	var rules []naclRule
	for i, c := range sshCidrs {
		rules = append(rules, naclRule{Name: fmt.Sprintf("ssh-%d", i+1), Number: 200 + i,
			Protocol: protocolTCP, Action: "allow", Cidr: c, FromPort: 22, ToPort: 22})
	}
	return append(rules,
		naclRule{Name: "vpc", Number: 400, Protocol: protocolAll, Action: "allow", Cidr: vpcCidr},
		naclRule{Name: "return", Number: 500, Protocol: protocolTCP, Action: "allow", Cidr: Anywhere,
			FromPort: ephemeralFrom, ToPort: ephemeralTo},
		naclRule{Name: "egress", Number: 100, Egress: true, Protocol: protocolAll, Action: "allow", Cidr: Anywhere},
	)
}

// privateNACLRules: inbound only from inside the VPC plus TCP return traffic
// (replies through the NAT gateway and the S3 endpoint); all egress.
func privateNACLRules(vpcCidr string) []naclRule {
	return []naclRule{
		{Name: "vpc", Number: 100, Protocol: protocolAll, Action: "allow", Cidr: vpcCidr},
		{Name: "return", Number: 200, Protocol: protocolTCP, Action: "allow", Cidr: Anywhere,
			FromPort: ephemeralFrom, ToPort: ephemeralTo},
		{Name: "egress", Number: 100, Egress: true, Protocol: protocolAll, Action: "allow", Cidr: Anywhere},
	}
}

// buildNetworkACLs creates one network ACL per tier, associated with that
// tier's subnets, with its rules as separate resources.
func (b *builder) buildNetworkACLs() error {
	if err := b.networkACL("public", b.net.Public, publicNACLRules(b.args.VpcCidr, b.args.AllowedSSHCidrs)); err != nil {
		return err
	}
	return b.networkACL("private", b.net.Private, privateNACLRules(b.args.VpcCidr))
}

// networkACL creates the network ACL of tier with rules, associated with subnets.
func (b *builder) networkACL(tier string, subnets []*ec2.Subnet, rules []naclRule) error {
	name := b.Names.Logical(tier + "-nacl")
	ids := pulumi.StringArray{}
	for _, s := range subnets {
		ids = append(ids, s.ID())
	}
	acl, err := ec2.NewNetworkAcl(b.Ctx, name, &ec2.NetworkAclArgs{VpcId: b.net.Vpc.ID(), SubnetIds: ids,
		Tags: b.args.TierTags(name, tier == "private")}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("%s network acl: %w", tier, err)
	}
	for _, r := range rules {
		direction := "in"
		if r.Egress {
			direction = "out"
		}
		if _, err := ec2.NewNetworkAclRule(b.Ctx, name+"-"+direction+"-"+r.Name, &ec2.NetworkAclRuleArgs{
			NetworkAclId: acl.ID(),
			RuleNumber:   pulumi.Int(r.Number),
			Egress:       pulumi.Bool(r.Egress),
			Protocol:     pulumi.String(r.Protocol),
			RuleAction:   pulumi.String(r.Action),
			CidrBlock:    pulumi.String(r.Cidr),
			FromPort:     pulumi.Int(r.FromPort),
			ToPort:       pulumi.Int(r.ToPort),
		}, b.Opts()...); err != nil {
			return fmt.Errorf("%s network acl rule %s: %w", tier, r.Name, err)
		}
	}
	return nil
}
