package sce_hipaa

import rego.v1

# redshift.rego: the project's Amazon Redshift warehouse (sce:warehouse).

redshift_cluster := "aws:redshift/cluster:Cluster"

# METADATA
# title: The warehouse is not publicly accessible
# description: A publicly accessible cluster gets a public address; the warehouse is reached from the workers only.
# custom:
#   message: Set publiclyAccessible to false.
#   control: Private by default
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   types:
#     - aws:redshift/cluster:Cluster
deny_redshift_public_access contains msg if {
	input.__type == redshift_cluster
	unset_or_not(input, "publiclyAccessible", {false})
	msg := sprintf("Redshift cluster '%s' is not explicitly private (publiclyAccessible)", [input.__name])
}

# METADATA
# title: The warehouse is encrypted with the project key
# description: The cluster stores its data and snapshots encrypted with a customer-managed KMS key.
# custom:
#   message: Set encrypted true and kmsKeyId to the project key's ARN.
#   control: Encryption at rest with the project key
#   hipaa: ["164.312(a)(2)(iv)"]
#   types:
#     - aws:redshift/cluster:Cluster
deny_redshift_encryption contains msg if {
	input.__type == redshift_cluster
	unset_or_not(input, "encrypted", {true})
	msg := sprintf("Redshift cluster '%s' is not encrypted at rest (encrypted)", [input.__name])
}

deny_redshift_encryption contains msg if {
	input.__type == redshift_cluster
	input.encrypted == true
	not is_set(input, "kmsKeyId")
	msg := sprintf("Redshift cluster '%s' is not encrypted with a customer-managed key (no kmsKeyId)", [input.__name])
}

# METADATA
# title: The warehouse routes COPY and UNLOAD through the VPC
# description: >-
#   With enhanced VPC routing, COPY and UNLOAD reach S3 through the project's
#   endpoint, the only path from which the PHI buckets accept reads.
# custom:
#   message: Set enhancedVpcRouting to true.
#   control: Isolated network
#   hipaa: ["164.312(e)(1)"]
#   types:
#     - aws:redshift/cluster:Cluster
deny_redshift_enhanced_vpc_routing contains msg if {
	input.__type == redshift_cluster
	unset_or_not(input, "enhancedVpcRouting", {true})
	msg := sprintf("Redshift cluster '%s' does not use enhanced VPC routing", [input.__name])
}

# METADATA
# title: The warehouse keeps automated snapshots at least 7 days
# description: Automated snapshots are the warehouse's backup; AWS keeps them 1 day unless told otherwise.
# custom:
#   message: Set automatedSnapshotRetentionPeriod to 7 or more.
#   control: Backup
#   hipaa: ["164.308(a)(7)(ii)(A)"]
#   types:
#     - aws:redshift/cluster:Cluster
deny_redshift_snapshot_retention contains msg if {
	input.__type == redshift_cluster
	not is_set(input, "automatedSnapshotRetentionPeriod")
	msg := sprintf("Redshift cluster '%s' keeps automated snapshots 1 day (AWS's default)", [input.__name])
}

deny_redshift_snapshot_retention contains msg if {
	input.__type == redshift_cluster
	days := input.automatedSnapshotRetentionPeriod
	is_number(days)
	days < 7
	msg := sprintf("Redshift cluster '%s' keeps automated snapshots %v days, fewer than 7", [input.__name, days])
}

# METADATA
# title: The warehouse's parameter group requires TLS and logs user activity
# description: >-
#   require_ssl refuses unencrypted connections; enable_user_activity_logging
#   records every query in the audit log.
# custom:
#   message: Set the parameters require_ssl and enable_user_activity_logging to "true".
#   control: Encryption in transit
#   hipaa: ["164.312(e)(1)", "164.312(b)"]
#   types:
#     - aws:redshift/parameterGroup:ParameterGroup
deny_redshift_parameters contains msg if {
	input.__type == "aws:redshift/parameterGroup:ParameterGroup"
	some name in ["require_ssl", "enable_user_activity_logging"]
	not redshift_parameter_true(input, name)
	msg := sprintf("Redshift parameter group '%s' does not set %s to true", [input.__name, name])
}

redshift_parameter_true(group, name) if {
	some p in group.parameters
	p.name == name
	lower(text(p.value)) == "true"
}

# METADATA
# title: The warehouse's audit logs cover connections, users and queries
# description: Audit logging exports the connection, user and user activity logs.
# custom:
#   message: Set logExports to connectionlog, userlog and useractivitylog (or log to S3).
#   control: Audit logging
#   hipaa: ["164.312(b)"]
#   types:
#     - aws:redshift/logging:Logging
deny_redshift_logging contains msg if {
	input.__type == "aws:redshift/logging:Logging"
	input.logDestinationType == "cloudwatch"
	some export in ["connectionlog", "userlog", "useractivitylog"]
	not export in object.get(input, "logExports", [])
	msg := sprintf("Redshift logging '%s' does not export %s", [input.__name, export])
}
