package sce_hipaa

import rego.v1

# egress.rego: how far the private subnet reaches out of the VPC, by the
# stack's sce:egress mode. The mode reaches the rules as their "egress"
# setting (data.config.<rule>.egress), which `sce policy config <stack>`
# fills from the stack's sce:egress; without a config it is allowlist,
# sce's default.

firewall_association_type := "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation"

nat_gateway_type := "aws:ec2/natGateway:NatGateway"

# egress_mode(rule) is the egress mode rule judges the stack by.
egress_mode(rule) := setting(rule, "egress")

# METADATA
# title: The DNS Firewall filters the project VPC
# description: >-
#   With sce:egress allowlist or none, instances resolve only the allowed
#   domains: a Route 53 Resolver DNS Firewall rule group must be associated
#   with every VPC of the stack. Without the association every name
#   resolves: with allowlist the workers reach any host through the NAT
#   gateway, and even with none (no route out) a query for an outside
#   domain carries data to that domain's name servers, unlogged.
# custom:
#   message: >-
#     Associate the DNS Firewall rule group with the VPC (aws.route53.ResolverFirewallRuleGroupAssociation
#     with vpcId the VPC), or, if the project means to, set sce:egress and this rule's egress setting to open.
#   control: Data exfiltration paths
#   hipaa: ["164.312(e)(1)", "164.312(a)(1)"]
#   findings: ["4.5"]
#   types:
#     - aws:ec2/vpc:Vpc
#     - aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation
stack_deny_egress_dns_firewall contains msg if {
	mode := egress_mode("stack_deny_egress_dns_firewall")
	mode in {"allowlist", "none"}
	some v in vpcs
	not dns_filtered(v)
	msg := sprintf("VPC '%s' has no DNS Firewall rule group association, but sce:egress is %s: its instances resolve any name", [v.__name, mode])
}

# dns_filtered(v) holds when a DNS Firewall rule group is associated with VPC v.
dns_filtered(v) if {
	some a in of_types({firewall_association_type})
	refers(a, "vpcId", v)
}

# METADATA
# title: Worker security groups do not open every port to the internet
# description: >-
#   With sce:egress allowlist, the workers leave the VPC only by HTTPS (and
#   S3 through the gateway endpoint); DNS and time come from the VPC's own
#   link-local services, which security groups do not filter. An egress rule
#   of every protocol, or of ports 0-65535, to 0.0.0.0/0 or ::/0 on a
#   worker's security group lets a worker reach any host by address,
#   around the DNS allowlist.
# custom:
#   message: Limit the worker security group's egress to TCP 443 (and the S3 prefix list).
#   control: Data exfiltration paths
#   hipaa: ["164.312(e)(1)"]
#   findings: ["3.3", "4.5"]
#   types:
#     - aws:ec2/instance:Instance
#     - aws:ec2/securityGroup:SecurityGroup
#     - aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule
#     - aws:ec2/securityGroupRule:SecurityGroupRule
stack_deny_egress_worker_sg_open contains msg if {
	egress_mode("stack_deny_egress_worker_sg_open") == "allowlist"
	some sg in worker_security_groups
	some [where, cidr] in sg_open_egress(sg)
	msg := sprintf("Worker security group '%s' %s allows every port out to %s, but sce:egress is allowlist", [sg.__name, where, cidr])
}

# worker_security_groups are the security groups of the instances that are
# not bastions (deny_ec2_public_ip's publicInstances).
worker_security_groups := {sg |
	some i in instances
	not public_allowed(i.__name)
	some sg in of_types({sg_type})
	instance_sg(i, sg)
}

# instance_sg(i, sg) holds when instance i is in security group sg.
instance_sg(i, sg) if refers(i, "vpcSecurityGroupIds", sg)

instance_sg(i, sg) if refers(i, "securityGroups", sg)

# sg_open_egress(sg) are the [where, cidr] pairs of sg's egress rules (inline,
# separate egress rules, or security group rules) that allow every port or
# protocol to the whole internet.
sg_open_egress(sg) := (inline_open_egress(sg) | rule_open_egress(sg)) | legacy_rule_open_egress(sg)

inline_open_egress(sg) := {[sprintf("egress rule %d", [i]), cidr] |
	some i, x in as_array(object.get(sg, "egress", []))
	some cidr in open_to_world(sg_entry("egress", x.protocol, x, cidr_lists(x), ""))
}

