package sce_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// adminOnlyActions are the calls every bucket policy keeps to the admin
// role: the policy itself, replication, GOVERNANCE bypass and Object Lock,
// and every setting of the bucket's hardening (event notifications, server
// access logging, default encryption, versioning, lifecycle, public access
// block, object ownership).
var adminOnlyActions = []string{"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutReplicationConfiguration",
	"s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration",
	"s3:PutBucketNotification", "s3:PutBucketLogging", "s3:PutEncryptionConfiguration", "s3:PutBucketVersioning",
	"s3:PutLifecycleConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls"}

// TestEveryBucketKeepsItsHardeningToAdminRole: the policy of every bucket
// of both projects and of the account baseline, replicas included, denies
// the admin-only actions on the bucket and its objects to every principal
// but the admin role, so that no other principal with s3:* can switch off
// the bucket's notifications, logging, encryption, versioning, lifecycle,
// public access block or ownership controls.
func TestEveryBucketKeepsItsHardeningToAdminRole(t *testing.T) {
	plans := projectPlans(t)
	plans[baselineStack] = accountPlan(t)
	want := map[string]int{hipaaPIT: 2 * len(sce.BucketRoles()), omopPIT: 2 * len(sce.BucketRoles()), baselineStack: 8}
	for stack, p := range plans {
		policies := p.Find(tPolicy)
		require.Len(t, policies, want[stack], "%s: one policy per bucket and per replica", stack)
		for _, pol := range policies {
			bucket, ok := pol.Inputs["bucket"].(string)
			require.True(t, ok, "%s: bucket of %s", stack, pol.Name)
			arn := "arn:aws:s3:::" + bucket
			assert.Equal(t, asJSON(t, map[string]any{
				"Sid": "DenyAdministrationExceptAdminRole", "Effect": "Deny", "Principal": "*", "Action": adminOnlyActions,
				"Resource":  []string{arn, arn + "/*"},
				"Condition": map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": adminRole}},
			}), any(statements(t, doc(t, pol.Inputs["policy"]))["DenyAdministrationExceptAdminRole"]), "%s: %s", stack, pol.Name)
		}
	}
}
