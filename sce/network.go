package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// network holds the VPC resources other concerns refer to.
type network struct {
	vpc       *ec2.Vpc
	igw       *ec2.InternetGateway
	public    []*ec2.Subnet
	private   []*ec2.Subnet
	natEip    *ec2.Eip
	nat       *ec2.NatGateway
	publicRT  *ec2.RouteTable
	privateRT *ec2.RouteTable
	// publicRoute and privateRoute are the default routes (privateRoute is
	// nil while the project is suspended).
	publicRoute  *ec2.Route
	privateRoute *ec2.Route
	s3Endpoint   *ec2.VpcEndpoint
}

// anywhere is the IPv4 default route and "any address" block.
const anywhere = "0.0.0.0/0"

// buildNetwork creates the dedicated-tenancy VPC, its subnets, gateways,
// routes, S3 endpoint and network ACLs.
func (b *builder) buildNetwork() error {
	steps := []func() error{b.buildVpc, b.buildSubnets, b.buildGateways, b.buildRoutes, b.buildS3Endpoint, b.buildNetworkACLs}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("network: %w", err)
		}
	}
	return nil
}

// buildVpc creates the VPC (dedicated tenancy: no instance shares hardware
// with another AWS customer) and strips every rule from its default
// security group, so nothing placed in it by accident can talk.
func (b *builder) buildVpc() error {
	name := b.Names.Logical("vpc")
	vpc, err := ec2.NewVpc(b.Ctx, name, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(b.args.Network.VpcCidr),
		InstanceTenancy:    pulumi.String(b.vpcTenancy()),
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(true),
		Tags:               b.vpcTags(name),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("vpc: %w", err)
	}
	b.net.vpc = vpc
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
	zones := b.zones()
	for i, zone := range zones {
		pub, err := b.subnet(b.indexed("public-subnet", i), zone, b.layout.Public[i].String(), true)
		if err != nil {
			return err
		}
		priv, err := b.subnet(b.indexed("private-subnet", i), zone, b.layout.Private[i].String(), false)
		if err != nil {
			return err
		}
		b.net.public = append(b.net.public, pub)
		b.net.private = append(b.net.private, priv)
	}
	return nil
}

// subnet creates one subnet. No subnet, public or private, gives an
// instance a public IP on launch: the only public addresses are the Elastic
// IPs of the bastion and the NAT gateway, so nothing launched into a public
// subnet by mistake becomes reachable (SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED).
func (b *builder) subnet(name, zone, cidr string, public bool) (*ec2.Subnet, error) {
	s, err := ec2.NewSubnet(b.Ctx, name, &ec2.SubnetArgs{
		VpcId:               b.net.vpc.ID(),
		AvailabilityZone:    pulumi.String(zone),
		CidrBlock:           pulumi.String(cidr),
		MapPublicIpOnLaunch: pulumi.Bool(false),
		Tags:                b.tierTags(name, !public),
	}, b.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("subnet %s: %w", name, err)
	}
	return s, nil
}

// zones lists the configured availability zones in order.
func (b *builder) zones() []string {
	zones := []string{b.args.Network.AvailabilityZone}
	if z := b.args.Network.SecondAvailabilityZone; z != "" {
		zones = append(zones, z)
	}
	return zones
}

// indexed names the i-th (0-based) of several resources: the first keeps the
// plain name, later ones get "-2", "-3", ...
func (b *builder) indexed(role string, i int) string {
	if i == 0 {
		return b.Names.Logical(role)
	}
	return b.Names.Logical(role, i+1)
}

// buildGateways creates the internet gateway and the NAT gateway with its
// Elastic IP; both depend on the internet gateway, which AWS requires to be
// attached before a public NAT gateway can work. A suspended project has no
// NAT gateway (it is billed by the hour).
func (b *builder) buildGateways() error {
	igwName := b.Names.Logical("igw")
	igw, err := ec2.NewInternetGateway(b.Ctx, igwName, &ec2.InternetGatewayArgs{
		VpcId: b.net.vpc.ID(), Tags: b.Tags(igwName),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("internet gateway: %w", err)
	}
	b.net.igw = igw
	if b.args.Suspended {
		return nil // no NAT gateway, no address: nothing in the private subnet reaches out
	}
	eipName := b.Names.Logical("nat-eip")
	eip, err := ec2.NewEip(b.Ctx, eipName, &ec2.EipArgs{
		Domain: pulumi.String("vpc"), Tags: b.Tags(eipName),
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{igw}))...)
	if err != nil {
		return fmt.Errorf("nat eip: %w", err)
	}
	natName := b.Names.Logical("nat")
	nat, err := ec2.NewNatGateway(b.Ctx, natName, &ec2.NatGatewayArgs{
		AllocationId: eip.AllocationId,
		SubnetId:     b.net.public[0].ID(),
		Tags:         b.Tags(natName),
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{igw}))...)
	if err != nil {
		return fmt.Errorf("nat gateway: %w", err)
	}
	b.net.natEip, b.net.nat = eip, nat
	return nil
}

