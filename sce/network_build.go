package sce

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/network"
)

// The builder steps below convert the public EnvironmentArgs into the
// narrow arguments of sce/internal/network.

// buildNetwork creates the dedicated-tenancy VPC, its subnets, gateways,
// routes, S3 endpoint and network ACLs.
func (b *builder) buildNetwork() (err error) {
	roles := make([]string, 0, len(BucketRoles()))
	for _, r := range BucketRoles() {
		roles = append(roles, string(r))
	}
	b.net, err = network.New(b.Scope, network.Args{
		Region: b.args.Region, VpcCidr: b.args.Network.VpcCidr, Zones: b.zones(), Layout: b.layout,
		AllowedSSHCidrs: b.args.Network.AllowedSSHCidrs, NoNAT: b.args.Suspended || b.args.Egress.Mode == EgressNone,
		Tenancy: b.vpcTenancy(), VpcTags: b.vpcTags(b.Names.Logical("vpc")), TierTags: b.tierTags,
		BucketRoles: roles,
	})
	return err
}

// buildFlowLogs records all VPC traffic to a log group and the logs bucket.
func (b *builder) buildFlowLogs() error {
	logs := b.buckets[BucketLogs]
	return network.FlowLogs(b.Scope, network.FlowLogArgs{
		VpcID: b.net.Vpc.ID(), KeyArn: b.key.Arn, RetentionDays: b.args.LogRetentionDays,
		LogsBucketArn: b.Names.BucketArn(string(BucketLogs)), LogsBucket: []pulumi.Resource{logs.bucket, logs.policy},
	})
}

// zones lists the configured availability zones in order.
func (b *builder) zones() []string {
	zones := []string{b.args.Network.AvailabilityZone}
	if z := b.args.Network.SecondAvailabilityZone; z != "" {
		zones = append(zones, z)
	}
	return zones
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

// buildEgress filters the VPC's DNS through the allowlist firewall when
// sce:egress is allowlist or none (none, which refuses sce:egressDomains,
// has only the base list and no NAT gateway, see buildNetwork); open adds
// nothing here.
func (b *builder) buildEgress() (err error) {
	if !b.args.Egress.filtersDNS() {
		return nil
	}
	logs := b.buckets[BucketLogs]
	b.egressFirewall, err = network.DNSFirewall(b.Scope, network.FirewallArgs{
		VpcID: b.net.Vpc.ID(), Region: b.args.Region, Domains: b.allowedDomains(),
		KeyArn: b.key.Arn, RetentionDays: b.args.LogRetentionDays, AlertTopicArn: b.alertTopic.Arn,
		LogsBucketArn: b.Names.BucketArn(string(BucketLogs)), LogsBucket: []pulumi.Resource{logs.bucket, logs.policy},
	})
	return err
}

// allowedDomains are the project's additions to the firewall's base list:
// with a warehouse, the region's Redshift names (its endpoint is resolved
// through the VPC's resolver like any other name), then sce:egressDomains.
func (b *builder) allowedDomains() []string {
	var d []string
	if b.args.Warehouse != nil {
		d = append(d, network.WarehouseDomain(b.args.Region))
	}
	return append(d, b.args.Egress.Domains...)
}
