package sce_hipaa

import rego.v1

# cloudtrail_stack.rego: the trail as part of the stack: that it records
# object access to the PHI buckets, and that it waits for its bucket policy.

# phi_buckets are the buckets whose object access must be recorded.
phi_buckets := [b |
	some b in buckets
	name_matches(b.__name, phi_bucket_patterns)
]

# phi_bucket_patterns are the phiBuckets setting, split once.
phi_bucket_patterns := name_patterns(setting("stack_deny_cloudtrail_data_events", "phiBuckets"))

# METADATA
# title: A trail records every read and write of PHI objects
# description: >-
#   Each PHI bucket is covered by S3 data events (read and write) of a trail,
#   so every access to a PHI object is attributable to a principal. Management
#   events alone do not show who read which file.
# custom:
#   message: >-
#     Add to the trail's eventSelectors a dataResources entry {type AWS::S3::Object, values
#     ["arn:aws:s3:::<bucket>/"]} with readWriteType All, for every PHI bucket.
#   control: Audit of PHI access
#   hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)", "164.308(a)(5)(ii)(C)"]
#   findings: ["2.11"]
#   types:
#     - aws:cloudtrail/trail:Trail
#     - aws:s3/bucketV2:BucketV2
stack_deny_cloudtrail_data_events contains msg if {
	some b in phi_buckets
	name := b.bucket
	is_string(name)
	known(name)
	not data_events_cover(name)
	msg := sprintf("No CloudTrail trail records S3 data events (read and write) for PHI bucket '%s' (%s)", [b.__name, name])
}

# data_events_cover(name) holds when a trail records reads and writes of the
# objects of bucket name (or its selectors are not known yet).
data_events_cover(_) if {
	some t in trails
	unknown(t.eventSelectors)
}

data_events_cover(name) if {
	some t in trails
	some s in as_array(t.eventSelectors)
	read_write_all(s)
	some dr in as_array(s.dataResources)
	dr.type == "AWS::S3::Object"
	some v in as_array(dr.values)
	covers_bucket(v, name)
}

data_events_cover(name) if {
	some t in trails
	some s in as_array(t.advancedEventSelectors)
	advanced_covers(s, name)
}

# covers_bucket(v, name) holds when a data resource value covers every object
# of bucket name: all buckets, the whole bucket, or a value not known yet.
covers_bucket(v, _) if unknown(v)

covers_bucket(v, name) if {
	is_string(v)
	some partition in ["aws", "aws-us-gov", "aws-cn"]
	v in {
		sprintf("arn:%s:s3", [partition]),
		sprintf("arn:%s:s3:::", [partition]),
		sprintf("arn:%s:s3:::%s/", [partition, name]),
	}
}

# advanced_covers(s, name) holds for an advanced event selector that records
# S3 object reads and writes of bucket name.
advanced_covers(s, _) if selector_unknown(s)

advanced_covers(s, name) if {
	fields := selector_fields(s)
	"Data" in as_array(fields.eventCategory.equals)
	"AWS::S3::Object" in as_array(fields["resources.type"].equals)
	every k, _ in fields {
		k in {"eventCategory", "resources.type", "resources.ARN"}
	}
	arn_selected(fields, name)
}

# only_or_unset(o, k, keys) holds when k is one of keys or o[k] holds no
# setting: a stack rule reads a real preview's outputs, where every operator
# of a field selector is present, those not given empty.
only_or_unset(_, k, keys) if k in keys

only_or_unset(o, k, _) if not inline_setting(o, k)

arn_selected(fields, _) if not fields["resources.ARN"]

arn_selected(fields, name) if {
	arn := fields["resources.ARN"]
	every k, _ in arn {
		only_or_unset(arn, k, {"field", "startsWiths"})
	}
	some v in as_array(arn.startsWiths)
	covers_bucket(v, name)
}

# METADATA
# title: The trail waits for its bucket policy
# description: >-
#   CloudTrail checks at creation that the bucket policy lets it write; a trail
#   created before its bucket policy fails (InsufficientS3BucketPolicyException).
# custom:
#   message: Add the bucket's aws.s3.BucketPolicy to the trail's dependsOn.
#   control: Audit trail
#   hipaa: ["164.312(b)"]
#   findings: ["2.11"]
#   types:
#     - aws:cloudtrail/trail:Trail
#     - aws:s3/bucketPolicy:BucketPolicy
stack_deny_cloudtrail_bucket_policy contains msg if {
	some t in trails
	some b in buckets
	trail_bucket(t, b)
	not waits_for_policy(t, b)
	msg := sprintf("CloudTrail trail '%s' does not depend on the bucket policy of its bucket '%s'", [t.__name, b.__name])
}

waits_for_policy(t, b) if {
	some p in bucket_policies[b.__urn]
	p.__urn in deps(t)
}
