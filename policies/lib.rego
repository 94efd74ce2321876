# METADATA
# title: sce HIPAA policy pack
# description: >-
#   Technical safeguards of 45 CFR 164.312 and the infrastructure side of
#   164.308 and 164.310 for a Secure Computing Environment on AWS. Every rule
#   decides on literal, known inputs only: a value Pulumi cannot know at
#   preview time never causes a violation.
# scope: package
package sce_hipaa

import rego.v1

# lib.rego: helpers shared by every rule file. Nothing here is a rule the
# analyzer reports: only deny_*, warn_*, stack_deny_* and stack_warn_* are.

# ---- unknown values -------------------------------------------------------

# pulumi_unknown is the string Pulumi's wire protocol uses for a value that is
# computed during the deployment.
pulumi_unknown := "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

# unknown(x) holds for a value Pulumi (or the sce offline plan) does not know
# yet: the offline plan's "[unknown]", the wire sentinel, and the Computed or
# Output wrapper object the analyzer passes on with KeepUnknowns (and secrets,
# which a policy cannot read either).
unknown(x) if x in unknown_strings

unknown(x) if {
	is_object(x)
	"Element" in object.keys(x)
}

# unknown_strings are the strings that stand for an unknown value.
unknown_strings := {"[unknown]", pulumi_unknown}

# known(x) holds for a literal value a rule may decide on: exactly when
# unknown(x) does not, in one call (rules ask it of most values they read).
known(x) if {
	not x in unknown_strings
	not is_object(x)
}

known(x) if {
	is_object(x)
	not "Element" in object.keys(x)
}

# known_object(o) holds for an object that is not an unknown wrapper.
known_object(o) if {
	is_object(o)
	known(o)
}

# is_set(o, k) holds when o has key k with a non-null value.
is_set(o, k) if o[k] != null

# inline_setting(o, k) holds when o[k] carries a setting, or is not known
# yet: a value other than null, "", false, [] or {}. A resource's outputs
# hold every attribute of its type, those the program left out with such an
# empty value, so stack rules (which a real preview gives the outputs) read
# optional inline settings through this rather than is_set. No stack rule
# takes an inline setting the provider reads back from AWS as proof that a
# companion resource exists: the stored outputs keep it after the companion
# is removed.
inline_setting(o, k) if {
	v := o[k]
	not v in {null, "", false, [], {}}
}

# unset_or_not(o, k, good): o is a known object whose o[k] is absent, null, or
# a known literal not in good. Rules use it for settings whose AWS default is
# the unsafe choice.
unset_or_not(o, k, _) if {
	known_object(o)
	not is_set(o, k)
}

unset_or_not(o, k, good) if {
	known_object(o)
	v := o[k]
	v != null
	known(v)
	not v in good
}

# is_known_true(o, k) holds when o[k] is literally true.
is_known_true(o, k) if o[k] == true

# as_array(x) is x when it is an array, else [x].
as_array(x) := x if {
	is_array(x)
} else := [x]

# text(x) renders any value for a message; a value the analyzer passes
# wrapped (unknown, or secret) is never printed. A known string, the most
# common case, is decided first and without a call of unknown.
text(x) := x if {
	is_string(x)
	not x in unknown_strings
} else := "(unknown or secret)" if {
	unknown(x)
} else := sprintf("%v", [x])

# ---- configuration --------------------------------------------------------

# setting(rule, key) is data.config.<rule>.<key> from the policy pack config
# (pulumi --policy-pack-config, or sce's defaults), else the default below.
setting(rule, key) := value if {
	value := data.config[rule][key]
} else := config_defaults[rule][key]

# config_defaults mirrors the defaults of schema/config-schema.json (a Go test keeps
# the two equal), so the pack behaves the same with or without a config file.
config_defaults := {
	"deny_ec2_public_ip": {"publicInstances": ["*-bastion"]},
	"deny_iam_admin_managed_policy": {"forbiddenPolicies": [
		"AdministratorAccess",
		"PowerUserAccess",
		"IAMFullAccess",
		"AmazonS3FullAccess",
	]},
	"deny_kms_deletion_window": {"minimumDays": 30},
	"deny_logs_retention": {"minimumDays": 90},
	"deny_protect_phi": {"protectedBuckets": [
		"*-data-in", "*-data-in-replica", "*-output", "*-output-replica", "*-egress", "*-egress-replica",
		"*-archive", "*-archive-replica", "*-logs", "*-logs-replica", "*-access-logs", "*-access-logs-replica",
		"*-config", "*-config-replica",
	]},
	"deny_rds_backup": {"minimumDays": 7},
	"deny_sg_ssh_source": {"allowedSshCidrs": []},
	"deny_sg_world_database_ports": {"databasePorts": [1433, 1521, 3306, 5432, 5439, 6379, 27017]},
	"deny_tags_pit": {"requiredTags": ["sce:pit"], "exemptComponents": ["sce:index:Baseline"]},
	"stack_deny_cloudtrail_data_events": {"phiBuckets": [
		"*-data-in", "*-data-in-replica", "*-output", "*-output-replica", "*-egress", "*-egress-replica",
		"*-archive", "*-archive-replica",
	]},
	"stack_deny_egress_dns_firewall": {"egress": "allowlist"},
	"stack_deny_egress_none_internet": {"egress": "allowlist"},
	"stack_deny_egress_worker_sg_open": {"egress": "allowlist"},
	"stack_warn_egress_open": {"egress": "allowlist"},
}

