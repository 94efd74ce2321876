package policy_test

import (
	"testing"

	"github.com/sce-dev/sce/internal/plan"
)

// operationsMutations break the hipaa plan's patching, management
// endpoints and backups, one change at a time.
func operationsMutations() []mutation {
	return []mutation{
		{name: "drop the patch baseline", apply: func(t *testing.T, p *plan.Plan) {
			drop(t, p, "hipaa-patch-group")
			drop(t, p, "hipaa-patch-baseline")
		}, rule: "stack_deny_ssm_patch_install", want: "The stack runs 2 EC2 instance(s) but has no patch baseline"},
		{name: "turn the window's install into a scan", needs: "hipaa-patch-window-install", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-patch-window-install", "taskInvocationParameters", map[string]any{"runCommandParameters": map[string]any{
				"parameters": []any{map[string]any{"name": "Operation", "values": []any{"Scan"}}}}})
		}, rule: "stack_deny_ssm_patch_install",
			want: "The stack runs 2 EC2 instance(s) but no maintenance window task runs AWS-RunPatchBaseline with Operation Install"},
		{name: "scan weekly", needs: "hipaa-patch-scan", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-patch-scan", "scheduleExpression", "rate(7 days)")
		}, rule: "stack_deny_ssm_patch_scan", want: "The stack runs 2 EC2 instance(s) but no association scans them with AWS-RunPatchBaseline daily"},
		{name: "turn off an endpoint's private DNS", needs: "hipaa-ssm-endpoint", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-ssm-endpoint", "privateDnsEnabled", false)
		}, rule: "deny_vpc_endpoint_private_dns",
			want: "Interface endpoint 'hipaa-ssm-endpoint' does not enable private DNS: the agents would reach com.amazonaws.us-west-2.ssm outside the VPC"},
		{name: "open the endpoints' group to the world", needs: "hipaa-endpoints-sg-https-in", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-endpoints-sg-https-in", "cidrIpv4", "0.0.0.0/0")
		}, rule: "stack_deny_vpc_endpoint_open_sg",
			want: "Interface endpoint 'hipaa-logs-endpoint' uses security group 'hipaa-endpoints-sg', which admits 0.0.0.0/0"},
		{name: "drop the vault's key", needs: "hipaa-backup-vault", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-backup-vault", "kmsKeyArn", nil)
		}, rule: "deny_backup_vault_kms",
			want: "Backup vault 'hipaa-backup-vault' has no kmsKeyArn: its recovery points use the AWS-managed key, not the project key"},
		{name: "drop the vault lock", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-backup-vault-lock") },
			rule: "stack_deny_backup_vault_lock", want: "Backup vault 'hipaa-backup-vault' has no vault lock: its recovery points can be deleted at any time"},
		{name: "select instances only", needs: "hipaa-backup-selection", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-backup-selection", "resources", []any{"arn:aws:ec2:*:*:instance/*"})
		}, rule: "stack_deny_backup_coverage", want: "EC2 volume 'hipaa-worker-1-data' is selected by no backup plan"},
		{name: "select another project's tag", needs: "hipaa-backup-selection", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-backup-selection", "conditions", []any{map[string]any{"stringEquals": []any{
				map[string]any{"key": "aws:ResourceTag/sce:pit", "value": "omop"}}}})
		}, rule: "stack_deny_backup_coverage", want: "EC2 instance 'hipaa-bastion' is selected by no backup plan"},
	}
}
