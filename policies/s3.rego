package sce_hipaa

import rego.v1

# s3.rego: the configuration resources of one S3 bucket (encryption,
# versioning, public access, ownership, policy, ACL, Object Lock), and the
# bucket's inline settings they replace.

# METADATA
# title: S3 default encryption names a customer-managed KMS key
# description: >-
#   An SSE-KMS default encryption rule must name the project's KMS key. Without
#   kmsMasterKeyId (or with an empty one) S3 uses the AWS-managed aws/s3 key,
#   whose policy the project can neither restrict nor audit; naming an
#   AWS-managed key (alias/aws/...) is the same.
# custom:
#   message: Set rules[].applyServerSideEncryptionByDefault.kmsMasterKeyId to the project key's ARN.
#   control: Encryption at rest with the project key
#   hipaa: ["164.312(a)(2)(iv)"]
#   findings: ["1.6", "2.5"]
#   types:
#     - aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2
#     - aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration
deny_s3_sse_kms_key contains msg if {
	input.__type in sse_types
	some rule in as_array(input.rules)
	d := rule.applyServerSideEncryptionByDefault
	is_string(d.sseAlgorithm)
	startswith(d.sseAlgorithm, "aws:kms")
	not names_a_key(d)
	msg := sprintf("S3 encryption '%s' uses SSE-KMS without kmsMasterKeyId, so S3 falls back to the AWS-managed aws/s3 key", [input.__name])
}

deny_s3_sse_kms_key contains msg if {
	input.__type in sse_types
	some rule in as_array(input.rules)
	d := rule.applyServerSideEncryptionByDefault
	is_string(d.sseAlgorithm)
	startswith(d.sseAlgorithm, "aws:kms")
	is_string(d.kmsMasterKeyId)
	contains(lower(d.kmsMasterKeyId), "alias/aws/")
	msg := sprintf("S3 encryption '%s' names the AWS-managed key %s, not a customer-managed one", [input.__name, d.kmsMasterKeyId])
}

# names_a_key(d) holds when a default encryption names a key: a value other
# than null or "", or one not known yet.
names_a_key(d) if {
	is_set(d, "kmsMasterKeyId")
	d.kmsMasterKeyId != ""
}

# METADATA
# title: S3 versioning is enabled
# description: >-
#   Versioning keeps every version of every object, so PHI that is overwritten
#   or deleted by mistake or by an attacker can be recovered.
# custom:
#   message: Set versioningConfiguration.status to "Enabled".
#   control: Recoverable object versions
#   hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"]
#   findings: ["2.4"]
#   types:
#     - aws:s3/bucketVersioningV2:BucketVersioningV2
#     - aws:s3/bucketVersioning:BucketVersioning
deny_s3_versioning contains msg if {
	input.__type in versioning_types
	conf := input.versioningConfiguration
	unset_or_not(conf, "status", {"Enabled"})
	msg := sprintf("S3 versioning '%s' has status %s: it must be Enabled", [input.__name, text(object.get(conf, "status", "unset"))])
}

# METADATA
# title: S3 public access block sets all four flags
# description: >-
#   blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets
#   together keep a bucket private whatever ACL or policy is written later.
# custom:
#   message: Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.
#   control: No public buckets
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["1.2", "2.1"]
#   types:
#     - aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock
deny_s3_public_access_block contains msg if {
	input.__type in public_access_block_types
	some flag in ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]
	unset_or_not(input, flag, {true})
	msg := sprintf("S3 public access block '%s' does not set %s to true", [input.__name, flag])
}

# METADATA
# title: S3 object ownership is BucketOwnerEnforced
# description: >-
#   With ACLs disabled (BucketOwnerEnforced) the bucket owner owns every object
#   and only policies decide access; no object ACL can grant another account.
# custom:
#   message: Set rule.objectOwnership to "BucketOwnerEnforced".
#   control: No public buckets
#   hipaa: ["164.312(a)(1)"]
#   findings: ["1.2"]
#   types:
#     - aws:s3/bucketOwnershipControls:BucketOwnershipControls
deny_s3_ownership_controls contains msg if {
	input.__type in ownership_types
	unset_or_not(input.rule, "objectOwnership", {"BucketOwnerEnforced"})
	msg := sprintf("S3 ownership controls '%s' set objectOwnership to %s: ACLs stay enabled unless it is BucketOwnerEnforced", [input.__name, text(object.get(input.rule, "objectOwnership", "unset"))])
}

