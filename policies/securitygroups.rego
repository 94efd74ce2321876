package sce_hipaa

import rego.v1

# securitygroups.rego: security groups and their rules, inline or as
# separate rule resources.

sg_type := "aws:ec2/securityGroup:SecurityGroup"

sg_ingress_rule_type := "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"

sg_egress_rule_type := "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"

sg_rule_type := "aws:ec2/securityGroupRule:SecurityGroupRule"

# sg_entries are the input's security group rules, normalized:
# {direction, protocol, from, to, cidrs, description, label}.
sg_entries contains e if {
	input.__type == sg_type
	some direction in ["ingress", "egress"]
	some i, x in as_array(object.get(input, direction, []))
	e := sg_entry(direction, x.protocol, x, cidr_lists(x), sprintf("%s rule %d", [direction, i]))
}

sg_entries contains e if {
	input.__type in {sg_ingress_rule_type, sg_egress_rule_type}
	direction := {sg_ingress_rule_type: "ingress", sg_egress_rule_type: "egress"}[input.__type]
	cidrs := [c | some k in ["cidrIpv4", "cidrIpv6"]; c := input[k]; is_string(c)]
	e := sg_entry(direction, input.ipProtocol, input, cidrs, "rule")
}

sg_entries contains e if {
	input.__type == sg_rule_type
	e := sg_entry(input.type, input.protocol, input, cidr_lists(input), "rule")
}

sg_entry(direction, protocol, x, cidrs, label) := {
	"direction": direction,
	"protocol": protocol,
	"from": object.get(x, "fromPort", 0),
	"to": object.get(x, "toPort", 0),
	"cidrs": cidrs,
	"description": object.get(x, "description", ""),
	"label": label,
}

# cidr_lists(x) are x's IPv4 and IPv6 CIDR blocks (lists may be absent or unknown).
cidr_lists(x) := array.concat(as_list(object.get(x, "cidrBlocks", [])), as_list(object.get(x, "ipv6CidrBlocks", [])))

# as_list(x) is x for an array, [] otherwise (absent or unknown lists).
as_list(x) := x if {
	is_array(x)
} else := []

# sg_world_ingress are the ingress entries open to the internet, with the block.
sg_world_ingress contains [e, cidr] if {
	some e in sg_entries
	e.direction == "ingress"
	some cidr in e.cidrs
	world(cidr)
}

# sg_port_open(e, port) holds when entry e admits TCP or UDP traffic to port.
sg_port_open(e, _) if all_protocols(e.protocol)

sg_port_open(e, port) if {
	lower(text(e.protocol)) in {"tcp", "6", "udp", "17"}
	covers_port(e.from, e.to, port)
}

# sg_where names the input in a message.
sg_where := sprintf("Security group '%s'", [input.__name]) if {
	input.__type == sg_type
} else := sprintf("Security group rule '%s'", [input.__name])

admin_ports := {22: "SSH", 3389: "RDP"}

# METADATA
# title: No SSH or RDP from anywhere
# description: >-
#   Ports 22 and 3389 open to 0.0.0.0/0 or ::/0 invite brute force against
#   every instance in the group (the healthcare assessment's "0.0.0.0/0
#   inbound").
# custom:
#   message: Allow SSH only from the blocks in sce:allowedSshCidrs, to the bastion only; never RDP.
#   control: Least-privilege network access
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3", "4.3"]
#   types:
#     - aws:ec2/securityGroup:SecurityGroup
#     - aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
#     - aws:ec2/securityGroupRule:SecurityGroupRule
deny_sg_world_admin_ports contains msg if {
	some [e, cidr] in sg_world_ingress
	some port, what in admin_ports
	sg_port_open(e, port)
	msg := sprintf("%s %s allows %s (%d) from %s", [sg_where, e.label, what, port, cidr])
}

# METADATA
# title: No database port from anywhere
# description: >-
#   Database ports open to the internet expose PHI stores directly; databases
#   are reached from the private subnet only.
# custom:
#   message: Allow database ports only from the workers' security group.
#   control: Least-privilege network access
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3", "4.3"]
#   types:
#     - aws:ec2/securityGroup:SecurityGroup
#     - aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
#     - aws:ec2/securityGroupRule:SecurityGroupRule
deny_sg_world_database_ports contains msg if {
	some [e, cidr] in sg_world_ingress
	not all_ports(e)
	some port in setting("deny_sg_world_database_ports", "databasePorts")
	sg_port_open(e, port)
	msg := sprintf("%s %s allows database port %d from %s", [sg_where, e.label, port, cidr])
}

