package sce_hipaa

import rego.v1

# network.rego: the VPC, its flow logs, default security group and S3
# endpoint, and the network ACLs.

# METADATA
# title: The VPC uses dedicated tenancy
# description: >-
#   Instances of an SCE run on hardware dedicated to the account (the
#   environment's design); dedicated tenancy is set on the VPC so no
#   instance can be launched on shared hardware. A VPC tagged
#   sce:warehouse=redshift claims the one exception (Amazon Redshift refuses
#   dedicated-tenancy VPCs); the tag is only a claim: the stack rule
#   stack_deny_vpc_tenancy_exception checks that a Redshift cluster is in the
#   VPC and that every instance there asks for dedicated tenancy itself.
# custom:
#   message: Set instanceTenancy to "dedicated".
#   control: Isolated network
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   findings: ["4.2"]
#   types:
#     - aws:ec2/vpc:Vpc
deny_vpc_dedicated_tenancy contains msg if {
	input.__type == "aws:ec2/vpc:Vpc"
	unset_or_not(input, "instanceTenancy", {"dedicated"})
	not warehouse_vpc(input)
	msg := sprintf("VPC '%s' has instance tenancy %s: SCE instances run on dedicated hardware", [input.__name, text(object.get(input, "instanceTenancy", "default"))])
}

# warehouse_vpc(v): v is tagged as the VPC of a project with a Redshift
# warehouse, a claim stack_deny_vpc_tenancy_exception checks.
warehouse_vpc(v) if v.tags["sce:warehouse"] == "redshift"

# METADATA
# title: Flow logs capture all traffic
# description: >-
#   A flow log of accepted and rejected traffic (ALL) shows both what reached
#   the environment and what was refused.
# custom:
#   message: Set trafficType to "ALL".
#   control: Network audit
#   hipaa: ["164.312(b)"]
#   findings: ["4.6"]
#   types:
#     - aws:ec2/flowLog:FlowLog
deny_vpc_flow_log_all_traffic contains msg if {
	input.__type == "aws:ec2/flowLog:FlowLog"
	unset_or_not(input, "trafficType", {"ALL"})
	msg := sprintf("Flow log '%s' captures %s traffic only: it must capture ALL", [input.__name, text(object.get(input, "trafficType", "no"))])
}

# METADATA
# title: No subnet assigns public IPs on launch
# description: >-
#   An instance launched into a subnet that maps public IPs on launch is
#   reachable from the internet by accident. The only public addresses of an
#   SCE are the Elastic IPs of the bastion and the NAT gateway (AWS's HIPAA
#   conformance pack rule SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED).
# custom:
#   message: Set mapPublicIpOnLaunch to false; give a host that must be public an Elastic IP.
#   control: Private by default
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3", "4.2"]
#   types:
#     - aws:ec2/subnet:Subnet
deny_vpc_subnet_auto_public_ip contains msg if {
	input.__type == "aws:ec2/subnet:Subnet"
	input.mapPublicIpOnLaunch == true
	msg := sprintf("Subnet '%s' assigns public IPs on launch (mapPublicIpOnLaunch): public hosts get an Elastic IP instead", [input.__name])
}

# METADATA
# title: The default security group has no rules
# description: >-
#   The VPC's default security group is adopted and emptied, so a resource
#   launched without a group gets no access at all.
# custom:
#   message: Remove every ingress and egress rule from the aws.ec2.DefaultSecurityGroup.
#   control: Least-privilege network access
#   hipaa: ["164.312(a)(1)"]
#   findings: ["3.6", "4.3"]
#   types:
#     - aws:ec2/defaultSecurityGroup:DefaultSecurityGroup
deny_vpc_default_sg_closed contains msg if {
	input.__type == "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	some direction in ["ingress", "egress"]
	rules := input[direction]
	is_array(rules)
	count(rules) > 0
	msg := sprintf("Default security group '%s' has %d %s rule(s): it must have none", [input.__name, count(rules), direction])
}

# METADATA
# title: The S3 endpoint policy limits the buckets it reaches
# description: >-
#   A gateway endpoint without a policy (or with one that allows every bucket)
#   lets a compromised worker copy PHI to any bucket in the world.
# custom:
#   message: Give the endpoint a policy that allows only the project buckets (and the OS repository buckets).
#   control: Data exfiltration paths
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["4.5"]
#   types:
#     - aws:ec2/vpcEndpoint:VpcEndpoint
deny_vpc_endpoint_policy contains msg if {
	s3_gateway_endpoint
	not is_set(input, "policy")
	msg := sprintf("S3 endpoint '%s' has no policy, so it reaches every bucket in the world", [input.__name])
}

