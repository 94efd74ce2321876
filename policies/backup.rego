package sce_hipaa

import rego.v1

# backup.rego: the AWS Backup vault that keeps a project's recovery points.

# METADATA
# title: Backup vaults are encrypted with a customer-managed key
# description: >-
#   A vault without kmsKeyArn encrypts its recovery points with the
#   AWS-managed backup key, which the project cannot restrict or audit
#   (AWS's HIPAA conformance pack rule BACKUP_RECOVERY_POINT_ENCRYPTED).
# custom:
#   message: Set kmsKeyArn on the vault to the project key.
#   control: Backup and recovery
#   hipaa: ["164.308(a)(7)(ii)(A)", "164.312(a)(2)(iv)"]
#   types:
#     - aws:backup/vault:Vault
deny_backup_vault_kms contains msg if {
	input.__type == "aws:backup/vault:Vault"
	not is_set(input, "kmsKeyArn")
	msg := sprintf("Backup vault '%s' has no kmsKeyArn: its recovery points use the AWS-managed key, not the project key", [input.__name])
}