// buildRoutes creates the public route table (default route to the internet
// gateway) and the private one (default route to the NAT gateway), and makes
// the private one the VPC's main route table, so a subnet nobody associated
// is private. Routes are separate resources, never inline: an inline route
// list would remove the S3 endpoint's route on the next update, and an
// endpoint added to the table leaves the NAT route in place.
func (b *builder) buildRoutes() error {
	var err error
	if b.net.publicRT, b.net.publicRoute, err = b.routeTable("public", b.net.public, &ec2.RouteArgs{GatewayId: b.net.igw.ID()}); err != nil {
		return err
	}
	var natRoute *ec2.RouteArgs
	if b.net.nat != nil {
		natRoute = &ec2.RouteArgs{NatGatewayId: b.net.nat.ID()}
	}
	if b.net.privateRT, b.net.privateRoute, err = b.routeTable("private", b.net.private, natRoute); err != nil {
		return err
	}
	_, err = ec2.NewMainRouteTableAssociation(b.Ctx, b.Names.Logical("main-rt"), &ec2.MainRouteTableAssociationArgs{
		VpcId: b.net.vpc.ID(), RouteTableId: b.net.privateRT.ID(),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("main route table: %w", err)
	}
	return nil
}

// routeTable creates a route table for tier with its default route (target
// set in def; nil for none, as in a suspended project's private table) and
// associates it with subnets.
func (b *builder) routeTable(tier string, subnets []*ec2.Subnet, def *ec2.RouteArgs) (*ec2.RouteTable, *ec2.Route, error) {
	name := b.Names.Logical(tier + "-rt")
	rt, err := ec2.NewRouteTable(b.Ctx, name, &ec2.RouteTableArgs{VpcId: b.net.vpc.ID(), Tags: b.tierTags(name, tier == "private")}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s route table: %w", tier, err)
	}
	var route *ec2.Route
	if def != nil {
		def.RouteTableId = rt.ID()
		def.DestinationCidrBlock = pulumi.String(anywhere)
		if route, err = ec2.NewRoute(b.Ctx, b.Names.Logical(tier+"-default-route"), def, b.Opts()...); err != nil {
			return nil, nil, fmt.Errorf("%s default route: %w", tier, err)
		}
	}
	for i, s := range subnets {
		if _, err := ec2.NewRouteTableAssociation(b.Ctx, b.indexed(tier+"-rta", i), &ec2.RouteTableAssociationArgs{
			SubnetId: s.ID(), RouteTableId: rt.ID(),
		}, b.Opts()...); err != nil {
			return nil, nil, fmt.Errorf("%s route table association: %w", tier, err)
		}
	}
	return rt, route, nil
}

// subnetIDs collects subnet IDs as one output.
func subnetIDs(subnets []*ec2.Subnet) pulumi.StringArrayOutput {
	ids := pulumi.StringArray{}
	for _, s := range subnets {
		ids = append(ids, s.ID().ToStringOutput())
	}
	return ids.ToStringArrayOutput()
}

// vpcTenancy is the VPC's default instance tenancy: "dedicated", except in
// a project with a warehouse, because Amazon Redshift does not launch into
// dedicated-tenancy VPCs; there every sce instance still asks for
// dedicated tenancy itself (the policy pack checks each one).
func (b *builder) vpcTenancy() string {
	if b.args.Warehouse != nil {
		return "default"
	}
	return "dedicated"
}

// vpcTags are the VPC's tags; a project with a warehouse also carries
// TagWarehouse, which says why its default tenancy is not dedicated.
func (b *builder) vpcTags(name string) pulumi.StringMap {
	if b.args.Warehouse == nil {
		return b.Tags(name)
	}
	return projectTags(b.args, b.pit).Of(name, map[string]string{TagWarehouse: "redshift"})
}
