package sce_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
)

func TestKmsKey(t *testing.T) {
	p := hipaaPlan(t)
	key := res(t, p, tKey, "hipaa-key")
	assert.Equal(t, true, key.Inputs["enableKeyRotation"])
	assert.Equal(t, float64(30), key.Inputs["deletionWindowInDays"])
	assert.True(t, key.Options.Protect, "the key is protected")
	assert.True(t, key.Options.RetainOnDelete, "the key outlives the destroy: kept recovery points are encrypted with it")
	alias := res(t, p, tAlias, "hipaa-key-alias")
	assert.True(t, alias.Options.RetainOnDelete, "the alias names the retained key")
	assert.Equal(t, "alias/hipaa", alias.Inputs["name"])
	assert.Equal(t, []string{key.URN}, alias.PropertyDependencies["targetKeyId"])
	assert.Len(t, p.Find(tKey), 1)
}

func TestKmsKeyPolicy(t *testing.T) {
	p := hipaaPlan(t)
	st := statements(t, doc(t, res(t, p, tKey, "hipaa-key").Inputs["policy"]))
	trail := "arn:aws:cloudtrail:us-west-2:123456789012:trail/hipaa-trail"
	want := map[string]map[string]any{
		"AccountAdministersKeyThroughIAM": {"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::123456789012:root"},
			"Action": "kms:*", "Resource": "*"},
		"CloudTrailEncryptsProjectTrail": {"Effect": "Allow", "Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"},
			"Action": "kms:GenerateDataKey*", "Resource": "*", "Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceArn": trail},
				"StringLike":   map[string]any{"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*"}}},
		"CloudTrailDescribesKey": {"Effect": "Allow", "Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"},
			"Action": "kms:DescribeKey", "Resource": "*", "Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceArn": trail}}},
		"CloudTrailDecryptsForBucketKey": {"Effect": "Allow", "Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"},
			"Action": "kms:Decrypt", "Resource": "*", "Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceArn": trail}}},
		"CloudWatchLogsEncryptsProjectLogGroups": {"Effect": "Allow", "Principal": map[string]any{"Service": "logs.us-west-2.amazonaws.com"},
			"Action":   []any{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"},
			"Resource": "*", "Condition": map[string]any{"ArnLike": map[string]any{
				"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-west-2:123456789012:log-group:/sce/hipaa/*"}}},
		"LogDeliveryWritesFlowLogsToLogsBucket": {"Effect": "Allow", "Principal": map[string]any{"Service": "delivery.logs.amazonaws.com"},
			"Action":   []any{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"},
			"Resource": "*", "Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": account},
				"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:logs:us-west-2:123456789012:*"}}},
		"AlarmsAndBucketsPublishToAlertTopic": {"Effect": "Allow",
			"Principal": map[string]any{"Service": []any{"cloudwatch.amazonaws.com", "s3.amazonaws.com"}},
			"Action":    []any{"kms:GenerateDataKey*", "kms:Decrypt"}, "Resource": "*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account,
				"kms:EncryptionContext:aws:sns:topicArn": "arn:aws:sns:us-west-2:123456789012:hipaa-alerts"}}},
		"EventRulesPublishToAlertTopic": {"Effect": "Allow", "Principal": map[string]any{"Service": "events.amazonaws.com"},
			"Action": []any{"kms:GenerateDataKey*", "kms:Decrypt"}, "Resource": "*",
			"Condition": map[string]any{"StringEquals": map[string]any{
				"kms:EncryptionContext:aws:sns:topicArn": "arn:aws:sns:us-west-2:123456789012:hipaa-alerts"}}},
		"DenyKeyAdministrationExceptAdminRole": keyAdministrationDeny(),
	}
	require.Len(t, st, len(want))
	for sid, w := range want {
		w["Sid"] = sid
		assert.Equal(t, asJSON(t, w), any(st[sid]), sid)
	}
	assertNoAllowToEveryone(t, st)
}