# name_matches(name, patterns) holds when a logical name matches one of the
# glob patterns ("*" matches any run of characters), as split by
# name_patterns.
name_matches(name, patterns) if {
	some suffix in patterns.suffixes
	endswith(name, suffix)
}

name_matches(name, patterns) if {
	some p in patterns.globs
	glob.match(p, [], name)
}

# name_patterns(ps) splits glob patterns into the plain suffixes of those
# that are "*" and a literal ending ("*-data-in": names ending -data-in),
# which need no glob, and the others. Rules split each setting once per
# configuration (protected_bucket_patterns, ...), not once per resource.
name_patterns(ps) := {
	"suffixes": {substring(p, 1, -1) | some p in ps; plain_suffix(p)},
	"globs": {p | some p in ps; not plain_suffix(p)},
}

# plain_suffix(p) holds for a pattern "*" followed by text without glob
# syntax.
plain_suffix(p) if {
	startswith(p, "*")
	not regex.match(`[*?\[\]{}\\!]`, substring(p, 1, -1))
}

# ---- resource types -------------------------------------------------------

bucket_types := {"aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket"}

sse_types := {
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
	"aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
}

versioning_types := {
	"aws:s3/bucketVersioningV2:BucketVersioningV2",
	"aws:s3/bucketVersioning:BucketVersioning",
}

public_access_block_types := {"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"}

ownership_types := {"aws:s3/bucketOwnershipControls:BucketOwnershipControls"}

bucket_policy_types := {"aws:s3/bucketPolicy:BucketPolicy"}

logging_types := {"aws:s3/bucketLoggingV2:BucketLoggingV2", "aws:s3/bucketLogging:BucketLogging"}

object_lock_types := {
	"aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
	"aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
}

acl_types := {"aws:s3/bucketAclV2:BucketAclV2", "aws:s3/bucketAcl:BucketAcl"}

replication_types := {"aws:s3/bucketReplicationConfig:BucketReplicationConfig"}

instance_type := "aws:ec2/instance:Instance"

# ---- policy documents -----------------------------------------------------

# policy_doc(x) parses a policy document given as a JSON string or an object;
# it is undefined for unknown values.
policy_doc(x) := doc if {
	is_string(x)
	known(x)
	doc := json.unmarshal(x)
}

policy_doc(x) := x if {
	is_object(x)
	known(x)
}

# input_policy_doc is the document of the input's policy property, parsed
# once per evaluation for every rule that reads it; undefined like
# policy_doc(input.policy).
input_policy_doc := policy_doc(input.policy)

# statements(doc) is the statement list of a document.
statements(doc) := as_array(doc.Statement)

# allow_statements(doc) are the Allow statements of a document.
allow_statements(doc) := [st | some st in statements(doc); st.Effect == "Allow"]

# actions(st) is the list of actions of a statement (empty for NotAction).
actions(st) := as_array(st.Action) if {
	st.Action
} else := []

# resources(st) is the list of resources of a statement.
resources(st) := as_array(st.Resource) if {
	st.Resource
} else := []

# selector_fields(s) are the field selectors of an advanced event selector
# by field name; undefined when a field is named twice (a narrowing the
# rules do not read) or a field selector is not known yet.
selector_fields(s) := {f.field: f | some f in as_array(s.fieldSelectors)} if {
	not selector_unknown(s)
	names := [f.field | some f in as_array(s.fieldSelectors)]
	count(names) == count({n | some n in names})
}

# selector_unknown(s) holds when an advanced event selector, one of its field
# selectors, a field name or a value list is not known yet.
selector_unknown(s) if unknown(s.fieldSelectors)

selector_unknown(s) if {
	some f in as_array(s.fieldSelectors)
	unknown(f)
}

