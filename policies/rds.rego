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
#   (rds.force_ssl or require_secure_transport), since the engine default does not.
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
deny_rds_tls contains msg if {
	input.__type in {"aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup"}
	some prefix, want in tls_parameters
	is_string(input.family)
	startswith(input.family, prefix)
	not forces_tls(want)
	msg := sprintf("Parameter group '%s' (%s) does not set %s to force TLS", [input.__name, input.family, want.name])
}

deny_rds_tls contains msg if {
	input.__type == "aws:rds/instance:Instance"
	is_string(input.engine)
	some prefix, _ in tls_parameters
	startswith(input.engine, prefix)
	not is_set(input, "parameterGroupName")
	msg := sprintf("Database '%s' uses the engine's default parameter group, which does not force TLS", [input.__name])
}

forces_tls(want) if {
	some p in as_list(object.get(input, "parameters", []))
	p.name == want.name
	text(p.value) in want.values
}
