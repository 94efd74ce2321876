package sce_hipaa

import rego.v1

# kms.rego: the customer-managed keys that encrypt PHI, logs and alerts.

key_type := "aws:kms/key:Key"

# METADATA
# title: KMS keys rotate yearly
# description: >-
#   Automatic rotation replaces a symmetric key's material every year, which
#   limits how much ciphertext one key version protects.
# custom:
#   message: Set enableKeyRotation to true.
#   control: Key management
#   hipaa: ["164.312(a)(2)(iv)"]
#   findings: ["1.6"]
#   types:
#     - aws:kms/key:Key
deny_kms_rotation contains msg if {
	input.__type == key_type
	symmetric_key
	unset_or_not(input, "enableKeyRotation", {true})
	msg := sprintf("KMS key '%s' does not rotate (enableKeyRotation)", [input.__name])
}

# symmetric_key holds for keys AWS can rotate.
symmetric_key if {
	spec := object.get(input, "customerMasterKeySpec", object.get(input, "keySpec", "SYMMETRIC_DEFAULT"))
	spec == "SYMMETRIC_DEFAULT"
}

# METADATA
# title: KMS key policies name their principals
# description: >-
#   An Allow statement for the principal "*", or for every principal but those
#   of a NotPrincipal, lets any AWS account use or manage the key that
#   decrypts the project's PHI.
# custom:
#   message: Name the account root, roles or services in every Allow statement of the key policy.
#   control: Key management
#   hipaa: ["164.312(a)(1)", "164.312(a)(2)(iv)"]
#   findings: ["1.2"]
#   types:
#     - aws:kms/key:Key
#     - aws:kms/keyPolicy:KeyPolicy
deny_kms_wildcard_principal contains msg if {
	input.__type in {key_type, "aws:kms/keyPolicy:KeyPolicy"}
	some st in allow_statements(input_policy_doc)
	wildcard_principal(st)
	msg := sprintf("KMS key policy of '%s' allows %s to any principal (statement %s)", [input.__name, concat(", ", actions(st)), text(object.get(st, "Sid", "without Sid"))])
}

deny_kms_wildcard_principal contains msg if {
	input.__type in {key_type, "aws:kms/keyPolicy:KeyPolicy"}
	some st in allow_statements(input_policy_doc)
	st.NotPrincipal
	msg := sprintf("KMS key policy of '%s' allows %s to every principal but those of NotPrincipal (statement %s)", [input.__name, concat(", ", actions(st)), text(object.get(st, "Sid", "without Sid"))])
}

# METADATA
# title: KMS keys keep a long deletion window
# description: >-
#   Deleting the key makes every object it encrypted unreadable for good; a
#   long deletion window leaves time to notice and cancel a deletion.
# custom:
#   message: Set deletionWindowInDays to at least this rule's minimumDays (default 30), or leave it unset (30).
#   control: Key management
#   hipaa: ["164.308(a)(7)(ii)(A)", "164.312(a)(2)(iv)"]
#   findings: ["5.4"]
#   types:
#     - aws:kms/key:Key
deny_kms_deletion_window contains msg if {
	input.__type == key_type
	days := input.deletionWindowInDays
	is_number(days)
	minimum := setting("deny_kms_deletion_window", "minimumDays")
	days < minimum
	msg := sprintf("KMS key '%s' has a deletion window of %d days, below the minimum of %d", [input.__name, days, minimum])
}

# kms_admin_only_actions are the key-level administration actions only the
# administrator role may call: deleting, disabling and re-policying the key.
# Using the key (Encrypt, Decrypt, CreateGrant ...) is not among them.
kms_admin_only_actions := [
	"kms:ScheduleKeyDeletion",
	"kms:CancelKeyDeletion",
	"kms:DisableKey",
	"kms:DisableKeyRotation",
	"kms:PutKeyPolicy",
]

# METADATA
# title: KMS key administration is kept to the admin role
# description: >-
#   A key policy that lets the account administer the key through IAM lets
#   any principal allowed kms:* schedule the key's deletion, disable it or
#   rewrite its policy, and so make every object it encrypted unreadable. A
#   Deny of these actions for every principal whose only condition exempts
#   the admin role by its ARN (aws:PrincipalArn) keeps them to the role that
#   deploys and closes out the project; using the key stays as IAM allows.
# custom:
#   message: >-
#     Add {"Effect":"Deny","Principal":"*","Action":["kms:ScheduleKeyDeletion","kms:CancelKeyDeletion",
#     "kms:DisableKey","kms:DisableKeyRotation","kms:PutKeyPolicy"],"Resource":"*",
#     "Condition":{"ArnNotEquals":{"aws:PrincipalArn":admin role ARN}}} to the key policy.
#   control: Key management
#   hipaa: ["164.312(a)(1)", "164.312(a)(2)(iv)", "164.308(a)(7)(ii)(A)"]
#   findings: ["1.2", "2.1"]
#   types:
#     - aws:kms/key:Key
#     - aws:kms/keyPolicy:KeyPolicy
deny_kms_admin_only_actions contains msg if {
	input.__type in {key_type, "aws:kms/keyPolicy:KeyPolicy"}
	kept := kms_kept_to_admin(input_policy_doc)
	open := [action |
		some action in kms_admin_only_actions
		not lower(action) in kept
	]
	count(open) > 0
	msg := sprintf("KMS key policy of '%s' lets principals other than the admin role call %s: no Deny for everyone but named roles (aws:PrincipalArn) covers it", [input.__name, concat(", ", open)])
}

# kms_admin_only_lower are the kms_admin_only_actions in lower case.
kms_admin_only_lower := {lower(action) | some action in kms_admin_only_actions}

# kms_kept_to_admin(doc) are the kms_admin_only_actions, in lower case, that
# an admin-only Deny of the key policy doc covers on the key ("*" in a key
# policy).
kms_kept_to_admin(doc) := {action |
	some st in admin_only_denies(doc)
	"*" in resources(st)
	some action in covered_actions(st, kms_admin_only_lower)
}
