package sce_hipaa

import rego.v1

# iam.rego: identity policies, trust policies, managed policy attachments
# and access keys.

# identity_docs are the identity-based policy documents of the input, each
# with a label for messages.
identity_docs contains [label, doc] if {
	input.__type in {
		"aws:iam/policy:Policy",
		"aws:iam/rolePolicy:RolePolicy",
		"aws:iam/userPolicy:UserPolicy",
		"aws:iam/groupPolicy:GroupPolicy",
	}
	doc := policy_doc(input.policy)
	label := sprintf("IAM policy '%s'", [input.__name])
}

identity_docs contains [label, doc] if {
	input.__type == "aws:iam/role:Role"
	some p in as_list(object.get(input, "inlinePolicies", []))
	doc := policy_doc(p.policy)
	label := sprintf("IAM role '%s' inline policy %s", [input.__name, text(object.get(p, "name", "without name"))])
}

# METADATA
# title: No policy grants every action
# description: >-
#   An Allow of "*" (or "*:*") is administrator access: it defeats every other
#   control of the environment; so is an Allow of every action but a few
#   (NotAction) on every resource.
# custom:
#   message: List the actions the principal needs, on the resources it needs them on.
#   control: Least privilege
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   findings: ["1.2", "2.1"]
#   types:
#     - aws:iam/policy:Policy
#     - aws:iam/rolePolicy:RolePolicy
#     - aws:iam/role:Role
deny_iam_admin_wildcard contains msg if {
	some [label, doc] in identity_docs
	some st in allow_statements(doc)
	some a in ["*", "*:*"]
	a in actions(st) # one look-up per wildcard, not one per action
	msg := sprintf("%s allows every action (%s) on %s", [label, a, concat(", ", resources(st))])
}

deny_iam_admin_wildcard contains msg if {
	some [label, doc] in identity_docs
	some st in allow_statements(doc)
	st.NotAction
	"*" in resources(st)
	msg := sprintf("%s allows every action but %s (NotAction) on every resource (\"*\")", [label, concat(", ", as_array(st.NotAction))])
}

# METADATA
# title: No policy grants a whole service on every resource
# description: >-
#   An Allow of "service:*" on Resource "*", or on an ARN whose resource part
#   is "*" (for example s3:* on * or on arn:aws:s3:::*), reaches every
#   bucket, key or instance of the account, including other projects'.
# custom:
#   message: List the service's actions the principal needs and scope Resource to the project's ARNs.
#   control: Least privilege
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   findings: ["1.2", "2.1"]
#   types:
#     - aws:iam/policy:Policy
#     - aws:iam/rolePolicy:RolePolicy
#     - aws:iam/role:Role
deny_iam_service_wildcard contains msg if {
	some [label, doc] in identity_docs
	some st in allow_statements(doc)
	some r in resources(st)
	every_resource_arn(r)
	some a in actions(st)
	regex.match(`^[a-zA-Z0-9-]+:\*$`, a)
	msg := sprintf("%s allows %s on every resource (\"%s\")", [label, a, r])
}

# every_resource_arn(r) holds for a resource that names every resource: "*",
# or an ARN whose resource part is "*", in the region and account it names
# (arn:aws:s3:::*, arn:aws:s3:::*/* for every object, or
# arn:aws:logs:us-west-2:123456789012:*).
every_resource_arn("*")

every_resource_arn(r) if {
	is_string(r)
	endswith(r, "*") # decided without the regex for most resources
	regex.match(`^arn:aws[a-z-]*:[a-z0-9-]+:[^:]*:[^:]*:\*(/\*)?$`, r)
}

# METADATA
# title: No policy passes any role
# description: >-
#   iam:PassRole (or a wildcard that covers it) on "*", on every role of an
#   account (role/*) or on every resource of one lets a principal hand any
#   role, including an administrator's, to a service it controls: privilege
#   escalation.
# custom:
#   message: Scope iam:PassRole to the ARNs of the roles the principal must pass.
#   control: Least privilege
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   findings: ["1.2"]
#   types:
#     - aws:iam/policy:Policy
#     - aws:iam/rolePolicy:RolePolicy
#     - aws:iam/role:Role
deny_iam_passrole_wildcard contains msg if {
	some [label, doc] in identity_docs
	some st in allow_statements(doc)
	some r in resources(st)
	every_role(r)
	some a in actions(st)
	passes_roles(a, r)
	msg := sprintf("%s allows %s on every role (\"%s\")", [label, a, r])
}