# METADATA
# title: S3 bucket policy denies requests without TLS
# description: >-
#   A Deny statement for every principal and every S3 action on the policy's
#   own bucket and its objects when aws:SecureTransport is false, with no
#   other condition, keeps PHI off unencrypted connections.
# custom:
#   message: >-
#     Add a statement {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":[bucket ARN, bucket ARN/*],
#     "Condition":{"Bool":{"aws:SecureTransport":"false"}}}.
#   control: Encryption in transit
#   hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   findings: ["2.8"]
#   types:
#     - aws:s3/bucketPolicy:BucketPolicy
deny_s3_tls_only contains msg if {
	input.__type in bucket_policy_types
	doc := input_policy_doc
	not s3_denies_insecure_transport(doc)
	msg := sprintf("S3 bucket policy '%s' does not deny requests without TLS (aws:SecureTransport false)", [input.__name])
}

# s3_denies_insecure_transport(doc) holds when one statement of doc denies
# every principal every request without TLS on the policy's bucket and on its
# objects, with no other condition that would narrow it.
s3_denies_insecure_transport(doc) if {
	some st in statements(doc)
	denies_insecure_transport({"Statement": [st]}, {"s3:*", "*"})
	covered_bucket_parts(st) == {"", "/*"}
	object.keys(st.Condition) == {"Bool"}
	count(st.Condition.Bool) == 1
}

# METADATA
# title: S3 bucket policy grants nothing to everyone
# description: >-
#   An Allow statement with the principal "*" and no (or an empty) condition,
#   or for every principal but those of a NotPrincipal, makes the bucket
#   public, whatever the public access block says about future policies.
# custom:
#   message: Name the principals (account, role or service) or add a condition that limits the statement.
#   control: No public buckets
#   hipaa: ["164.312(a)(1)"]
#   findings: ["1.2", "2.1"]
#   types:
#     - aws:s3/bucketPolicy:BucketPolicy
deny_s3_public_policy contains msg if {
	input.__type in bucket_policy_types
	some st in allow_statements(input_policy_doc)
	wildcard_principal(st)
	not has_condition(st)
	msg := sprintf("S3 bucket policy '%s' allows %s to everyone (statement %s)", [input.__name, concat(", ", actions(st)), text(object.get(st, "Sid", "without Sid"))])
}

deny_s3_public_policy contains msg if {
	input.__type in bucket_policy_types
	some st in allow_statements(input_policy_doc)
	st.NotPrincipal
	msg := sprintf("S3 bucket policy '%s' allows %s to every principal but those of NotPrincipal (statement %s)", [input.__name, concat(", ", actions(st)), text(object.get(st, "Sid", "without Sid"))])
}

# s3_admin_only_actions are the actions only the administrator role may call
# on a bucket, each with the part of the bucket it acts on: the bucket itself
# ("") or its objects ("/*").
s3_admin_only_actions := [
	["s3:PutBucketPolicy", ""],
	["s3:DeleteBucketPolicy", ""],
	["s3:PutReplicationConfiguration", ""],
	["s3:GetObjectVersionForReplication", "/*"],
	["s3:BypassGovernanceRetention", "/*"],
	["s3:PutBucketObjectLockConfiguration", ""],
	["s3:PutBucketNotification", ""],
	["s3:PutBucketLogging", ""],
	["s3:PutEncryptionConfiguration", ""],
	["s3:PutBucketVersioning", ""],
	["s3:PutLifecycleConfiguration", ""],
	["s3:PutBucketPublicAccessBlock", ""],
	["s3:PutBucketOwnershipControls", ""],
]