rule_open_egress(sg) := {[sprintf("rule '%s'", [r.__name]), cidr] |
	some r in of_types({sg_egress_rule_type})
	refers(r, "securityGroupId", sg)
	cidrs := [c | some k in ["cidrIpv4", "cidrIpv6"]; c := r[k]; is_string(c)]
	some cidr in open_to_world(sg_entry("egress", r.ipProtocol, r, cidrs, ""))
}

legacy_rule_open_egress(sg) := {[sprintf("rule '%s'", [r.__name]), cidr] |
	some r in of_types({sg_rule_type})
	r.type == "egress"
	refers(r, "securityGroupId", sg)
	some cidr in open_to_world(sg_entry("egress", r.protocol, r, cidr_lists(r), ""))
}

# open_to_world(e) are the blocks meaning the whole internet that entry e
# allows every port to.
open_to_world(e) := {cidr |
	all_ports(e)
	some cidr in e.cidrs
	world(cidr)
}

# METADATA
# title: With egress none, nothing routes out of the private subnet
# description: >-
#   With sce:egress none the private subnet has no way to the internet: no
#   NAT gateway exists, and no route of a private route table (or of the
#   VPC's main one) goes to a NAT gateway or the internet gateway. S3 and the
#   Amazon Linux repositories are reached through the S3 gateway endpoint.
# custom:
#   message: >-
#     Remove the NAT gateway and the private default route, or, if the project needs
#     them, set sce:egress and this rule's egress setting to allowlist.
#   control: Data exfiltration paths
#   hipaa: ["164.312(e)(1)", "164.312(a)(1)"]
#   findings: ["4.2", "4.5"]
#   types:
#     - aws:ec2/natGateway:NatGateway
#     - aws:ec2/route:Route
#     - aws:ec2/routeTable:RouteTable
stack_deny_egress_none_internet contains msg if {
	egress_mode("stack_deny_egress_none_internet") == "none"
	some n in of_types({nat_gateway_type})
	msg := sprintf("NAT gateway '%s' exists, but sce:egress is none: the private subnet must have no way to the internet", [n.__name])
}

stack_deny_egress_none_internet contains msg if {
	egress_mode("stack_deny_egress_none_internet") == "none"
	some rt in route_tables
	count(private_table_reasons(rt)) > 0
	some gateway in internet_ways(rt)
	msg := sprintf("Route table '%s' routes to %s, but sce:egress is none and the table is private", [rt.__name, gateway])
}

# internet_ways(rt) names the gateways route table rt routes to that lead
# out of the VPC.
internet_ways(rt) := {"the internet gateway" | igw_route(rt)} | {"a NAT gateway" | nat_route(rt)}

# nat_route(rt) holds when route table rt has a route to a NAT gateway: a
# separate Route resource or an inline route.
nat_route(rt) if {
	some r in of_types({"aws:ec2/route:Route"})
	refers(r, "routeTableId", rt)
	to_nat_gateway(r, "natGatewayId")
}

nat_route(rt) if to_nat_gateway(rt, "routes")

nat_route(rt) if {
	some route in as_array(rt.routes)
	is_string(route.natGatewayId)
	startswith(route.natGatewayId, "nat-")
}

# to_nat_gateway(r, prop) holds when r's input prop came from a NAT gateway,
# or is a literal NAT gateway ID.
to_nat_gateway(r, prop) if {
	some n in of_types({nat_gateway_type})
	refers(r, prop, n)
}

to_nat_gateway(r, prop) if {
	is_string(r[prop])
	startswith(r[prop], "nat-")
}

# METADATA
# title: Open egress is a reviewed choice
# description: >-
#   With sce:egress open the workers reach any host on the internet through
#   the NAT gateway: nothing but the security groups limits where PHI can be
#   sent. The rule reports it as an advisory on every plan, so the choice
#   stays in view.
# custom:
#   message: >-
#     Set sce:egress to allowlist (the DNS Firewall resolves only the allowed domains; add the
#     project's own with sce:egressDomains) or to none (no NAT gateway).
#   control: Data exfiltration paths
#   hipaa: ["164.312(e)(1)"]
#   findings: ["4.5"]
#   types:
#     - aws:ec2/natGateway:NatGateway
stack_warn_egress_open contains msg if {
	egress_mode("stack_warn_egress_open") == "open"
	some n in of_types({nat_gateway_type})
	msg := sprintf(
		"Workers reach any host on the internet through NAT gateway '%s' (sce:egress is open): set sce:egress to allowlist, with sce:egressDomains for the project's own hosts, or to none",
		[n.__name],
	)
}