// keyAdministrationDeny is the key policy statement that keeps deleting,
// disabling and re-policying a key to the admin role (the account root's
// kms:* through IAM stays for every other use of the key).
func keyAdministrationDeny() map[string]any {
	return map[string]any{"Effect": "Deny", "Principal": "*",
		"Action": []any{"kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation",
			"kms:PutKeyPolicy"},
		"Resource":  "*",
		"Condition": map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": adminRole}}}
}

// assertNoAllowToEveryone: only Deny statements of a key policy name the
// principal "*".
func assertNoAllowToEveryone(t *testing.T, st map[string]map[string]any) {
	t.Helper()
	for sid, s := range st {
		if s["Effect"] == "Allow" {
			assert.NotEqual(t, "*", s["Principal"], "%s allows a * principal", sid)
		}
	}
}

// TestKeyPoliciesGrantEachUseOnce: no two statements of a key policy of
// the project or the baseline grant the same actions on the same resource
// under the same condition: such a grant is one statement naming all its
// principals, written in one place.
func TestKeyPoliciesGrantEachUseOnce(t *testing.T) {
	compared := 0
	for _, p := range []*plan.Plan{hipaaPlan(t), accountPlan(t)} {
		for _, key := range p.Find(tKey) {
			seen := map[string]string{}
			for sid, s := range statements(t, doc(t, key.Inputs["policy"])) {
				g := string(mustJSON(t, map[string]any{"Effect": s["Effect"], "Action": s["Action"], "Resource": s["Resource"], "Condition": s["Condition"]}))
				assert.NotContains(t, seen, g, "%s: %s grants what %s grants", key.Name, sid, seen[g])
				seen[g] = sid
				compared++
			}
		}
	}
	// hipaa-key 9, account-key 9, account-archive-key 2: a plan without
	// keys or policies would pass the loop above vacuously.
	assert.Equal(t, 20, compared)
}

// TestEventRulesUseAlertKeyWithoutSourceConditions: in the project's and
// the baseline's key policy, the statement that lets EventBridge use the
// key for the alert topic carries no aws:Source* condition (Amazon SNS
// does not support them for event rules delivering to an encrypted topic,
// and every event-rule alert would be dropped) but does require the
// encryption context of the stack's own alert topic, the topic that key
// encrypts; the alarms and bucket notifications require the same topic and
// this account.
func TestEventRulesUseAlertKeyWithoutSourceConditions(t *testing.T) {
	for _, k := range []struct {
		p          *plan.Plan
		key, topic string
	}{{hipaaPlan(t), "hipaa-key", "hipaa-alerts"}, {accountPlan(t), "account-key", "account-alerts"}} {
		topic := res(t, k.p, tTopic, k.topic)
		require.Equal(t, []string{urnOf(t, k.p, tKey, k.key)}, topic.PropertyDependencies["kmsMasterKeyId"], k.topic)
		arn := "arn:aws:sns:us-west-2:123456789012:" + k.topic
		st := statements(t, doc(t, res(t, k.p, tKey, k.key).Inputs["policy"]))
		var events, publishers []string
		for sid, s := range st {
			services := fmt.Sprint(s["Principal"])
			if strings.Contains(services, "events.amazonaws.com") {
				events = append(events, sid)
				assert.Equal(t, map[string]any{"StringEquals": map[string]any{
					"kms:EncryptionContext:aws:sns:topicArn": arn}}, s["Condition"], "%s %s", k.key, sid)
			}
			if strings.Contains(services, "cloudwatch.amazonaws.com") || strings.Contains(services, "s3.amazonaws.com") {
				publishers = append(publishers, sid)
				assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account,
					"kms:EncryptionContext:aws:sns:topicArn": arn}}, s["Condition"], "%s %s", k.key, sid)
			}
		}
		assert.Equal(t, []string{"EventRulesPublishToAlertTopic"}, events, k.key)
		assert.Equal(t, []string{"AlarmsAndBucketsPublishToAlertTopic"}, publishers, k.key)
		assert.Equal(t, []any{"kms:GenerateDataKey*", "kms:Decrypt"}, st["EventRulesPublishToAlertTopic"]["Action"], k.key)
	}
}

func TestLogGroupsUseTheKeyAfterItsPolicy(t *testing.T) {
	p := hipaaPlan(t)
	key := urnOf(t, p, tKey, "hipaa-key")
	require.Len(t, p.Find(tLogGroup), 4) // trail, flow logs, ssh, dns queries
	for _, lg := range p.Find(tLogGroup) {
		// The policy is inline in the key, so depending on the key is
		// depending on its policy (docs/deployment-facts.md#2).
		assert.Equal(t, []string{key}, lg.PropertyDependencies["kmsKeyId"], lg.Name)
		assert.Equal(t, float64(365), lg.Inputs["retentionInDays"], lg.Name)
	}
}
