package sce_hipaa

import rego.v1

# ec2.rego: one instance, launch template or EBS volume.

launch_template_type := "aws:ec2/launchTemplate:LaunchTemplate"

volume_type := "aws:ebs/volume:Volume"

# METADATA
# title: Instances require IMDSv2
# description: >-
#   The instance metadata service hands out the instance role's credentials;
#   IMDSv2 (httpTokens required) stops SSRF and open proxies from reading them.
# custom:
#   message: Set metadataOptions.httpTokens to "required" (and httpPutResponseHopLimit to 1).
#   control: Instance hardening
#   hipaa: ["164.312(a)(1)", "164.312(d)"]
#   findings: ["1.7"]
#   types:
#     - aws:ec2/instance:Instance
#     - aws:ec2/launchTemplate:LaunchTemplate
deny_ec2_imdsv2 contains msg if {
	input.__type in {instance_type, launch_template_type}
	mo := object.get(input, "metadataOptions", {})
	not mo.httpEndpoint == "disabled"
	unset_or_not(mo, "httpTokens", {"required"})
	msg := sprintf("Instance '%s' does not require IMDSv2 (metadataOptions.httpTokens is %s)", [input.__name, text(object.get(mo, "httpTokens", "optional"))])
}

# METADATA
# title: Instances ask for dedicated tenancy themselves
# description: >-
#   Every instance sets tenancy dedicated (or host), so it runs on hardware
#   no other AWS customer shares even in a VPC whose default tenancy is not
#   dedicated (a project with a Redshift warehouse, which AWS does not run
#   in dedicated-tenancy VPCs).
# custom:
#   message: Set tenancy "dedicated" on the instance.
#   control: Dedicated hardware for PHI workloads
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   types:
#     - aws:ec2/instance:Instance
deny_ec2_instance_dedicated_tenancy contains msg if {
	input.__type == instance_type
	unset_or_not(input, "tenancy", {"dedicated", "host"})
	msg := sprintf("Instance '%s' has tenancy %s: SCE instances run on dedicated hardware", [input.__name, text(object.get(input, "tenancy", "default"))])
}

# METADATA
# title: Instance volumes are encrypted with a customer key
# description: >-
#   The root volume and every EBS volume defined on an instance are encrypted
#   with the project's KMS key, not left plain or on the AWS-managed aws/ebs key.
# custom:
#   message: Set rootBlockDevice (and each ebsBlockDevices entry) encrypted true and kmsKeyId the project key.
#   control: Encryption at rest with the project key
#   hipaa: ["164.312(a)(2)(iv)"]
#   findings: ["1.4", "3.4"]
#   types:
#     - aws:ec2/instance:Instance
deny_ec2_volume_encryption contains msg if {
	input.__type == instance_type
	some label, device in instance_devices
	some problem in volume_problems(device)
	msg := sprintf("Instance '%s' %s %s", [input.__name, label, problem])
}

# instance_devices maps a label to each block device of the input instance.
instance_devices[label] := device if {
	label := "root volume"
	device := object.get(input, "rootBlockDevice", {})
}

instance_devices[label] := device if {
	some i, device in as_array(object.get(input, "ebsBlockDevices", []))
	label := sprintf("volume %s", [text(object.get(device, "deviceName", i))])
}

# volume_problems(v) say how a volume (or block device) misses encryption with
# a customer key.
volume_problems(v) := {"is not encrypted"} if {
	unset_or_not(v, "encrypted", {true})
} else := {"uses the AWS-managed aws/ebs key (no kmsKeyId)"} if {
	known_object(v)
	not is_set(v, "kmsKeyId")
} else := set()

# METADATA
# title: EBS volumes are encrypted with a customer key
# description: >-
#   Data volumes hold PHI; they are encrypted with the project's KMS key.
# custom:
#   message: Set encrypted true and kmsKeyId to the project key's ARN.
#   control: Encryption at rest with the project key
#   hipaa: ["164.312(a)(2)(iv)"]
#   findings: ["3.4"]
#   types:
#     - aws:ebs/volume:Volume
deny_ebs_volume_encryption contains msg if {
	input.__type == volume_type
	some problem in volume_problems(input)
	msg := sprintf("EBS volume '%s' %s", [input.__name, problem])
}

