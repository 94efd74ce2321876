package sce_hipaa

import rego.v1

# s3_stack.rego: what one bucket resource cannot show: that each bucket has
# its encryption, versioning, public access block, ownership, policy and
# logging resources, and that the audit-log bucket is locked.
#
# Only the companion resource counts, never the bucket's own inline setting
# of the same name: a bucket's outputs carry the deprecated policy, loggings,
# encryption and versioning attributes as the provider last read them from
# AWS, so after the companion resource is removed from the program the
# stored outputs would still show the setting. deny_s3_inline_bucket_settings
# refuses the inline settings on the bucket's inputs.

# METADATA
# title: Every bucket is encrypted with SSE-KMS
# description: >-
#   Each bucket has a server-side encryption configuration, and every bucket
#   but the server-access-log target uses SSE-KMS (that target must use SSE-S3,
#   see stack_deny_s3_access_log_target).
# custom:
#   message: >-
#     Give the bucket an aws.s3.BucketServerSideEncryptionConfigurationV2 with sseAlgorithm aws:kms and the
#     project key.
#   control: Encryption at rest with the project key
#   hipaa: ["164.312(a)(2)(iv)"]
#   findings: ["1.6", "2.5"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2
stack_deny_s3_encryption contains msg if {
	some b in buckets
	count(sse_configs[b.__urn]) == 0
	msg := sprintf("S3 bucket '%s' has no server-side encryption configuration resource", [b.__name])
}

stack_deny_s3_encryption contains msg if {
	some b in buckets
	not log_target(b)
	some alg in sse_algorithms(b)
	is_string(alg)
	known(alg)
	not startswith(alg, "aws:kms")
	msg := sprintf("S3 bucket '%s' is encrypted with %s, not SSE-KMS with the project key", [b.__name, alg])
}

# sse_algorithms(b) are the default-encryption algorithms of bucket b.
sse_algorithms(b) := {alg |
	some c in sse_configs[b.__urn]
	some rule in as_array(c.rules)
	alg := rule.applyServerSideEncryptionByDefault.sseAlgorithm
}

# METADATA
# title: The server-access-log bucket uses SSE-S3
# description: >-
#   S3 delivers server access logs only to a bucket encrypted with SSE-S3
#   (AES256); with SSE-KMS the access logs are silently lost.
# custom:
#   message: Encrypt the access-log target bucket with sseAlgorithm AES256.
#   control: Audit trail
#   hipaa: ["164.312(b)"]
#   findings: ["2.7", "2.9"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketLoggingV2:BucketLoggingV2
stack_deny_s3_access_log_target contains msg if {
	some b in buckets
	log_target(b)
	some alg in sse_algorithms(b)
	is_string(alg)
	known(alg)
	alg != "AES256"
	msg := sprintf("S3 bucket '%s' receives server access logs but is encrypted with %s: S3 delivers them only to SSE-S3 (AES256) buckets", [b.__name, alg])
}

# METADATA
# title: Every bucket has versioning enabled
# description: Each bucket has a versioning resource, so no object version can be lost.
# custom:
#   message: Give the bucket an aws.s3.BucketVersioningV2 with status Enabled.
#   control: Recoverable object versions
#   hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"]
#   findings: ["2.4"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketVersioningV2:BucketVersioningV2
stack_deny_s3_versioning contains msg if {
	some b in buckets
	count(versionings[b.__urn]) == 0
	msg := sprintf("S3 bucket '%s' has no versioning resource", [b.__name])
}

