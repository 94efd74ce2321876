package sce_hipaa

import rego.v1

# backup_stack.rego: what only the stack shows about backups: every vault is
# locked, and every data volume and instance is selected by a backup plan.

backup_vaults := of_types({"aws:backup/vault:Vault"})

# METADATA
# title: Backup vaults are locked
# description: >-
#   A vault lock keeps every recovery point for the minimum retention, so
#   nobody can delete the backups before then (AWS's HIPAA conformance pack
#   rule BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED looks for this).
# custom:
#   message: Add an aws.backup.VaultLockConfiguration with backupVaultName the vault and a minRetentionDays.
#   control: Backup and recovery
#   hipaa: ["164.308(a)(7)(ii)(A)", "164.308(a)(7)(ii)(B)"]
#   types:
#     - aws:backup/vault:Vault
#     - aws:backup/vaultLockConfiguration:VaultLockConfiguration
stack_deny_backup_vault_lock contains msg if {
	some v in backup_vaults
	not vault_locked(v)
	msg := sprintf("Backup vault '%s' has no vault lock: its recovery points can be deleted at any time", [v.__name])
}

vault_locked(v) if {
	some l in of_types({"aws:backup/vaultLockConfiguration:VaultLockConfiguration"})
	refers(l, "backupVaultName", v)
	is_set(l, "minRetentionDays")
}

# METADATA
# title: Every data volume and instance is selected by a backup plan
# description: >-
#   Each EBS volume and EC2 instance of the stack is covered by an AWS Backup
#   selection: its resources match the resource's type and its tag conditions
#   match the resource's tags (AWS's HIPAA conformance pack rules
#   EBS_IN_BACKUP_PLAN and EC2_RESOURCES_PROTECTED_BY_BACKUP_PLAN).
# custom:
#   message: Add an aws.backup.Selection whose resources include the volume or instance type and whose conditions match its tags.
#   control: Backup and recovery
#   hipaa: ["164.308(a)(7)(ii)(A)", "164.308(a)(7)(ii)(B)"]
#   types:
#     - aws:ebs/volume:Volume
#     - aws:ec2/instance:Instance
#     - aws:backup/selection:Selection
stack_deny_backup_coverage contains msg if {
	some kind, types in {"volume": {"aws:ebs/volume:Volume"}, "instance": {"aws:ec2/instance:Instance"}}
	some r in of_types(types)
	not backed_up(r, kind)
	msg := sprintf("EC2 %s '%s' is selected by no backup plan", [kind, r.__name])
}

backed_up(r, kind) if {
	some s in of_types({"aws:backup/selection:Selection"})
	selects_kind(s, kind)
	tags_match(s, r)
}

# selects_kind(s, kind) holds when one of s's resource ARNs names every
# resource of kind ("arn:aws:ec2:*:*:volume/*") or s's resources are unknown.
selects_kind(s, _) if unknown(s.resources)

selects_kind(s, kind) if {
	some arn in as_array(object.get(s, "resources", []))
	is_string(arn)
	endswith(arn, sprintf(":%s/*", [kind]))
}

# tags_match(s, r) holds when r carries every tag s's conditions and
# selection tags require.
tags_match(s, r) if {
	every c in selection_conditions(s) {
		object.get(r, ["tags", c.key], null) == c.value
	}
}

selection_conditions(s) := array.concat(
	[{"key": trim_prefix(e.key, "aws:ResourceTag/"), "value": e.value} |
		some cond in as_array(object.get(s, "conditions", []))
		some e in as_array(object.get(cond, "stringEquals", []))
	],
	[{"key": t.key, "value": t.value} | some t in as_array(object.get(s, "selectionTags", []))],
)
