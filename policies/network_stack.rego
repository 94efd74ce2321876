package sce_hipaa

import rego.v1

# network_stack.rego: what the network's resources show only together: flow
# logs and the default security group per VPC, routes to the internet only
# from the public subnet, and the order of the NAT gateway.

# METADATA
# title: Every VPC has a flow log of all traffic
# description: Each VPC is covered by a flow log (trafficType ALL), the network's audit trail.
# custom:
#   message: Add an aws.ec2.FlowLog with vpcId the VPC and trafficType ALL.
#   control: Network audit
#   hipaa: ["164.312(b)"]
#   findings: ["4.6"]
#   types:
#     - aws:ec2/vpc:Vpc
#     - aws:ec2/flowLog:FlowLog
stack_deny_vpc_flow_logs contains msg if {
	some v in vpcs
	not flow_logged(v)
	msg := sprintf("VPC '%s' has no flow log capturing ALL traffic", [v.__name])
}

flow_logged(v) if {
	some f in of_types({"aws:ec2/flowLog:FlowLog"})
	refers(f, "vpcId", v)
	not_rejecting_only(f)
}

# not_rejecting_only(f) holds for a flow log of all traffic (or a type not known yet).
not_rejecting_only(f) if f.trafficType == "ALL"

not_rejecting_only(f) if unknown(f.trafficType)

# METADATA
# title: Every VPC's default security group is adopted and closed
# description: >-
#   AWS creates each VPC with a default security group that allows all traffic
#   between its members and all egress. The stack adopts it (DefaultSecurityGroup)
#   to remove those rules.
# custom:
#   message: Add an aws.ec2.DefaultSecurityGroup with vpcId the VPC and no ingress or egress.
#   control: Least-privilege network access
#   hipaa: ["164.312(a)(1)"]
#   findings: ["3.6", "4.3"]
#   types:
#     - aws:ec2/vpc:Vpc
#     - aws:ec2/defaultSecurityGroup:DefaultSecurityGroup
stack_deny_vpc_default_sg contains msg if {
	some v in vpcs
	not default_sg_adopted(v)
	msg := sprintf("VPC '%s' leaves its default security group unmanaged, with AWS's allow rules", [v.__name])
}

default_sg_adopted(v) if {
	some g in of_types({"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"})
	refers(g, "vpcId", v)
}

# METADATA
# title: The VPC's main route table is set explicitly
# description: >-
#   The main route table decides where a subnet without its own association
#   routes. sce makes the private (NAT) table the main one, so nothing new is
#   accidentally public (docs/deployment-facts.md#13).
# custom:
#   message: Add an aws.ec2.MainRouteTableAssociation of the VPC with its private route table.
#   control: Private by default
#   hipaa: ["164.312(a)(1)"]
#   findings: ["4.2"]
#   types:
#     - aws:ec2/vpc:Vpc
#     - aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation
stack_deny_vpc_main_route_table contains msg if {
	some v in vpcs
	not main_table_set(v)
	msg := sprintf("VPC '%s' keeps AWS's main route table: associate its private route table as the main one", [v.__name])
}

main_table_set(v) if {
	some a in main_associations
	refers(a, "vpcId", v)
}

# METADATA
# title: Only the public subnet routes to the internet gateway
# description: >-
#   A route to the internet gateway in the main route table, or in a route
#   table of a private subnet, exposes the PHI workers to the internet.
# custom:
#   message: Route private subnets (and the main route table) to the NAT gateway, never to the internet gateway.
#   control: Private by default
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["4.2"]
#   types:
#     - aws:ec2/route:Route
#     - aws:ec2/routeTable:RouteTable
#     - aws:ec2/subnet:Subnet
stack_deny_vpc_igw_route_private contains msg if {
	some rt in route_tables
	igw_route(rt)
	some why in private_table_reasons(rt)
	msg := sprintf("Route table '%s' routes to the internet gateway but %s", [rt.__name, why])
}

# private_table_reasons(rt) say why route table rt must stay private.
private_table_reasons(rt) := ({why |
	main_table(rt)
	why := "is the VPC's main route table"
} | {why |
	tagged(rt, private_tag)
	why := sprintf("is tagged %s", [private_tag])
}) | {why |
	some s in subnets
	tagged(s, private_tag)
	rt in subnet_tables(s)
	why := sprintf("serves private subnet '%s'", [s.__name])
}

# METADATA
# title: Only public subnets assign public IPs
# description: >-
#   A subnet that does not route to the internet gateway is private; it must
#   not give instances a public IP address on launch.
# custom:
#   message: Set mapPublicIpOnLaunch to false on the subnet.
#   control: Private by default
#   hipaa: ["164.312(a)(1)"]
#   findings: ["3.3", "4.2"]
#   types:
#     - aws:ec2/subnet:Subnet
stack_deny_vpc_subnet_public_ip contains msg if {
	some s in subnets
	s.mapPublicIpOnLaunch == true
	not public_subnet(s)
	msg := sprintf("Subnet '%s' assigns public IPs on launch but is private (no route to an internet gateway)", [s.__name])
}