# METADATA
# title: S3 bucket policy keeps bucket administration to the admin role
# description: >-
#   Only the administrator role may change or delete the bucket policy,
#   configure replication, read object versions for replication, bypass
#   GOVERNANCE retention, or change the bucket's Object Lock configuration,
#   event notifications, server access logging, default encryption,
#   versioning, lifecycle rules, public access block or object ownership.
#   Otherwise any principal allowed s3:* in the account can remove the
#   policy's other denies, copy every object to a bucket it controls, delete
#   locked audit-log versions, or silently switch off the alerts, the access
#   log, the encryption or the versioning the other rules require. A Deny for
#   every principal whose only condition exempts the admin role by its ARN
#   (aws:PrincipalArn) closes these paths and still lets the admin role,
#   which deploys, update the policy and the bucket's configuration.
# custom:
#   message: >-
#     Add {"Effect":"Deny","Principal":"*","Action":["s3:PutBucketPolicy","s3:DeleteBucketPolicy",
#     "s3:PutReplicationConfiguration","s3:GetObjectVersionForReplication","s3:BypassGovernanceRetention",
#     "s3:PutBucketObjectLockConfiguration","s3:PutBucketNotification","s3:PutBucketLogging",
#     "s3:PutEncryptionConfiguration","s3:PutBucketVersioning","s3:PutLifecycleConfiguration",
#     "s3:PutBucketPublicAccessBlock","s3:PutBucketOwnershipControls"],
#     "Resource":[bucket ARN, bucket ARN/*],"Condition":{"ArnNotEquals":{"aws:PrincipalArn":admin role ARN}}}.
#   control: Least privilege
#   hipaa: ["164.312(a)(1)", "164.312(c)(1)", "164.308(a)(4)"]
#   findings: ["1.2", "2.1", "2.6"]
#   types:
#     - aws:s3/bucketPolicy:BucketPolicy
deny_s3_admin_only_actions contains msg if {
	input.__type in bucket_policy_types
	kept := s3_kept_to_admin(input_policy_doc)
	open := [action |
		some [action, part] in s3_admin_only_actions
		not [lower(action), part] in kept
	]
	count(open) > 0
	msg := sprintf("S3 bucket policy '%s' lets principals other than the admin role call %s: no Deny for everyone but named roles (aws:PrincipalArn) covers it", [input.__name, concat(", ", open)])
}

# s3_admin_only_by_part are the actions of s3_admin_only_actions, in lower
# case, by the part of the bucket they act on.
s3_admin_only_by_part := {part: actions |
	some [_, part] in s3_admin_only_actions
	actions := {lower(pair[0]) | some pair in s3_admin_only_actions; pair[1] == part}
}

# s3_kept_to_admin(doc) are the pairs [action in lower case, part] of
# s3_admin_only_actions that an admin-only Deny of doc covers on the part of
# the policy's bucket the action acts on.
s3_kept_to_admin(doc) := {[action, part] |
	some st in admin_only_denies(doc)
	some part in covered_bucket_parts(st)
	some action in covered_actions(st, s3_admin_only_by_part[part])
}

# covered_bucket_parts(st) are the parts of the policy's bucket the
# statement's resources include: "" for the bucket, "/*" for its objects.
# While the bucket is not known yet, any resource counts.
covered_bucket_parts(st) := {"", "/*"} if {
	"*" in resources(st)
} else := {"", "/*"} if {
	unknown(input.bucket)
} else := {part |
	some part, suffix in input_bucket_arn_suffixes
	some r in resources(st)
	is_string(r)
	startswith(r, "arn:")
	endswith(r, suffix)
}

# input_bucket_arn_suffixes are, by part, the ends of the ARNs of the
# policy's bucket ("") and of its objects ("/*"), when the bucket is known.
input_bucket_arn_suffixes := {part: concat("", [":s3:::", input.bucket, part]) | some part in ["", "/*"]} if {
	is_string(input.bucket)
	known(input.bucket)
}

public_acls := {"public-read", "public-read-write", "authenticated-read"}

public_grantees := {
	"http://acs.amazonaws.com/groups/global/AllUsers",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}

# METADATA
# title: S3 ACLs grant nothing to everyone
# description: >-
#   A canned ACL such as public-read, or a grant to AllUsers or
#   AuthenticatedUsers (in an ACL resource or a bucket's own grants), exposes
#   objects to anyone with an AWS account or none.
# custom:
#   message: Remove the ACL (ownership BucketOwnerEnforced disables ACLs) or use the private canned ACL.
#   control: No public buckets
#   hipaa: ["164.312(a)(1)"]
#   findings: ["1.2"]
#   types:
#     - aws:s3/bucketAclV2:BucketAclV2
#     - aws:s3/bucketAcl:BucketAcl
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucket:Bucket
deny_s3_public_acl contains msg if {
	input.__type in (acl_types | bucket_types)
	input.acl in public_acls
	msg := sprintf("S3 %s '%s' uses the canned ACL %s", [s3_kind, input.__name, input.acl])
}

deny_s3_public_acl contains msg if {
	input.__type in acl_types
	some grant in as_array(input.accessControlPolicy.grants)
	grant.grantee.uri in public_grantees
	msg := sprintf("S3 ACL '%s' grants %s to %s", [input.__name, text(grant.permission), grant.grantee.uri])
}