# METADATA
# title: Only the bastion has a public IP
# description: >-
#   Workers process PHI in the private subnet and reach the internet only
#   through the NAT gateway; an auto-assigned public IP exposes them directly.
#   Instances listed in config publicInstances (the bastion) are the exception.
# custom:
#   message: Remove associatePublicIpAddress, or list the instance in this rule's publicInstances config if it is a bastion.
#   control: Private by default
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3", "4.2"]
#   types:
#     - aws:ec2/instance:Instance
deny_ec2_public_ip contains msg if {
	input.__type == instance_type
	input.associatePublicIpAddress == true
	not public_allowed(input.__name)
	msg := sprintf("Instance '%s' gets a public IP address (associatePublicIpAddress) but is not a bastion", [input.__name])
}

# METADATA
# title: Instances run with an instance profile
# description: >-
#   An instance profile gives the instance short-lived role credentials (and
#   SSM management) instead of access keys copied onto the machine.
# custom:
#   message: Set iamInstanceProfile to an instance profile whose role has least privilege.
#   control: No long-lived credentials
#   hipaa: ["164.312(a)(1)", "164.312(d)"]
#   findings: ["1.3"]
#   types:
#     - aws:ec2/instance:Instance
deny_ec2_instance_profile contains msg if {
	input.__type == instance_type
	not is_set(input, "iamInstanceProfile")
	msg := sprintf("Instance '%s' has no instance profile (iamInstanceProfile)", [input.__name])
}

# METADATA
# title: No shared EC2 key pair
# description: >-
#   An EC2 key pair is one private key for everyone who holds a copy (a
#   pem file left on a bastion); researchers log in with their own keys
#   and Linux accounts instead, so every session is attributable.
# custom:
#   message: Remove keyName; give each researcher an account with their own public key (sce:researchers).
#   control: Unique users
#   hipaa: ["164.312(a)(2)(i)", "164.312(d)"]
#   findings: ["3.1"]
#   types:
#     - aws:ec2/instance:Instance
#     - aws:ec2/launchTemplate:LaunchTemplate
deny_ec2_key_pair contains msg if {
	input.__type in {instance_type, launch_template_type}
	is_set(input, "keyName")
	msg := sprintf("Instance '%s' uses the shared EC2 key pair %s", [input.__name, text(input.keyName)])
}

# secret_patterns find credentials in user data without printing them.
secret_patterns := {
	"a private key": `-----BEGIN ([A-Z]+ )?PRIVATE KEY-----`,
	"an AWS access key ID": `(AKIA|ASIA)[A-Z0-9]{16}`,
	"an AWS secret access key": `(?i)aws_secret_access_key`,
}

# METADATA
# title: User data holds no secrets
# description: >-
#   User data is readable by anyone who can describe the instance and from the
#   metadata service; keys and passwords never belong there.
# custom:
#   message: Remove the secret from user data; give the instance a role, and researchers their own SSH keys.
#   control: No long-lived credentials
#   hipaa: ["164.312(a)(1)", "164.312(d)"]
#   findings: ["3.1"]
#   types:
#     - aws:ec2/instance:Instance
#     - aws:ec2/launchTemplate:LaunchTemplate
deny_ec2_user_data_secrets contains msg if {
	input.__type in {instance_type, launch_template_type}
	some what, pattern in secret_patterns
	regex.match(pattern, user_data)
	msg := sprintf("Instance '%s' has %s in its user data", [input.__name, what])
}

# user_data is the input's user data as text: a launch template's is base64,
# an instance's is plain (or base64 in userDataBase64).
user_data := base64.decode(input.userData) if {
	input.__type == launch_template_type
	is_string(input.userData)
	base64.is_valid(input.userData)
} else := input.userData if {
	input.__type == instance_type
	is_string(input.userData)
} else := base64.decode(input.userDataBase64) if {
	is_string(input.userDataBase64)
	base64.is_valid(input.userDataBase64)
}
