package sce_hipaa

import rego.v1

# ec2_stack.rego: instances as part of the network: where they run, which of
# them the internet reaches, and what dedicated hardware allows.

# METADATA
# title: Only the bastion has an elastic IP
# description: >-
#   An elastic IP attached to a worker makes a PHI machine reachable from the
#   internet; only the instances config allows (the bastion) may have one.
# custom:
#   message: Remove the elastic IP, or list the instance in deny_ec2_public_ip's publicInstances if it is a bastion.
#   control: Private by default
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3", "4.2"]
#   types:
#     - aws:ec2/eip:Eip
#     - aws:ec2/eipAssociation:EipAssociation
#     - aws:ec2/instance:Instance
stack_deny_ec2_eip_instance contains msg if {
	some e in eips
	some i in instances
	eip_instance(e, i)
	not public_allowed(i.__name)
	msg := sprintf("Elastic IP '%s' is attached to instance '%s', which is not a bastion", [e.__name, i.__name])
}

# METADATA
# title: Internet-facing instances are reviewed exceptions
# description: >-
#   Every instance the internet reaches (public or elastic IP) is reported as
#   an advisory, even when config allows it: the bastion is the SCE's one
#   intended entry point, and the report keeps that exception in view.
# custom:
#   message: >-
#     Expected for the bastion (deny_ec2_public_ip config publicInstances): keep its security
#     group to SSH from the allowed blocks only.
#   control: Private by default
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3"]
#   types:
#     - aws:ec2/instance:Instance
#     - aws:ec2/eip:Eip
stack_warn_ec2_public_instance contains msg if {
	some i in instances
	internet_facing(i)
	public_allowed(i.__name)
	msg := sprintf("Instance '%s' is reachable from the internet: allowed as a bastion by config publicInstances", [i.__name])
}

# METADATA
# title: Workers run in private subnets
# description: >-
#   Every instance except the bastion is launched in a subnet of the stack
#   without a route to the internet gateway, so PHI work is never directly
#   reachable; an instance whose subnetId names no subnet of the stack (a
#   literal ID, another stack's, or none: the default VPC) cannot be checked
#   and is refused. Only subnetId is read: an instance placed through
#   networkInterfaces alone is refused too.
# custom:
#   message: Launch the instance in the private subnet (subnetId), whose default route goes to the NAT gateway.
#   control: Private by default
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["4.2"]
#   types:
#     - aws:ec2/instance:Instance
#     - aws:ec2/subnet:Subnet
stack_deny_ec2_private_subnet contains msg if {
	some i in instances
	not public_allowed(i.__name)
	some s in subnets
	instance_subnet(i, s)
	public_subnet(s)
	msg := sprintf("Instance '%s' runs in public subnet '%s': only the bastion may", [i.__name, s.__name])
}

stack_deny_ec2_private_subnet contains msg if {
	some i in instances
	not public_allowed(i.__name)
	not in_stack_subnet(i)
	msg := sprintf("Instance '%s' names no subnet of the stack in subnetId: where it runs cannot be checked, and with no subnet it launches in the default VPC", [i.__name])
}

# in_stack_subnet(i) holds when instance i is launched in a subnet of the
# stack.
in_stack_subnet(i) if {
	some s in subnets
	instance_subnet(i, s)
}

# METADATA
# title: No T-family instance on dedicated hardware
# description: >-
#   AWS does not offer burstable T-family types as dedicated instances; a
#   T-family instance in a dedicated-tenancy VPC fails to launch
#   (docs/deployment-facts.md#4).
# custom:
#   message: Use an m-family (or another dedicated-capable) instance type.
#   control: Instance hardening
#   hipaa: ["164.312(a)(1)"]
#   findings: ["4.2"]
#   types:
#     - aws:ec2/instance:Instance
#     - aws:ec2/vpc:Vpc
stack_deny_ec2_t_family_dedicated contains msg if {
	some i in instances
	is_string(i.instanceType)
	regex.match(`^t[0-9][a-z]*\.`, i.instanceType)
	dedicated(i)
	msg := sprintf("Instance '%s' is a %s, but T-family types cannot run on dedicated hardware", [i.__name, i.instanceType])
}

# dedicated(i) holds when instance i runs on dedicated hardware: its own
# tenancy, or its subnet's VPC's.
dedicated(i) if i.tenancy in {"dedicated", "host"}

dedicated(i) if {
	some s in subnets
	instance_subnet(i, s)
	some v in vpcs
	subnet_vpc(s, v)
	v.instanceTenancy == "dedicated"
}
