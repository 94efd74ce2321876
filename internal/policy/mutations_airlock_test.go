package policy_test

import (
	"testing"

	"github.com/sce-dev/sce/internal/plan"
)

// writersMessage is stack_deny_s3_egress_writers' message on the hipaa plan.
const writersMessage = "S3 bucket policy 'hipaa-egress-policy' of egress bucket 'hipaa-egress' does not deny s3:PutObject to every " +
	"principal but the approver role (a role named <pit>-egress-approver, by aws:PrincipalArn)"

// airlockMutations break the egress bucket, where the airlock releases
// results: the bucket rules every bucket obeys, and the airlock's own.
func airlockMutations() []mutation {
	return []mutation{
		{name: "drop the egress bucket's encryption", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-egress-encryption") },
			rule: "stack_deny_s3_encryption", want: "S3 bucket 'hipaa-egress' has no server-side encryption configuration resource"},
		{name: "encrypt the egress bucket with SSE-S3", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-egress-encryption", "rules", []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}}})
		}, rule: "stack_deny_s3_encryption", want: "S3 bucket 'hipaa-egress' is encrypted with AES256, not SSE-KMS with the project key"},
		{name: "let the egress bucket take requests without TLS", apply: func(t *testing.T, p *plan.Plan) {
			dropStatement(t, p, "hipaa-egress-policy", "DenyInsecureTransport")
		}, rule: "deny_s3_tls_only", want: "S3 bucket policy 'hipaa-egress-policy' does not deny requests without TLS (aws:SecureTransport false)"},
		{name: "drop the egress bucket's public access block", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-egress-public-access-block") },
			rule: "stack_deny_s3_public_access_block", want: "S3 bucket 'hipaa-egress' has no public access block resource"},
		{name: "keep released results forever", apply: func(t *testing.T, p *plan.Plan) {
			for _, r := range resource(t, p, "hipaa-egress-lifecycle").Inputs["rules"].([]any) {
				delete(r.(map[string]any), "expiration")
			}
		}, rule: "stack_deny_s3_egress_expiration",
			want: "S3 bucket 'hipaa-egress' receives the airlock's released results but no enabled whole-bucket lifecycle rule expires its objects (expiration.days)"},
		{name: "drop the egress bucket's lifecycle", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-egress-lifecycle") },
			rule: "stack_deny_s3_egress_expiration",
			want: "S3 bucket 'hipaa-egress' receives the airlock's released results but no enabled whole-bucket lifecycle rule expires its objects (expiration.days)"},
		{name: "let anyone write the egress bucket", apply: func(t *testing.T, p *plan.Plan) {
			dropStatement(t, p, "hipaa-egress-policy", "DenyWriteExceptApprover")
		}, rule: "stack_deny_s3_egress_writers", want: writersMessage},
		{name: "let the worker role write the egress bucket too", apply: func(t *testing.T, p *plan.Plan) {
			editPolicy(t, p, "hipaa-egress-policy", "policy", func(doc map[string]any) {
				for _, st := range statementsOf(doc) {
					if st := st.(map[string]any); st["Sid"] == "DenyWriteExceptApprover" {
						st["Condition"] = map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": []any{
							"arn:aws:iam::123456789012:role/hipaa-egress-approver", "arn:aws:iam::123456789012:role/hipaa-worker-role"}}}
					}
				}
			})
		}, rule: "stack_deny_s3_egress_writers", want: writersMessage},
	}
}