# METADATA
# title: The NAT gateway waits for the internet gateway
# description: >-
#   A public NAT gateway created before the VPC's internet gateway fails or
#   comes up without a path out; it depends on the gateway explicitly.
# custom:
#   message: Add the aws.ec2.InternetGateway to the NAT gateway's (and its EIP's) dependsOn.
#   control: Private by default
#   hipaa: ["164.312(a)(1)"]
#   findings: ["4.2"]
#   types:
#     - aws:ec2/natGateway:NatGateway
#     - aws:ec2/internetGateway:InternetGateway
stack_deny_vpc_nat_igw contains msg if {
	count(internet_gateways) > 0
	some n in of_types({"aws:ec2/natGateway:NatGateway"})
	not n.connectivityType == "private"
	not depends_on_igw(n)
	msg := sprintf("NAT gateway '%s' does not depend on the internet gateway", [n.__name])
}

depends_on_igw(r) if {
	some igw in internet_gateways
	igw.__urn in deps(r)
}

# METADATA
# title: A VPC claiming the warehouse exception holds the warehouse, and only dedicated instances
# description: >-
#   AWS does not launch Amazon Redshift into a dedicated-tenancy VPC, so the
#   VPC of a project with a warehouse keeps default tenancy and says why with
#   the tag sce:warehouse=redshift, which deny_vpc_dedicated_tenancy accepts.
#   A tag proves nothing: this rule holds the claim against the stack. A
#   Redshift cluster must be in the VPC (its subnet group's subnets are the
#   VPC's), and every instance in the VPC must ask for dedicated tenancy
#   itself, whatever level deny_ec2_instance_dedicated_tenancy is set to.
# custom:
#   message: >-
#     Set the VPC's instanceTenancy to "dedicated" and drop the tag; keep default tenancy only for a
#     Redshift warehouse, with the cluster's subnet group in the VPC and tenancy "dedicated" on every instance.
#   control: Isolated network
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   findings: ["4.2"]
#   types:
#     - aws:ec2/vpc:Vpc
#     - aws:redshift/cluster:Cluster
#     - aws:redshift/subnetGroup:SubnetGroup
#     - aws:ec2/subnet:Subnet
#     - aws:ec2/instance:Instance
stack_deny_vpc_tenancy_exception contains msg if {
	some v in tenancy_exceptions
	not warehouse_in(v)
	msg := sprintf("VPC '%s' has instance tenancy %s for a Redshift warehouse (tag sce:warehouse) but holds no Redshift cluster", [v.__name, vpc_tenancy(v)])
}

stack_deny_vpc_tenancy_exception contains msg if {
	some v in tenancy_exceptions
	some i in instances
	some s in subnets
	instance_subnet(i, s)
	subnet_vpc(s, v)
	unset_or_not(i, "tenancy", {"dedicated", "host"})
	msg := sprintf("Instance '%s' has tenancy %s in VPC '%s' of instance tenancy %s: it must ask for dedicated tenancy itself", [i.__name, text(tenancy_of(i)), v.__name, vpc_tenancy(v)])
}

# tenancy_exceptions are the VPCs without dedicated tenancy that claim the
# warehouse exception; deny_vpc_dedicated_tenancy denies the others.
tenancy_exceptions := [v |
	some v in vpcs
	unset_or_not(v, "instanceTenancy", {"dedicated"})
	warehouse_vpc(v)
]

# vpc_tenancy(v) is VPC v's instance tenancy for a message.
vpc_tenancy(v) := text(v.instanceTenancy) if {
	inline_setting(v, "instanceTenancy")
} else := "default"

# warehouse_in(v) holds when a Redshift cluster's subnet group has a subnet
# of VPC v.
warehouse_in(v) if {
	some c in of_types({redshift_cluster})
	some g in of_types({"aws:redshift/subnetGroup:SubnetGroup"})
	cluster_subnet_group(c, g)
	some s in subnets
	refers(g, "subnetIds", s)
	subnet_vpc(s, v)
}

# cluster_subnet_group(c, g) holds when cluster c is launched in subnet group
# g: through a property dependency, or by the group's literal name.
cluster_subnet_group(c, g) if refers(c, "clusterSubnetGroupName", g)

cluster_subnet_group(c, g) if {
	is_string(c.clusterSubnetGroupName)
	known(c.clusterSubnetGroupName)
	c.clusterSubnetGroupName == g.name
}

# tenancy_of(i) is the tenancy instance i asks for: "default" where it sets
# none (absent, or the provider's "" for an attribute nothing set).
tenancy_of(i) := i.tenancy if {
	inline_setting(i, "tenancy")
} else := "default"
