package sce_hipaa

import rego.v1

# s3_replication.rego: every bucket keeps a disaster-recovery copy in
# another bucket of the stack (sce's same-region replica), which one bucket
# resource cannot show.

# METADATA
# title: Every bucket replicates to another bucket of the stack
# description: >-
#   Each bucket has a replication configuration with an enabled rule whose
#   destination is another bucket of the same stack, so every new object
#   version has a second copy that survives the loss or corruption of the
#   bucket (AWS's rule s3-bucket-replication-enabled asks for an enabled
#   rule). The rule replicates every object: a filter by prefix or tag
#   leaves the other objects without a copy. A destination outside the stack
#   would be a copy of PHI that the project's close-out never finds.
# custom:
#   message: >-
#     Give the bucket an aws.s3.BucketReplicationConfig with an enabled rule, without a prefix or tag filter, whose
#     destination is its replica bucket in the same stack (sce.BucketArgs.Replication builds the replica and both
#     configurations).
#   control: Backup and recovery
#   hipaa: ["164.308(a)(7)(ii)(A)", "164.308(a)(7)(ii)(B)"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketReplicationConfig:BucketReplicationConfig
stack_deny_s3_replication contains msg if {
	some b in buckets
	not b.__urn in replicated_urns
	not b.__urn in partly_replicated_urns
	not replication_unknown(b)
	msg := sprintf("S3 bucket '%s' has no enabled replication rule to another bucket of the stack", [b.__name])
}

stack_deny_s3_replication contains msg if {
	some b in buckets
	not b.__urn in replicated_urns
	b.__urn in partly_replicated_urns
	not replication_unknown(b)
	msg := sprintf("S3 bucket '%s' replicates to another bucket of the stack only the objects a prefix or tag filter selects", [b.__name])
}

# replications maps each bucket's URN to its replication configurations.
replications := companions(replication_types)

# replicated_urns are the URNs of the buckets with a replication
# configuration that has an enabled rule into another bucket of the stack.
# It reads each rule once, where asking every pair of buckets would read
# each rule once per bucket of the stack.
replicated_urns := {u |
	some u, cs in replications
	some c in cs
	some rule in as_array(c.rules)
	rule.status == "Enabled"
	not filtered(rule)
	some d in rule_destinations(c, rule)
	d != u
}

# partly_replicated_urns are the URNs of the buckets with an enabled rule
# into another bucket of the stack that a filter narrows.
partly_replicated_urns := {u |
	some u, cs in replications
	some c in cs
	some rule in as_array(c.rules)
	rule.status == "Enabled"
	filtered(rule)
	some d in rule_destinations(c, rule)
	d != u
}

# filtered(rule) holds when a known filter of a replication rule selects
# only some objects: a prefix (the rule's own, of the older schema, or its
# filter's), a tag, or an and of them. An empty prefix selects every object.
filtered(rule) if known_setting(rule, "prefix")

filtered(rule) if known_setting(rule.filter, "prefix")

filtered(rule) if known_setting(rule.filter, "tag")

filtered(rule) if known_setting(rule.filter.and, "prefix")

filtered(rule) if known_setting(rule.filter.and, "tags")

# known_setting(o, k) holds when o[k] is a known, non-empty setting.
known_setting(o, k) if {
	inline_setting(o, k)
	known(o[k])
}

# replicates_both_ways(b, t) holds when b and t replicate into each other.
replicates_both_ways(b, t) if {
	replicates_into(b, t)
	replicates_into(t, b)
}

# replicates_into(b, d) holds when a replication configuration of bucket b
# has an enabled rule whose destination is bucket d.
replicates_into(b, d) if {
	some c in replications[b.__urn]
	some rule in as_array(c.rules)
	rule.status == "Enabled"
	d.__urn in rule_destinations(c, rule)
}

# rule_destinations(c, rule) are the URNs of the stack's buckets that rule
# of replication configuration c replicates into. A rule whose destination
# ARN is known names its bucket by that ARN, and a bucket of the stack whose
# name is not known could be it. A rule whose destination is not known yet
# (the ARN of a bucket that does not exist) falls back to the buckets the
# configuration's rules came from: their property dependency is one for all
# the rules of c, so it cannot tell which rule points where.
rule_destinations(c, rule) := named if {
	dest := rule.destination.bucket
	is_string(dest)
	known(dest)
	named := {u | some u in object.get(bucket_urns_by_name, arn_bucket_name(dest), [])} | {u |
		some u in pd(c, "rules")
		u in unnamed_bucket_urns
	}
} else := {u |
	some u in pd(c, "rules")
	u in bucket_urn_set
}

# arn_bucket_name(arn) is the bucket name an S3 bucket ARN ends with, after
# its last ":::"; "" for a string without ":::".
arn_bucket_name(arn) := name if {
	contains(arn, ":::")
	parts := split(arn, ":::")
	name := parts[count(parts) - 1]
} else := ""

# bucket_urn_set are the URNs of the stack's buckets.
bucket_urn_set := {b.__urn | some b in buckets}

# unnamed_bucket_urns are the URNs of the stack's buckets whose literal
# name is not known: a known destination ARN cannot be compared with it.
unnamed_bucket_urns := {b.__urn |
	some b in buckets
	not known_name(b)
}

# known_name(b) holds when bucket b has a known literal name.
known_name(b) if {
	is_string(b.bucket)
	known(b.bucket)
}

# replication_unknown(b) holds when the rules of a replication
# configuration of b are not known yet: rules do not decide on them.
replication_unknown(b) if {
	some c in replications[b.__urn]
	unknown(c.rules)
}

replication_unknown(b) if {
	some c in replications[b.__urn]
	some rule in as_array(c.rules)
	unknown(rule.status)
}
