package sce_hipaa

import rego.v1

# ssm.rego: the interface VPC endpoints that carry Systems Manager and log
# traffic inside the VPC.

# METADATA
# title: Interface endpoints resolve through private DNS
# description: >-
#   With private DNS the services' regional names resolve to the endpoint
#   inside the VPC; without it the agents keep calling the public addresses
#   through the NAT gateway, and management traffic leaves the VPC.
# custom:
#   message: Set privateDnsEnabled to true on every Interface VPC endpoint.
#   control: Transmission security
#   hipaa: ["164.312(e)(1)"]
#   types:
#     - aws:ec2/vpcEndpoint:VpcEndpoint
deny_vpc_endpoint_private_dns contains msg if {
	input.__type == "aws:ec2/vpcEndpoint:VpcEndpoint"
	input.vpcEndpointType == "Interface"
	unset_or_not(input, "privateDnsEnabled", {true})
	msg := sprintf("Interface endpoint '%s' does not enable private DNS: the agents would reach %s outside the VPC", [input.__name, text(object.get(input, "serviceName", "its service"))])
}