# METADATA
# title: Every bucket has a public access block
# description: Each bucket has its own public access block resource.
# custom:
#   message: Give the bucket an aws.s3.BucketPublicAccessBlock with all four flags true.
#   control: No public buckets
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["1.2", "2.1"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock
stack_deny_s3_public_access_block contains msg if {
	some b in buckets
	count(public_access_blocks[b.__urn]) == 0
	msg := sprintf("S3 bucket '%s' has no public access block resource", [b.__name])
}

# METADATA
# title: Every bucket disables ACLs
# description: Each bucket has ownership controls, so ACLs are disabled.
# custom:
#   message: Give the bucket an aws.s3.BucketOwnershipControls with objectOwnership BucketOwnerEnforced.
#   control: No public buckets
#   hipaa: ["164.312(a)(1)"]
#   findings: ["1.2"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketOwnershipControls:BucketOwnershipControls
stack_deny_s3_ownership_controls contains msg if {
	some b in buckets
	count(ownerships[b.__urn]) == 0
	msg := sprintf("S3 bucket '%s' has no ownership controls resource, so its ACLs stay enabled", [b.__name])
}

# METADATA
# title: Every bucket has a bucket policy
# description: >-
#   Each bucket has a policy; without one nothing denies requests without TLS
#   or uploads that ask for another key.
# custom:
#   message: Give the bucket an aws.s3.BucketPolicy that at least denies requests without TLS.
#   control: Encryption in transit
#   hipaa: ["164.312(e)(1)", "164.312(a)(1)"]
#   findings: ["2.8"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketPolicy:BucketPolicy
stack_deny_s3_bucket_policy contains msg if {
	some b in buckets
	count(bucket_policies[b.__urn]) == 0
	msg := sprintf("S3 bucket '%s' has no bucket policy resource", [b.__name])
}

# METADATA
# title: Every bucket logs server access
# description: >-
#   Each bucket except the log target delivers S3 server access logs, a second
#   record of every request next to CloudTrail.
# custom:
#   message: Give the bucket an aws.s3.BucketLoggingV2 targeting the access-log bucket.
#   control: Audit trail
#   hipaa: ["164.312(b)"]
#   findings: ["2.7", "2.9"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketLoggingV2:BucketLoggingV2
stack_deny_s3_access_logging contains msg if {
	some b in buckets
	not log_target(b)
	count(loggings[b.__urn]) == 0
	msg := sprintf("S3 bucket '%s' does not log server access (no logging resource)", [b.__name])
}

# METADATA
# title: The audit-log bucket has Object Lock
# description: >-
#   The bucket a trail delivers to is created with Object Lock and has a
#   default retention, so no one can delete or overwrite audit logs before the
#   retention ends.
# custom:
#   message: >-
#     Create the trail's bucket with objectLockEnabled true and give it an
#     aws.s3.BucketObjectLockConfigurationV2 with a default retention.
#   control: Tamper-proof audit logs
#   hipaa: ["164.312(b)", "164.312(c)(1)"]
#   findings: ["2.6"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2
#     - aws:cloudtrail/trail:Trail
stack_deny_s3_audit_object_lock contains msg if {
	some t in trails
	some b in buckets
	trail_bucket(t, b)
	unset_or_not(b, "objectLockEnabled", {true})
	msg := sprintf("S3 bucket '%s' receives the logs of trail '%s' but is not created with Object Lock (objectLockEnabled)", [b.__name, t.__name])
}

stack_deny_s3_audit_object_lock contains msg if {
	some t in trails
	some b in buckets
	trail_bucket(t, b)
	not default_retention(b)
	msg := sprintf("S3 bucket '%s' receives the logs of trail '%s' but has no Object Lock configuration with a default retention", [b.__name, t.__name])
}

# default_retention(b) holds when one of bucket b's Object Lock
# configurations has a default retention (or one not known yet).
default_retention(b) if {
	some c in object_locks[b.__urn]
	not known_object(c.rule)
	is_set(c, "rule")
}

default_retention(b) if {
	some c in object_locks[b.__urn]
	is_set(c.rule, "defaultRetention")
}

# METADATA
# title: Every bucket has Object Lock
# description: >-
#   Each bucket but the server-access-log target is created with Object Lock
#   or has an Object Lock configuration that enables it, so that any object
#   version can be locked against deletion and overwriting (a retention
#   period or a legal hold), as AWS's rule s3-bucket-default-lock-enabled
#   asks. S3 delivers no server access logs to a bucket with Object Lock,
#   so the log target has none (stack_deny_s3_access_log_target_object_lock),
#   and neither has its replica, a bucket replicating both ways with it: S3
#   replicates from a bucket with Object Lock only into one with Object Lock.
#   Nor has the bucket AWS Config delivers to (the delivery channel's
#   s3BucketName) or its replica: AWS does not support a Config delivery
#   channel to a bucket with Object Lock.
# custom:
#   message: >-
#     Give the bucket an aws.s3.BucketObjectLockConfigurationV2 with objectLockEnabled Enabled (after its
#     versioning), or create it with objectLockEnabled true.
#   control: Recoverable object versions
#   hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"]
#   findings: ["2.4", "2.6"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2
#     - aws:s3/bucketLoggingV2:BucketLoggingV2
#     - aws:s3/bucketReplicationConfig:BucketReplicationConfig
#     - aws:cfg/deliveryChannel:DeliveryChannel
stack_deny_s3_object_lock contains msg if {
	some b in buckets
	not log_target(b)
	not log_target_replica(b)
	not config_delivery_bucket(b)
	not config_delivery_replica(b)
	not object_lock_enabled(b)
	not object_lock_unknown(b)
	not log_target_replica_unknown(b)
	msg := sprintf("S3 bucket '%s' has no Object Lock: neither objectLockEnabled nor an Object Lock configuration enables it", [b.__name])
}

# config_delivery_bucket(b) holds when an AWS Config delivery channel of the
# stack delivers to bucket b, a bucket not named as PHI (phiBuckets): a
# channel naming a PHI bucket takes no lock off it.
config_delivery_bucket(b) if {
	some c in of_types({"aws:cfg/deliveryChannel:DeliveryChannel"})
	bucket_ref(c, "s3BucketName", b)
	not b in phi_buckets
}

# config_delivery_replica(b) holds when b replicates both ways with a Config
# delivery bucket.
config_delivery_replica(b) if {
	not config_delivery_bucket(b)
	not b in phi_buckets
	some t in buckets
	config_delivery_bucket(t)
	replicates_both_ways(b, t)
}

# object_lock_enabled(b) holds when bucket b is created with Object Lock
# (objectLockEnabled, or the legacy bucket's inline objectLockConfiguration)
# or an Object Lock configuration enables it (objectLockEnabled defaults to
# Enabled).
object_lock_enabled(b) if b.objectLockEnabled == true

object_lock_enabled(b) if b.objectLockConfiguration.objectLockEnabled == "Enabled"

object_lock_enabled(b) if {
	some c in object_locks[b.__urn]
	object.get(c, "objectLockEnabled", "Enabled") in {"Enabled", null}
}

# object_lock_unknown(b) holds when whether b has Object Lock is not known
# yet: rules do not decide on unknown values.
object_lock_unknown(b) if unknown(b.objectLockEnabled)

object_lock_unknown(b) if {
	some c in object_locks[b.__urn]
	unknown(c.objectLockEnabled)
}

# METADATA
# title: The server-access-log bucket and its replica have no Object Lock
# description: >-
#   S3 does not deliver server access logs to a bucket with Object Lock or a
#   default retention: the logs would be lost without an error. Its replica,
#   a bucket replicating both ways with it, has none either: S3 replicates
#   from a bucket with Object Lock only into one with Object Lock, so the
#   way back into the log target would fail.
# custom:
#   message: >-
#     Create the access-log target and its replica with objectLockEnabled false and give them no Object
#     Lock configuration; versioning, replication and the trails' data events protect their objects.
#   control: Audit trail
#   hipaa: ["164.312(b)"]
#   findings: ["2.7", "2.9"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2
#     - aws:s3/bucketLoggingV2:BucketLoggingV2
#     - aws:s3/bucketReplicationConfig:BucketReplicationConfig
stack_deny_s3_access_log_target_object_lock contains msg if {
	some b in buckets
	log_target(b)
	object_lock_enabled(b)
	msg := sprintf("S3 bucket '%s' receives server access logs but has Object Lock: S3 delivers no server access logs to it", [b.__name])
}

stack_deny_s3_access_log_target_object_lock contains msg if {
	some b in buckets
	log_target_replica(b)
	object_lock_enabled(b)
	msg := sprintf("S3 bucket '%s' replicates back into the server-access-log bucket but has Object Lock: S3 replicates from it only into a bucket with Object Lock", [b.__name])
}

# log_target_replica(b) holds when bucket b, not itself a log target,
# replicates both ways with a log target: the log target's replica.
log_target_replica(b) if {
	not log_target(b)
	some t in log_targets
	replicates_both_ways(b, t)
}

# log_target_replica_unknown(b) holds when whether b is a log target's
# replica is not known yet: the replication rules of b or of a log target
# are unknown.
log_target_replica_unknown(b) if replication_unknown(b)

log_target_replica_unknown(_) if {
	some t in log_targets
	replication_unknown(t)
}