# every_role(r) holds for a resource that names every role: every resource
# (every_resource_arn), or any role path of an account (or of every account).
every_role(r) if every_resource_arn(r)

every_role(r) if {
	is_string(r)
	endswith(r, ":role/*") # decided without the regex for most resources
	regex.match(`^arn:aws[a-z-]*:iam::[^:]*:role/\*$`, r)
}

# passes_roles(a, r) holds for an action that grants iam:PassRole on r,
# itself or through a wildcard (iam:Pass*, iam:PassR*, iam:*), but for what
# other rules report already: "*" (deny_iam_admin_wildcard), and iam:* on
# every resource (deny_iam_service_wildcard).
passes_roles(a, r) if {
	grants(a, "iam:passrole")
	lower(a) != "*"
	not whole_service_everywhere(a, r)
}

# whole_service_everywhere(a, r) holds for a whole service's actions on
# every resource, which deny_iam_service_wildcard reports.
whole_service_everywhere(a, r) if {
	regex.match(`^[a-zA-Z0-9-]+:\*$`, a)
	every_resource_arn(r)
}

# METADATA
# title: No role trusts everyone
# description: >-
#   A trust policy with the principal "*" lets any AWS account assume the
#   role and act as the project.
# custom:
#   message: Trust only the service or account that needs the role, with aws:SourceAccount or aws:SourceArn conditions.
#   control: Least privilege
#   hipaa: ["164.312(a)(1)", "164.312(d)"]
#   findings: ["1.2"]
#   types:
#     - aws:iam/role:Role
deny_iam_trust_wildcard contains msg if {
	input.__type == "aws:iam/role:Role"
	doc := policy_doc(input.assumeRolePolicy)
	some st in allow_statements(doc)
	wildcard_principal(st)
	msg := sprintf("IAM role '%s' can be assumed by any principal (trust policy statement %s)", [input.__name, text(object.get(st, "Sid", "without Sid"))])
}

# METADATA
# title: No inline policies
# description: >-
#   Every permission is a customer-managed policy attached to its role: an
#   inline policy cannot be listed, reviewed or detached on its own, and
#   AWS's HIPAA conformance pack flags it (IAM_NO_INLINE_POLICY_CHECK).
# custom:
#   message: Create an aws.iam.Policy with the document and attach it to the role with an aws.iam.RolePolicyAttachment.
#   control: Least privilege
#   hipaa: ["164.308(a)(4)", "164.312(a)(1)"]
#   findings: ["1.2"]
#   types:
#     - aws:iam/rolePolicy:RolePolicy
#     - aws:iam/userPolicy:UserPolicy
#     - aws:iam/groupPolicy:GroupPolicy
#     - aws:iam/role:Role
deny_iam_inline_policy contains msg if {
	input.__type in {
		"aws:iam/rolePolicy:RolePolicy",
		"aws:iam/userPolicy:UserPolicy",
		"aws:iam/groupPolicy:GroupPolicy",
	}
	msg := sprintf("IAM policy '%s' is an inline policy (%s): use a customer-managed policy attached to the principal", [input.__name, input.__type])
}

deny_iam_inline_policy contains msg if {
	input.__type == "aws:iam/role:Role"
	some p in as_list(object.get(input, "inlinePolicies", []))
	object.get(p, "policy", "") != ""
	msg := sprintf("IAM role '%s' has the inline policy %s: use a customer-managed policy attached to the role", [input.__name, text(object.get(p, "name", "without name"))])
}

# managed_policy_arns are the managed policy ARNs the input attaches.
managed_policy_arns contains arn if {
	input.__type in {
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment",
		"aws:iam/userPolicyAttachment:UserPolicyAttachment",
		"aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
		"aws:iam/policyAttachment:PolicyAttachment",
	}
	arn := input.policyArn
	is_string(arn)
}

managed_policy_arns contains arn if {
	input.__type in {"aws:iam/role:Role", "aws:iam/user:User", "aws:iam/group:Group"}
	some arn in as_list(object.get(input, "managedPolicyArns", []))
	is_string(arn)
}

managed_policy_arns contains arn if {
	input.__type in exclusive_attachment_types
	some arn in as_list(object.get(input, "policyArns", []))
	is_string(arn)
}

# exclusive_attachment_types attach a list of managed policies (policyArns)
# and detach any other.
exclusive_attachment_types := {
	"aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
	"aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
	"aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
}

