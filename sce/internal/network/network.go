// Package network builds a project's network: the dedicated-tenancy VPC, its
// public and private subnets, the internet and NAT gateways, the route
// tables, the S3 gateway endpoint, the network ACLs and the VPC flow logs.
package network

import (
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Anywhere is the IPv4 default route and "any address" block.
const Anywhere = "0.0.0.0/0"

// Args are the inputs of New.
type Args struct {
	// Region is the project's AWS region (the S3 endpoint's service name).
	Region string
	// VpcCidr is the VPC's IPv4 block.
	VpcCidr string
	// Zones are the availability zones in order; zone i holds the i-th
	// public and private subnet of Layout.
	Zones []string
	// Layout is where the subnets sit inside the VPC block.
	Layout Layout
	// AllowedSSHCidrs are the client blocks the public network ACL admits SSH from.
	AllowedSSHCidrs []string
	// NoNAT leaves out the NAT gateway, its address and the private default
	// route: a suspended project (they are billed by the hour) or one whose
	// egress mode is none.
	NoNAT bool
	// Tenancy is the VPC's default instance tenancy ("dedicated" or "default").
	Tenancy string
	// VpcTags are the VPC's tags.
	VpcTags pulumi.StringMap
	// TierTags returns the tags of a resource named name, in the private
	// tier when private is true.
	TierTags func(name string, private bool) pulumi.StringMap
	// BucketRoles are the roles of the project's buckets, which the S3
	// endpoint's policy lets traffic reach.
	BucketRoles []string
}

// Network holds the VPC resources other concerns refer to.
type Network struct {
	// Vpc is the project's VPC.
	Vpc *ec2.Vpc
	// Igw is the internet gateway.
	Igw *ec2.InternetGateway
	// Public are the public subnets, zone order.
	Public []*ec2.Subnet
	// Private are the private subnets, zone order.
	Private []*ec2.Subnet
	// NatEip is the NAT gateway's Elastic IP (nil without a NAT gateway).
	NatEip *ec2.Eip
	// Nat is the NAT gateway (nil while the project is suspended).
	Nat *ec2.NatGateway
	// PublicRT is the public route table.
	PublicRT *ec2.RouteTable
	// PrivateRT is the private route table, the VPC's main one.
	PrivateRT *ec2.RouteTable
	// PublicRoute is the public default route to the internet gateway.
	PublicRoute *ec2.Route
	// PrivateRoute is the private default route to the NAT gateway (nil
	// while the project is suspended).
	PrivateRoute *ec2.Route
	// S3Endpoint is the S3 gateway endpoint.
	S3Endpoint *ec2.VpcEndpoint
}

// builder carries one network's inputs and the resources made so far.
type builder struct {
	scope.Scope
	args Args
	net  *Network
}

// New creates the dedicated-tenancy VPC, its subnets, gateways, routes, S3
// endpoint and network ACLs.
func New(s scope.Scope, a Args) (*Network, error) {
	b := &builder{Scope: s, args: a, net: &Network{}}
	steps := []func() error{b.buildVpc, b.buildSubnets, b.buildGateways, b.buildRoutes, b.buildS3Endpoint, b.buildNetworkACLs}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("network: %w", err)
		}
	}
	return b.net, nil
}

// buildVpc creates the VPC (dedicated tenancy: no instance shares hardware
// with another AWS customer) and strips every rule from its default
// security group, so nothing placed in it by accident can talk.
func (b *builder) buildVpc() error {
	name := b.Names.Logical("vpc")
	vpc, err := ec2.NewVpc(b.Ctx, name, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(b.args.VpcCidr),
		InstanceTenancy:    pulumi.String(b.args.Tenancy),
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(true),
		Tags:               b.args.VpcTags,
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("vpc: %w", err)
	}
	b.net.Vpc = vpc
	sgName := b.Names.Logical("default-sg")
	_, err = ec2.NewDefaultSecurityGroup(b.Ctx, sgName, &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  b.Tags(sgName),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("default security group: %w", err)
	}
	return nil
}

// buildSubnets creates one public and one private subnet per zone. Only
// public subnets map public IPs on launch.
func (b *builder) buildSubnets() error {
	for i, zone := range b.args.Zones {
		pub, err := b.subnet(Indexed(b.Names, "public-subnet", i), zone, b.args.Layout.Public[i], true)
		if err != nil {
			return err
		}
		priv, err := b.subnet(Indexed(b.Names, "private-subnet", i), zone, b.args.Layout.Private[i], false)
		if err != nil {
			return err
		}
		b.net.Public = append(b.net.Public, pub)
		b.net.Private = append(b.net.Private, priv)
	}
	return nil
}

// subnet creates one subnet. No subnet, public or private, gives an
// instance a public IP on launch: the only public addresses are the Elastic
// IPs of the bastion and the NAT gateway, so nothing launched into a public
// subnet by mistake becomes reachable (SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED).
func (b *builder) subnet(name, zone string, cidr netip.Prefix, public bool) (*ec2.Subnet, error) {
	s, err := ec2.NewSubnet(b.Ctx, name, &ec2.SubnetArgs{
		VpcId:               b.net.Vpc.ID(),
		AvailabilityZone:    pulumi.String(zone),
		CidrBlock:           pulumi.String(cidr.String()),
		MapPublicIpOnLaunch: pulumi.Bool(false),
		Tags:                b.args.TierTags(name, !public),
	}, b.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("subnet %s: %w", name, err)
	}
	return s, nil
}

// Indexed names the i-th (0-based) of several resources: the first keeps
// the plain name, later ones get "-2", "-3", ...
func Indexed(n naming.Namer, role string, i int) string {
	if i == 0 {
		return n.Logical(role)
	}
	return n.Logical(role, i+1)
}

// SubnetIDs collects subnet IDs as one output.
func SubnetIDs(subnets []*ec2.Subnet) pulumi.StringArrayOutput {
	ids := pulumi.StringArray{}
	for _, s := range subnets {
		ids = append(ids, s.ID().ToStringOutput())
	}
	return ids.ToStringArrayOutput()
}