# METADATA
# title: No security group opens every port to anywhere
# description: A rule of every protocol, or of ports 0-65535, from 0.0.0.0/0 or ::/0 removes the firewall.
# custom:
#   message: Allow only the ports the instance serves, from the sources that need them.
#   control: Least-privilege network access
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3", "4.3"]
#   types:
#     - aws:ec2/securityGroup:SecurityGroup
#     - aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
#     - aws:ec2/securityGroupRule:SecurityGroupRule
deny_sg_world_all_ports contains msg if {
	some [e, cidr] in sg_world_ingress
	all_ports(e)
	msg := sprintf("%s %s allows every port from %s", [sg_where, e.label, cidr])
}

# METADATA
# title: SSH comes only from the allowed blocks
# description: >-
#   SSH ingress from a CIDR block must lie within the blocks IT allows
#   (config allowedSshCidrs, which sce fills from the stack's sce:allowedSshCidrs).
#   Without allowed blocks (a preview run without the config sce writes) the
#   rule fails closed: every SSH source from a CIDR block is a violation.
# custom:
#   message: >-
#     Use only blocks within sce:allowedSshCidrs as SSH sources (or update both lists);
#     for pulumi preview, pass the file `sce policy config <stack>` writes with --policy-pack-config.
#   control: Least-privilege network access
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3", "4.3"]
#   types:
#     - aws:ec2/securityGroup:SecurityGroup
#     - aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
#     - aws:ec2/securityGroupRule:SecurityGroupRule
deny_sg_ssh_source contains msg if {
	allowed := setting("deny_sg_ssh_source", "allowedSshCidrs")
	count(allowed) > 0
	some [e, cidr] in ssh_cidr_sources
	not within_any(cidr, allowed)
	msg := sprintf("%s %s allows SSH from %s, outside the allowed blocks %s", [sg_where, e.label, cidr, concat(", ", allowed)])
}

deny_sg_ssh_source contains msg if {
	count(setting("deny_sg_ssh_source", "allowedSshCidrs")) == 0
	some [e, cidr] in ssh_cidr_sources
	msg := sprintf(
		"%s %s allows SSH from %s, but no allowed SSH blocks are configured: pass --policy-pack-config with the file `sce policy config <stack>` writes",
		[sg_where, e.label, cidr],
	)
}

# ssh_cidr_sources are the [entry, cidr] pairs of ingress entries that open
# port 22 to a known CIDR block other than the whole internet (which
# deny_sg_world_admin_ports reports).
ssh_cidr_sources := {[e, cidr] |
	some e in sg_entries
	e.direction == "ingress"
	sg_port_open(e, 22)
	some cidr in e.cidrs
	known(cidr)
	not world(cidr)
}

within_any(cidr, blocks) if {
	some b in blocks
	net.cidr_contains(b, cidr)
}

# METADATA
# title: Security group rules say why they exist
# description: >-
#   A description on every rule documents its purpose for the next review;
#   unexplained rules are the ones nobody dares to remove.
# custom:
#   message: Give the rule a description (who needs this traffic and why).
#   control: Documented configuration
#   hipaa: ["164.316(b)(1)"]
#   findings: ["3.6", "4.3"]
#   types:
#     - aws:ec2/securityGroup:SecurityGroup
#     - aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
#     - aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule
#     - aws:ec2/securityGroupRule:SecurityGroupRule
warn_sg_rule_description contains msg if {
	some e in sg_entries
	e.description == ""
	msg := sprintf("%s %s has no description", [sg_where, e.label])
}

# METADATA
# title: Egress is limited to what the instance needs
# description: >-
#   All-protocol egress to anywhere lets a compromised machine send PHI
#   anywhere; SCE instances need SSH inside the VPC and HTTPS out.
# custom:
#   message: Limit egress to the ports and destinations the instance needs (HTTPS, SSH to the private subnet, the S3 prefix list).
#   control: Data exfiltration paths
#   hipaa: ["164.312(e)(1)"]
#   findings: ["3.3", "4.5"]
#   types:
#     - aws:ec2/securityGroup:SecurityGroup
#     - aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule
#     - aws:ec2/securityGroupRule:SecurityGroupRule
warn_sg_egress_all contains msg if {
	some e in sg_entries
	e.direction == "egress"
	all_ports(e)
	some cidr in e.cidrs
	world(cidr)
	msg := sprintf("%s %s allows every port out to %s", [sg_where, e.label, cidr])
}
