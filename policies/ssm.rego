package sce_hipaa

import rego.v1

# ssm.rego: the interface VPC endpoints that carry Systems Manager and log
# traffic inside the VPC, and the Session documents that set how Session
# Manager protects a session.

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

# METADATA
# title: Session documents encrypt their sessions with a KMS key
# description: >-
#   Session Manager applies a Session document's inputs to the sessions
#   started with it. Without inputs.kmsKeyId a session's data channel is
#   protected by TLS alone, not also by a project key whose every use is
#   logged and which the project can revoke.
# custom:
#   message: >-
#     Set inputs.kmsKeyId to the project's KMS key in the content of every
#     Session document (Port sessions included).
#   control: Encryption in transit
#   hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   types:
#     - aws:ssm/document:Document
deny_ssm_session_unencrypted contains msg if {
	input.__type == "aws:ssm/document:Document"
	input.documentType == "Session"
	doc := document_content(input)
	is_object(doc)
	not session_kms_key(doc)
	msg := sprintf("Session document '%s' (%s) sets no inputs.kmsKeyId: its sessions are not encrypted with a KMS key", [input.__name, text(object.get(doc, "sessionType", "no sessionType"))])
}

# document_content(doc) is the content of an SSM document resource, parsed
# as its documentFormat says (JSON unless it says YAML); undefined while
# the content is unknown.
document_content(doc) := json.unmarshal(doc.content) if {
	object.get(doc, "documentFormat", "JSON") == "JSON"
	is_string(doc.content)
	known(doc.content)
}

document_content(doc) := yaml.unmarshal(doc.content) if {
	doc.documentFormat == "YAML"
	is_string(doc.content)
	known(doc.content)
}

# session_kms_key(doc) holds when a Session document's content names a KMS
# key for its sessions.
session_kms_key(doc) if {
	key := doc.inputs.kmsKeyId
	is_string(key)
	key != ""
}
