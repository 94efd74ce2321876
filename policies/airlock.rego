package sce_hipaa

import rego.v1

# airlock.rego: the egress bucket, where the airlock releases reviewed
# results to their recipients. Like every bucket it is encrypted with the
# project key, TLS-only and closed to the public (s3.rego, s3_stack.rego);
# these rules add what only the egress bucket needs: released copies expire,
# and no one but the airlock's approver role writes them.

# egress_buckets are the stack's egress buckets: logical name <pit>-egress.
egress_buckets := [b | some b in buckets; endswith(b.__name, "-egress")]

lifecycle_types := {"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"}

lifecycles := companions(lifecycle_types)

# METADATA
# title: Released results expire from the egress bucket
# description: >-
#   The egress bucket holds copies of results the airlock released; they stay
#   only as long as the recipients need to fetch them. An enabled lifecycle
#   rule on the whole bucket expires every object a number of days after it
#   was written, so released copies do not pile up outside the project's
#   retention and close-out.
# custom:
#   message: >-
#     Give the egress bucket an aws.s3.BucketLifecycleConfigurationV2 with an Enabled rule, an
#     empty prefix filter and expiration.days (sce:airlock.expireDays).
#   control: Data exfiltration paths
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2
stack_deny_s3_egress_expiration contains msg if {
	some b in egress_buckets
	not expires_objects(b)
	not lifecycle_unknown(b)
	msg := sprintf("S3 bucket '%s' receives the airlock's released results but no enabled whole-bucket lifecycle rule expires its objects (expiration.days)", [b.__name])
}

# expires_objects(b) holds when an enabled rule of b's lifecycle
# configuration applies to the whole bucket and expires objects after a
# number of days.
expires_objects(b) if {
	some c in lifecycles[b.__urn]
	some r in as_array(c.rules)
	r.status == "Enabled"
	whole_bucket(r)
	r.expiration.days > 0
}

# whole_bucket(r) holds for a lifecycle rule without a filter or with an
# empty prefix filter and nothing else.
whole_bucket(r) if not is_set(r, "filter")

whole_bucket(r) if {
	object.keys(r.filter) == {"prefix"}
	r.filter.prefix == ""
}

# lifecycle_unknown(b) holds while the rules of one of b's lifecycle
# configurations are not known yet: the rule does not decide on them.
lifecycle_unknown(b) if {
	some c in lifecycles[b.__urn]
	unknown(c.rules)
}

# METADATA
# title: Only the approver role writes the egress bucket
# description: >-
#   Results leave a project only by review: the airlock's approver role,
#   assumed by the project's reviewers, copies the approved versions into the
#   egress bucket. The bucket policy must deny s3:PutObject on its objects to
#   every principal but that one role (aws:PrincipalArn), so that no
#   researcher, worker or other role with S3 rights in the account can place
#   anything where recipients read.
# custom:
#   message: >-
#     Add {"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"<egress bucket ARN>/*",
#     "Condition":{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::<account>:role/<pit>-egress-approver"}}}.
#   control: Data exfiltration paths
#   hipaa: ["164.312(a)(1)", "164.308(a)(4)"]
#   types:
#     - aws:s3/bucketV2:BucketV2
#     - aws:s3/bucketPolicy:BucketPolicy
stack_deny_s3_egress_writers contains msg if {
	some b in egress_buckets
	some p in bucket_policies[b.__urn]
	doc := policy_doc(p.policy)
	not approver_only_writes(doc, b)
	msg := sprintf("S3 bucket policy '%s' of egress bucket '%s' does not deny s3:PutObject to every principal but the approver role (a role named <pit>-egress-approver, by aws:PrincipalArn)", [p.__name, b.__name])
}

# approver_only_writes(doc, b) holds when a Deny of doc for everyone covers
# s3:PutObject on b's objects and exempts only approver roles.
approver_only_writes(doc, b) if {
	some st in admin_only_denies(doc)
	covers_action(st, "s3:PutObject")
	covers_objects(st, b)
	every arn in exempted_arns(st) {
		approver_role_arn(arn)
	}
}

# exempted_arns(st) are the role ARNs an admin-only Deny exempts.
exempted_arns(st) := {arn |
	some _, tests in st.Condition
	some _, value in tests
	some arn in as_array(value)
}

# approver_role_arn(arn) holds for the ARN of an airlock approver role.
approver_role_arn(arn) if regex.match(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[a-z0-9-]+-egress-approver$`, arn)

# covers_objects(st, b) holds when the statement's resources include the
# objects of bucket b (any resource while b's name is not known yet).
covers_objects(st, _) if "*" in resources(st)

covers_objects(_, b) if unknown(b.bucket)

covers_objects(st, b) if {
	is_string(b.bucket)
	known(b.bucket)
	some r in resources(st)
	is_string(r)
	startswith(r, "arn:")
	endswith(r, concat("", [":s3:::", b.bucket, "/*"]))
}
