package sce_hipaa

import rego.v1

# rds.rego: databases, if a project has any (the healthcare assessment found
# them unencrypted, public and without backups: docs/policy-pack.md).

db_types := {"aws:rds/instance:Instance", "aws:rds/cluster:Cluster"}

# METADATA
# title: Databases are encrypted at rest
# description: A database holding PHI stores it encrypted, with the project's key.
# custom:
#   message: Set storageEncrypted true and kmsKeyId to the project key's ARN.
#   control: Encryption at rest with the project key
#   hipaa: ["164.312(a)(2)(iv)"]
#   findings: ["1.5", "2.14"]
#   types:
#     - aws:rds/instance:Instance
#     - aws:rds/cluster:Cluster
deny_rds_encryption contains msg if {
	input.__type in db_types
	unset_or_not(input, "storageEncrypted", {true})
	msg := sprintf("Database '%s' is not encrypted at rest (storageEncrypted)", [input.__name])
}

deny_rds_encryption contains msg if {
	input.__type in db_types
	input.storageEncrypted == true
	not is_set(input, "kmsKeyId")
	msg := sprintf("Database '%s' uses the AWS-managed aws/rds key (no kmsKeyId)", [input.__name])
}

# METADATA
# title: Databases are not publicly accessible
# description: A publicly accessible database gets a public DNS name and address.
# custom:
#   message: Set publiclyAccessible to false and place the database in private subnets.
#   control: Private by default
#   hipaa: ["164.312(a)(1)", "164.312(e)(1)"]
#   findings: ["3.3"]
#   types:
#     - aws:rds/instance:Instance
#     - aws:rds/clusterInstance:ClusterInstance
deny_rds_public contains msg if {
	input.__type in {"aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"}
	input.publiclyAccessible == true
	msg := sprintf("Database '%s' is publicly accessible", [input.__name])
}

# METADATA
# title: Databases keep automated backups
# description: >-
#   Automated backups (and point-in-time recovery) for at least the configured
#   number of days; the API default of one day is not a backup plan.
# custom:
#   message: Set backupRetentionPeriod to at least this rule's minimumDays (default 7).
#   control: Backup and recovery
#   hipaa: ["164.308(a)(7)(ii)(A)", "164.310(d)(2)(iv)"]
#   findings: ["2.2", "5.1"]
#   types:
#     - aws:rds/instance:Instance
#     - aws:rds/cluster:Cluster
deny_rds_backup contains msg if {
	input.__type in db_types
	days := object.get(input, "backupRetentionPeriod", 1)
	is_number(days)
	minimum := setting("deny_rds_backup", "minimumDays")
	days < minimum
	msg := sprintf("Database '%s' keeps backups %d day(s), below the minimum of %d", [input.__name, days, minimum])
}

# METADATA
# title: Databases have deletion protection
# description: Deletion protection stops a database with PHI from being deleted by one mistaken call.
# custom:
#   message: Set deletionProtection to true.
#   control: Backup and recovery
#   hipaa: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"]
#   findings: ["5.4"]
#   types:
#     - aws:rds/instance:Instance
#     - aws:rds/cluster:Cluster
deny_rds_deletion_protection contains msg if {
	input.__type in db_types
	unset_or_not(input, "deletionProtection", {true})
	msg := sprintf("Database '%s' has no deletion protection", [input.__name])
}

# tls_parameters are the parameters that force TLS, by engine family prefix.
tls_parameters := {
	"postgres": {"name": "rds.force_ssl", "values": {"1"}},
	"aurora-postgresql": {"name": "rds.force_ssl", "values": {"1"}},
	"mysql": {"name": "require_secure_transport", "values": {"1", "ON", "on"}},
	"aurora-mysql": {"name": "require_secure_transport", "values": {"1", "ON", "on"}},
	"mariadb": {"name": "require_secure_transport", "values": {"1", "ON", "on"}},
	"sqlserver": {"name": "rds.force_ssl", "values": {"1"}},
}

# METADATA
# title: Databases require TLS
# description: >-
#   A database accepts only TLS connections: its parameter group forces TLS
#   (rds.force_ssl or require_secure_transport). Only the DB instances of RDS
#   for PostgreSQL 15, MariaDB 11.8 and MySQL 9.7 and later force it by
#   default; a group of another engine, version or kind (a cluster's) that
#   leaves the parameter out, an engine's default group (none named, or one
#   named default.*) and a value that turns it off all accept plain text.
# custom:
#   message: >-
#     Give the database a parameter group that sets rds.force_ssl=1 (PostgreSQL, SQL Server) or
#     require_secure_transport=ON (MySQL, MariaDB).
#   control: Encryption in transit
#   hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   findings: ["2.14"]
#   types:
#     - aws:rds/parameterGroup:ParameterGroup
#     - aws:rds/clusterParameterGroup:ClusterParameterGroup
#     - aws:rds/instance:Instance
#     - aws:rds/cluster:Cluster
deny_rds_tls contains msg if {
	input.__type in {"aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup"}
	some prefix, want in tls_parameters
	is_string(input.family)
	startswith(input.family, prefix)
	not forces_tls(want, input.family)
	msg := sprintf("Parameter group '%s' (%s) does not set %s to force TLS", [input.__name, input.family, want.name])
}

