package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// buildGateways creates the internet gateway and the NAT gateway with its
// Elastic IP; both depend on the internet gateway, which AWS requires to be
// attached before a public NAT gateway can work. With NoNAT there is no NAT
// gateway: nothing in the private subnet reaches the internet.
func (b *builder) buildGateways() error {
	igwName := b.Names.Logical("igw")
	igw, err := ec2.NewInternetGateway(b.Ctx, igwName, &ec2.InternetGatewayArgs{
		VpcId: b.net.Vpc.ID(), Tags: b.Tags(igwName),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("internet gateway: %w", err)
	}
	b.net.Igw = igw
	if b.args.NoNAT {
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
		SubnetId:     b.net.Public[0].ID(),
		Tags:         b.Tags(natName),
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{igw}))...)
	if err != nil {
		return fmt.Errorf("nat gateway: %w", err)
	}
	b.net.NatEip, b.net.Nat = eip, nat
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
	if b.net.PublicRT, b.net.PublicRoute, err = b.routeTable("public", b.net.Public, &ec2.RouteArgs{GatewayId: b.net.Igw.ID()}); err != nil {
		return err
	}
	var natRoute *ec2.RouteArgs
	if b.net.Nat != nil {
		natRoute = &ec2.RouteArgs{NatGatewayId: b.net.Nat.ID()}
	}
	if b.net.PrivateRT, b.net.PrivateRoute, err = b.routeTable("private", b.net.Private, natRoute); err != nil {
		return err
	}
	_, err = ec2.NewMainRouteTableAssociation(b.Ctx, b.Names.Logical("main-rt"), &ec2.MainRouteTableAssociationArgs{
		VpcId: b.net.Vpc.ID(), RouteTableId: b.net.PrivateRT.ID(),
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
	rt, err := ec2.NewRouteTable(b.Ctx, name, &ec2.RouteTableArgs{VpcId: b.net.Vpc.ID(), Tags: b.args.TierTags(name, tier == "private")}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s route table: %w", tier, err)
	}
	var route *ec2.Route
	if def != nil {
		def.RouteTableId = rt.ID()
		def.DestinationCidrBlock = pulumi.String(Anywhere)
		if route, err = ec2.NewRoute(b.Ctx, b.Names.Logical(tier+"-default-route"), def, b.Opts()...); err != nil {
			return nil, nil, fmt.Errorf("%s default route: %w", tier, err)
		}
	}
	for i, s := range subnets {
		if _, err := ec2.NewRouteTableAssociation(b.Ctx, Indexed(b.Names, tier+"-rta", i), &ec2.RouteTableAssociationArgs{
			SubnetId: s.ID(), RouteTableId: rt.ID(),
		}, b.Opts()...); err != nil {
			return nil, nil, fmt.Errorf("%s route table association: %w", tier, err)
		}
	}
	return rt, route, nil
}