deny_s3_public_acl contains msg if {
	input.__type in bucket_types
	some grant in as_array(input.grants)
	grant.uri in public_grantees
	permissions := concat(", ", [text(p) | some p in as_array(grant.permissions)])
	msg := sprintf("S3 bucket '%s' grants %s to %s", [input.__name, permissions, grant.uri])
}

s3_kind := "ACL" if {
	input.__type in acl_types
} else := "bucket"

# METADATA
# title: S3 buckets leave policy, logging, encryption and versioning to their own resources
# description: >-
#   A bucket's deprecated inline policy, loggings, server-side encryption
#   configuration and versioning are not set: the bucket's policy, access
#   logging, default encryption and versioning each live in their own
#   resource, which the stack rules require. The bucket's outputs carry these
#   attributes as the provider last read them from AWS, whatever manages
#   them, so the stack rules do not accept them as proof; and an inline
#   setting next to its resource overwrites it on every update.
# custom:
#   message: >-
#     Remove the inline setting and give the bucket its own aws.s3.BucketPolicy, aws.s3.BucketLoggingV2,
#     aws.s3.BucketServerSideEncryptionConfigurationV2 or aws.s3.BucketVersioningV2.
#   control: Audit trail
#   hipaa: ["164.312(b)", "164.312(e)(1)", "164.312(a)(2)(iv)", "164.312(c)(1)"]
#   findings: ["1.6", "2.4", "2.7", "2.8"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucket:Bucket
deny_s3_inline_bucket_settings contains msg if {
	input.__type in bucket_types
	some key, companion in s3_inline_settings
	v := input[key]
	known(v)
	not v in {null, "", false, [], {}}
	msg := sprintf("S3 bucket '%s' sets %s inline: give it an %s instead", [input.__name, key, companion])
}

# s3_inline_settings are the deprecated inline settings of a bucket, by the
# resource that replaces each (the legacy bucket's names and BucketV2's).
s3_inline_settings := {
	"policy": "aws.s3.BucketPolicy",
	"logging": "aws.s3.BucketLoggingV2",
	"loggings": "aws.s3.BucketLoggingV2",
	"serverSideEncryptionConfiguration": "aws.s3.BucketServerSideEncryptionConfigurationV2",
	"serverSideEncryptionConfigurations": "aws.s3.BucketServerSideEncryptionConfigurationV2",
	"versioning": "aws.s3.BucketVersioningV2",
	"versionings": "aws.s3.BucketVersioningV2",
}

# METADATA
# title: S3 Object Lock default retention is complete
# description: >-
#   A default retention, where an Object Lock configuration has one, names
#   GOVERNANCE or COMPLIANCE and a positive number of days or years, so that
#   every new object version is locked. A configuration without a rule
#   enables Object Lock alone (the audit-log bucket needs a retention:
#   stack_deny_s3_audit_object_lock).
# custom:
#   message: Give rule.defaultRetention mode GOVERNANCE or COMPLIANCE and a positive days or years, or drop the rule.
#   control: Tamper-proof audit logs
#   hipaa: ["164.312(b)", "164.312(c)(1)"]
#   findings: ["2.6"]
#   types:
#     - aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2
#     - aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration
deny_s3_object_lock_retention contains msg if {
	input.__type in object_lock_types
	some problem in object_lock_problems
	msg := sprintf("S3 Object Lock configuration '%s' %s", [input.__name, problem])
}

object_lock_problems contains "has a rule without a default retention" if {
	known_object(input.rule)
	not is_set(input.rule, "defaultRetention")
}

object_lock_problems contains sprintf("has retention mode %s: use GOVERNANCE or COMPLIANCE", [text(mode)]) if {
	mode := input.rule.defaultRetention.mode
	known(mode)
	not mode in {"GOVERNANCE", "COMPLIANCE"}
}

object_lock_problems contains "sets neither days nor years of default retention" if {
	dr := input.rule.defaultRetention
	known_object(dr)
	not retention_set(dr)
}

# retention_set(dr) holds when a default retention has a positive (or not yet
# known) number of days or years.
retention_set(dr) if {
	some k in ["days", "years"]
	v := dr[k]
	v != null
	unknown(v)
}

retention_set(dr) if {
	some k in ["days", "years"]
	is_number(dr[k])
	dr[k] > 0
}