deny_rds_tls contains msg if {
	input.__type in {"aws:rds/instance:Instance", "aws:rds/cluster:Cluster"}
	is_string(input.engine)
	some prefix, _ in tls_parameters
	startswith(input.engine, prefix)
	not is_set(input, db_parameter_group_key)
	not default_forces_tls
	msg := sprintf("Database '%s' uses the engine's default parameter group, which does not force TLS", [input.__name])
}

deny_rds_tls contains msg if {
	input.__type in {"aws:rds/instance:Instance", "aws:rds/cluster:Cluster"}
	name := input[db_parameter_group_key]
	is_string(name)
	startswith(name, "default.")
	family := substring(name, 8, -1)
	some prefix, _ in tls_parameters
	startswith(family, prefix)
	not instance_default_forces_tls(family)
	msg := sprintf("Database '%s' uses the default parameter group %s, which does not force TLS", [input.__name, name])
}

# db_parameter_group_key is the input naming a database's parameter group.
db_parameter_group_key := "dbClusterParameterGroupName" if {
	input.__type == "aws:rds/cluster:Cluster"
} else := "parameterGroupName"

# forces_tls(want, family) holds when the parameter group's parameters set
# want to a value that forces TLS, or leave it at a default that does.
forces_tls(want, _) if {
	some p in as_list(object.get(input, "parameters", []))
	p.name == want.name
	text(p.value) in want.values
}

forces_tls(want, family) if {
	input.__type == "aws:rds/parameterGroup:ParameterGroup"
	not sets_parameter(want.name)
	family_forces_tls(family)
}

# instance_default_forces_tls(family) holds for a DB instance whose named
# default parameter group forces TLS. A Multi-AZ DB cluster's default
# cluster group is not known to here, so a cluster is always judged.
instance_default_forces_tls(family) if {
	input.__type == "aws:rds/instance:Instance"
	family_forces_tls(family)
}

sets_parameter(name) if {
	some p in as_list(object.get(input, "parameters", []))
	p.name == name
}

# default_tls_since maps the engines whose DB instances force TLS by default
# from a version on to that version (AWS's RDS user guide: rds.force_ssl is
# 1 from RDS for PostgreSQL 15, require_secure_transport ON from RDS for
# MariaDB 11.8 and RDS for MySQL 9.7). Aurora's defaults do not.
default_tls_since := {"postgres": [15, 0], "mariadb": [11, 8], "mysql": [9, 7]}

# family_forces_tls(family) holds for a parameter group family whose default
# forces TLS (postgres16, mariadb11.8, ...).
family_forces_tls(family) if {
	some engine, since in default_tls_since
	startswith(family, engine)
	version_at_least(substring(family, count(engine), -1), since)
}

# default_forces_tls holds when a DB instance runs its engine's default
# parameter group at a version that forces TLS, or at a version not known
# yet. Without engineVersion AWS picks its default version: for PostgreSQL
# one later than 15; for the others not surely one that forces TLS.
default_forces_tls if {
	input.__type == "aws:rds/instance:Instance"
	input.engine == "postgres"
	not is_set(input, "engineVersion")
}

default_forces_tls if {
	input.__type == "aws:rds/instance:Instance"
	default_tls_since[input.engine]
	unknown(input.engineVersion)
}

default_forces_tls if {
	input.__type == "aws:rds/instance:Instance"
	version_at_least(input.engineVersion, default_tls_since[input.engine])
}

# version_at_least(v, since) holds when version string v ("16.3", "11.8.2",
# "9.7") is at least [major, minor] since; a missing minor counts as 0.
version_at_least(v, since) if version_of(v) >= since

# version_of(v) is [major, minor] of a version string that starts with a
# number; undefined for anything else.
version_of(v) := [to_number(parts[0]), to_number(parts[1])] if {
	parts := leading_numbers(v)
	count(parts) == 2
} else := [to_number(parts[0]), 0] if {
	parts := leading_numbers(v)
	count(parts) == 1
}

# leading_numbers(v) are the first two dot-separated numbers of a version.
leading_numbers(v) := regex.find_n(`[0-9]+`, regex.find_n(`^[0-9]+(\.[0-9]+)?`, v, 1)[0], 2) if is_string(v)
