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
#   rule). A destination outside the stack would be a copy of PHI that the
#   project's close-out never finds.
# custom:
#   message: >-
#     Give the bucket an aws.s3.BucketReplicationConfig with an enabled rule whose destination is its replica bucket
#     in the same stack (sce.BucketArgs.Replication builds the replica and both configurations).
#   control: Backup and recovery
#   hipaa: ["164.308(a)(7)(ii)(A)", "164.308(a)(7)(ii)(B)"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketReplicationConfig:BucketReplicationConfig
stack_deny_s3_replication contains msg if {
	some b in buckets
	not replicated(b)
	not replication_unknown(b)
	msg := sprintf("S3 bucket '%s' has no enabled replication rule to another bucket of the stack", [b.__name])
}

# replications maps each bucket's URN to its replication configurations.
replications := companions(replication_types)

# replicated(b) holds when a replication configuration of bucket b has an
# enabled rule to another bucket of the stack.
replicated(b) if {
	some d in buckets
	d.__urn != b.__urn
	replicates_into(b, d)
}

# replicates_into(b, d) holds when a replication configuration of bucket b
# has an enabled rule whose destination is bucket d.
replicates_into(b, d) if {
	some c in replications[b.__urn]
	some rule in as_array(c.rules)
	rule.status == "Enabled"
	replicates_to(c, rule, d)
}

# replicates_to(c, rule, d) holds when rule of configuration c names bucket
# d as its destination: through a property dependency (the destination's
# ARN is not known before the bucket exists), or by its literal ARN.
replicates_to(c, _, d) if refers(c, "rules", d)

replicates_to(_, rule, d) if {
	dest := rule.destination.bucket
	is_string(dest)
	is_string(d.bucket)
	endswith(dest, sprintf(":::%s", [d.bucket]))
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
