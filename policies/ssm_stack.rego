package sce_hipaa

import rego.v1

# ssm_stack.rego: patching through Systems Manager, which only the stack as a
# whole shows: a stack that runs instances patches them in a maintenance
# window and scans them daily, and its interface endpoints admit no one from
# outside.

run_patch_baseline := "AWS-RunPatchBaseline"

instances := of_types({"aws:ec2/instance:Instance"})

# METADATA
# title: Instances are patched by a patch baseline and a maintenance window task
# description: >-
#   A stack that runs EC2 instances has a patch baseline and a maintenance
#   window task running AWS-RunPatchBaseline with Operation Install, so
#   approved security updates are installed on a schedule (AWS's HIPAA
#   conformance pack rule EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK).
# custom:
#   message: Add an aws.ssm.PatchBaseline and an aws.ssm.MaintenanceWindowTask running AWS-RunPatchBaseline with Operation Install.
#   control: Patching
#   hipaa: ["164.308(a)(5)(ii)(B)"]
#   types:
#     - aws:ec2/instance:Instance
#     - aws:ssm/patchBaseline:PatchBaseline
#     - aws:ssm/maintenanceWindowTask:MaintenanceWindowTask
stack_deny_ssm_patch_install contains msg if {
	count(instances) > 0
	count(of_types({"aws:ssm/patchBaseline:PatchBaseline"})) == 0
	msg := sprintf("The stack runs %d EC2 instance(s) but has no patch baseline", [count(instances)])
}

stack_deny_ssm_patch_install contains msg if {
	count(instances) > 0
	not install_task
	msg := sprintf("The stack runs %d EC2 instance(s) but no maintenance window task runs %s with Operation Install", [count(instances), run_patch_baseline])
}

install_task if {
	some t in of_types({"aws:ssm/maintenanceWindowTask:MaintenanceWindowTask"})
	t.taskArn == run_patch_baseline
	some p in as_array(object.get(t, ["taskInvocationParameters", "runCommandParameters", "parameters"], []))
	p.name == "Operation"
	"Install" in as_array(p.values)
}

# METADATA
# title: Instances are scanned for missing updates every day
# description: >-
#   A State Manager association runs AWS-RunPatchBaseline with Operation Scan
#   at least daily, so the patch compliance Systems Manager reports (and the
#   alert on non-compliance) is never more than a day old (AWS's HIPAA
#   conformance pack rule EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK).
# custom:
#   message: Add an aws.ssm.Association of AWS-RunPatchBaseline with parameters Operation Scan and scheduleExpression rate(1 day).
#   control: Patching
#   hipaa: ["164.308(a)(5)(ii)(B)", "164.308(a)(1)(ii)(D)"]
#   types:
#     - aws:ec2/instance:Instance
#     - aws:ssm/association:Association
stack_deny_ssm_patch_scan contains msg if {
	count(instances) > 0
	not daily_scan
	msg := sprintf("The stack runs %d EC2 instance(s) but no association scans them with %s daily", [count(instances), run_patch_baseline])
}

daily_scan if {
	some a in of_types({"aws:ssm/association:Association"})
	a.name == run_patch_baseline
	object.get(a, ["parameters", "Operation"], "") == "Scan"
	at_least_daily(object.get(a, "scheduleExpression", ""))
}

# at_least_daily(e) holds for a rate of a day or less, and for a cron
# expression that runs every day of the month and week.
at_least_daily(e) if e in {"rate(1 day)", "rate(24 hours)"}

at_least_daily(e) if regex.match(`^rate\(([1-9]|1[0-9]|2[0-3]) hours?\)$`, e)

at_least_daily(e) if regex.match(`^cron\(\S+ \S+ [*?] \* [*?]( \*)?\)$`, e)

# METADATA
# title: Interface endpoints admit HTTPS from inside only
# description: >-
#   The security group of an interface VPC endpoint admits no traffic from
#   0.0.0.0/0 or ::/0: the endpoint serves the VPC's instances, never the internet.
# custom:
#   message: Admit port 443 from the VPC's CIDR block only in the endpoint's security group.
#   control: Least-privilege network access
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   types:
#     - aws:ec2/vpcEndpoint:VpcEndpoint
#     - aws:ec2/securityGroup:SecurityGroup
#     - aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
stack_deny_vpc_endpoint_open_sg contains msg if {
	some ep in of_types({"aws:ec2/vpcEndpoint:VpcEndpoint"})
	ep.vpcEndpointType == "Interface"
	some sg in of_types({"aws:ec2/securityGroup:SecurityGroup"})
	refers(ep, "securityGroupIds", sg)
	some source in world_ingress(sg)
	msg := sprintf("Interface endpoint '%s' uses security group '%s', which admits %s", [ep.__name, sg.__name, source])
}

world_cidrs := {"0.0.0.0/0", "::/0"}

# world_ingress(sg) are the world-wide sources sg admits, inline or through
# separate ingress rules.
world_ingress(sg) := {c |
	some rule in as_array(object.get(sg, "ingress", []))
	some c in array.concat(as_array(object.get(rule, "cidrBlocks", [])), as_array(object.get(rule, "ipv6CidrBlocks", [])))
	c in world_cidrs
} | {c |
	some r in of_types({"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"})
	refers(r, "securityGroupId", sg)
	some c in {object.get(r, "cidrIpv4", ""), object.get(r, "cidrIpv6", "")}
	c in world_cidrs
}