deny_vpc_endpoint_policy contains msg if {
	s3_gateway_endpoint
	doc := policy_doc(input.policy)
	some st in allow_statements(doc)
	some a in actions(st)
	reads_or_writes_objects(a)
	some where in every_bucket(st)
	msg := sprintf("S3 endpoint '%s' allows %s on every bucket (%s)", [input.__name, a, where])
}

# reads_or_writes_objects(a) holds for an action that covers reading or
# writing objects (s3:GetObject, s3:PutObject), in any case or through a
# wildcard.
reads_or_writes_objects(a) if {
	some object_action in ["s3:getobject", "s3:putobject"]
	grants(a, object_action)
}

# every_bucket(st) says how a statement reaches every bucket in the world:
# by a resource "*" or one naming every bucket (arn:aws:s3:::*...), or by
# NotResource.
every_bucket(st) := {sprintf("Resource \"%s\"", [r]) |
	some r in resources(st)
	every_bucket_resource(r)
} | {"NotResource" | st.NotResource}

every_bucket_resource("*")

every_bucket_resource(r) if {
	is_string(r)
	contains(r, ":s3:::*") # decided without the regex for most resources
	regex.match(`^arn:aws[a-z-]*:s3:::\*`, r)
}

# s3_gateway_endpoint holds when input is a gateway endpoint for S3.
s3_gateway_endpoint if {
	input.__type == "aws:ec2/vpcEndpoint:VpcEndpoint"
	is_string(input.serviceName)
	endswith(input.serviceName, ".s3")
	object.get(input, "vpcEndpointType", "Gateway") == "Gateway"
}

# ---- network ACLs ---------------------------------------------------------

# nacl_ingress are the inbound allow entries of the input's network ACL
# rules, normalized: {protocol, from, to, cidrs, label}.
nacl_ingress contains e if {
	input.__type == "aws:ec2/networkAclRule:NetworkAclRule"
	not input.egress == true
	lower(text(input.ruleAction)) == "allow"
	e := nacl_entry(input, sprintf("rule %v", [input.ruleNumber]))
}

nacl_ingress contains e if {
	input.__type in {"aws:ec2/networkAcl:NetworkAcl", "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"}
	some x in as_array(object.get(input, "ingress", []))
	lower(text(x.action)) == "allow"
	e := nacl_entry(x, sprintf("ingress rule %v", [x.ruleNo]))
}

nacl_entry(x, label) := {
	"protocol": x.protocol,
	"from": object.get(x, "fromPort", 0),
	"to": object.get(x, "toPort", 0),
	"cidrs": [c | some k in ["cidrBlock", "ipv6CidrBlock"]; c := x[k]; is_string(c)],
	"label": label,
}

# METADATA
# title: No network ACL lets every port in from anywhere
# description: >-
#   A network ACL entry that allows every protocol, or every port, from
#   0.0.0.0/0 or ::/0 undoes the subnet's boundary.
# custom:
#   message: Allow only the ports the subnet serves (SSH from the allowed blocks, return traffic on 1024-65535).
#   control: Least-privilege network access
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3", "4.2"]
#   types:
#     - aws:ec2/networkAclRule:NetworkAclRule
#     - aws:ec2/networkAcl:NetworkAcl
deny_nacl_ingress_all_ports contains msg if {
	some e in nacl_ingress
	some cidr in e.cidrs
	world(cidr)
	all_ports(e)
	msg := sprintf("Network ACL '%s' %s allows every port in from %s", [input.__name, e.label, cidr])
}

# all_ports(e) holds for an entry of every protocol, or of ports 0-65535.
all_ports(e) if all_protocols(e.protocol)

all_ports(e) if {
	covers_port(e.from, e.to, 1)
	covers_port(e.from, e.to, 65535)
}

# METADATA
# title: No network ACL lets SSH in from anywhere
# description: >-
#   SSH reaches the bastion only from the configured blocks; a network ACL
#   entry that allows port 22 from 0.0.0.0/0 or ::/0 removes that boundary.
# custom:
#   message: Allow port 22 only from the blocks in sce:allowedSshCidrs.
#   control: Least-privilege network access
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3"]
#   types:
#     - aws:ec2/networkAclRule:NetworkAclRule
#     - aws:ec2/networkAcl:NetworkAcl
deny_nacl_ingress_ssh contains msg if {
	some e in nacl_ingress
	some cidr in e.cidrs
	world(cidr)
	not all_ports(e)
	port_open(e, 22)
	msg := sprintf("Network ACL '%s' %s allows SSH (22) in from %s", [input.__name, e.label, cidr])
}

# port_open(e, port) holds when entry e admits TCP traffic to port.
port_open(e, _) if all_protocols(e.protocol)

port_open(e, port) if {
	lower(text(e.protocol)) in {"6", "tcp"}
	covers_port(e.from, e.to, port)
}