selector_unknown(s) if {
	some f in as_array(s.fieldSelectors)
	some k in ["field", "equals", "startsWiths"]
	unknown(f[k])
}

# has_condition(st) holds when a statement has a condition block that is not
# empty (or not known yet).
has_condition(st) if count(st.Condition) > 0

# wildcard_principal(st) holds when a statement applies to everyone.
wildcard_principal(st) if st.Principal == "*"

wildcard_principal(st) if "*" in as_array(st.Principal.AWS)

# denies_insecure_transport(doc, wanted) holds when doc denies every request
# without TLS for one of the wanted actions (lower case).
denies_insecure_transport(doc, wanted) if {
	some st in statements(doc)
	st.Effect == "Deny"
	wildcard_principal(st)
	some a in actions(st)
	lower(a) in wanted
	some v in as_array(st.Condition.Bool["aws:SecureTransport"])
	lower(text(v)) == "false"
}

# covers_action(st, a) holds when the statement's actions name action a,
# directly or through a wildcard such as s3:* or kms:*Key*.
covers_action(st, a) if lower(a) in literal_actions(st)

covers_action(st, a) if {
	some x in action_patterns(st)
	glob.match(x, [], lower(a))
}

# grants(a, action) holds when a statement's action a names action (in
# lower case): itself, in any case, or through a wildcard (s3:*, iam:Pass*).
grants(a, action) if {
	is_string(a)
	glob.match(lower(a), [], action)
}

# covered_actions(st, wanted) are the actions of the set wanted, each in
# lower case, that covers_action(st, _) holds for. One call decides a whole
# set of actions: a set intersection when the statement has no wildcard.
covered_actions(st, wanted) := wanted & action_set(st) if {
	not glob_pattern(concat("", action_set(st)))
} else := {a | some a in wanted; covers_action(st, a)}

# action_set(st) are the statement's actions that are strings, in lower case.
action_set(st) := {lower(a) | some a in actions(st); is_string(a)}

# literal_actions(st) are the statement's actions, in lower case, that hold
# no glob character: each matches only itself, so a set lookup decides them.
# Most statements have no wildcard at all, which one test of their joined
# actions tells.
literal_actions(st) := action_set(st) if {
	not glob_pattern(concat("", action_set(st)))
} else := {x | some x in action_set(st); not glob_pattern(x)}

# action_patterns(st) are the statement's other actions, in lower case.
action_patterns(st) := {x | some x in action_set(st); glob_pattern(x)}

# glob_pattern(x) holds when x has a character glob.match gives a meaning.
glob_pattern(x) if regex.match(`[*?\\\[\]{}]`, x)

# ---- actions kept to an administrator role --------------------------------

# admin_only_denies(doc) are the Deny statements of doc for every principal
# whose only condition exempts IAM roles named by their exact ARN
# (aws:PrincipalArn): the statements that keep their actions to an
# administrator role.
admin_only_denies(doc) := [st |
	some st in statements(doc)
	st.Effect == "Deny"
	wildcard_principal(st)
	exempts_named_roles_only(st.Condition)
]

# exempts_named_roles_only(cond) holds for a condition block with one test: a
# negated match of aws:PrincipalArn against the exact ARNs of IAM roles.
exempts_named_roles_only(cond) if {
	count(cond) == 1
	some op, tests in cond
	op in {"ArnNotEquals", "ArnNotLike", "StringNotEquals", "StringNotLike"}
	count(tests) == 1
	some key, value in tests
	lower(key) == "aws:principalarn"
	arns := as_array(value)
	count(arns) > 0
	every arn in arns {
		named_role_arn(arn)
	}
}

# named_role_arn(arn) holds for the ARN of one IAM role, without wildcards.
named_role_arn(arn) if {
	is_string(arn)
	regex.match(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[^*?]+$`, arn)
}

# ---- networks -------------------------------------------------------------

# world(cidr) holds for the blocks that mean "anyone on the internet".
world(cidr) if cidr in {"0.0.0.0/0", "::/0"}

# all_protocols(p) holds for the protocol values that mean every protocol.
all_protocols(p) if text(p) in {"-1", "all"}

# covers_port(from, to, port) holds when a known port range includes port.
covers_port(from, to, port) if {
	is_number(from)
	is_number(to)
	from <= port
	port <= to
}

# ---- tags -----------------------------------------------------------------

# tagged(r, key) holds when r's known tags include key.
tagged(r, key) if is_set(r.tags, key)

# private_tag is the tag sce puts on private subnets and route tables.
private_tag := "sce:private"