# METADATA
# title: No broad AWS managed policy is attached
# description: >-
#   AWS managed policies such as AdministratorAccess or AmazonS3FullAccess
#   grant far more than any SCE role needs (config forbiddenPolicies).
# custom:
#   message: Replace the managed policy with a customer-managed policy listing the actions and resources needed.
#   control: Least privilege
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   findings: ["1.2", "2.1"]
#   types:
#     - aws:iam/rolePolicyAttachment:RolePolicyAttachment
#     - aws:iam/policyAttachment:PolicyAttachment
#     - aws:iam/role:Role
#     - aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive
#     - aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive
#     - aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive
deny_iam_admin_managed_policy contains msg if {
	some arn in managed_policy_arns
	some name in setting("deny_iam_admin_managed_policy", "forbiddenPolicies")
	endswith(arn, concat("", [":policy/", name]))
	msg := sprintf("IAM %s '%s' attaches the AWS managed policy %s", [iam_kind, input.__name, name])
}

iam_kind := "role" if {
	input.__type == "aws:iam/role:Role"
} else := "user" if {
	input.__type == "aws:iam/user:User"
} else := "group" if {
	input.__type == "aws:iam/group:Group"
} else := "policy attachment"

# METADATA
# title: No IAM access keys
# description: >-
#   Long-lived access keys are shared, copied and leaked; people sign in with
#   their own identity and MFA, machines use roles.
# custom:
#   message: Remove the access key; use an instance profile or a role assumed through SSO.
#   control: No long-lived credentials
#   hipaa: ["164.312(a)(2)(i)", "164.312(d)"]
#   findings: ["1.1", "3.1"]
#   types:
#     - aws:iam/accessKey:AccessKey
deny_iam_access_key contains msg if {
	input.__type == "aws:iam/accessKey:AccessKey"
	msg := sprintf("IAM access key '%s' is a long-lived credential", [input.__name])
}

# ssm_parameter_read_actions are the actions that return the values of SSM
# parameters.
ssm_parameter_read_actions := [
	"ssm:GetParameter",
	"ssm:GetParameters",
	"ssm:GetParametersByPath",
	"ssm:GetParameterHistory",
]

# ssm_parameter_managed_policies are AWS managed policies that allow reading
# every SSM parameter of the account.
ssm_parameter_managed_policies := {
	"AmazonSSMManagedInstanceCore",
	"AmazonEC2RoleforSSM",
	"AmazonSSMReadOnlyAccess",
	"AmazonSSMFullAccess",
}

# METADATA
# title: No role reads every SSM parameter
# description: >-
#   SSM Parameter Store holds the configuration and secrets of the whole
#   account. Reading every parameter, as AWS's AmazonSSMManagedInstanceCore
#   allows, lets anyone on the bastion or a worker read them all; the Systems
#   Manager agent needs none of it.
# custom:
#   message: >-
#     Replace the AWS managed policy with a customer-managed one that lists what the SSM agent needs,
#     and scope parameter reads to the ARNs of the parameters the role needs.
#   control: Least privilege
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   findings: ["1.2", "2.1"]
#   types:
#     - aws:iam/rolePolicyAttachment:RolePolicyAttachment
#     - aws:iam/policyAttachment:PolicyAttachment
#     - aws:iam/role:Role
#     - aws:iam/policy:Policy
#     - aws:iam/rolePolicy:RolePolicy
#     - aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive
#     - aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive
#     - aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive
deny_iam_ssm_parameters_wildcard contains msg if {
	some arn in managed_policy_arns
	contains(arn, ":iam::aws:policy/")
	some name in ssm_parameter_managed_policies
	regex.match(concat("", [`^arn:aws[a-z-]*:iam::aws:policy/(.+/)?`, name, `$`]), arn)
	msg := sprintf("IAM %s '%s' attaches the AWS managed policy %s, which reads every SSM parameter of the account", [iam_kind, input.__name, name])
}

deny_iam_ssm_parameters_wildcard contains msg if {
	some [label, doc] in identity_docs
	some st in allow_statements(doc)
	some r in resources(st)
	endswith(r, "*") # as every_ssm_parameter(r) requires, decided without a call
	every_ssm_parameter(r)
	reads := [a | some a in ssm_parameter_read_actions; covers_action(st, a)]
	count(reads) > 0
	msg := sprintf("%s allows %s on every SSM parameter (%s)", [label, concat(", ", reads), r])
}

# every_ssm_parameter(r) holds for a resource that names every parameter.
every_ssm_parameter(r) if r == "*"

every_ssm_parameter(r) if regex.match(`^arn:aws[a-z-]*:ssm:[^:]*:[^:]*:(\*|parameter/?\*)$`, r)
