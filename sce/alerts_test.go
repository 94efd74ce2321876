package sce_test

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/sce/internal/alerts"
)

func TestAlertTopic(t *testing.T) {
	p := hipaaPlan(t)
	topic := res(t, p, tTopic, "hipaa-alerts")
	assert.Equal(t, "hipaa-alerts", topic.Inputs["name"])
	assert.Equal(t, p.Outputs["kmsKeyArn"], topic.Inputs["kmsMasterKeyId"])
	assert.Equal(t, "arn:aws:sns:us-west-2:123456789012:hipaa-alerts", p.Outputs["alertTopicArn"])

	subs := p.Find(tSub)
	require.Len(t, subs, 2)
	got := map[string]string{}
	for _, s := range subs {
		assert.Equal(t, "email", s.Inputs["protocol"])
		assert.Equal(t, []string{topic.URN}, s.PropertyDependencies["topic"])
		got[s.Name] = s.Inputs["endpoint"].(string)
	}
	assert.Equal(t, map[string]string{"hipaa-alert-email-1": "sce-security@example.edu", "hipaa-alert-email-2": "k.researcher@example.edu"}, got)
}

func TestAlertTopicPolicy(t *testing.T) {
	p := hipaaPlan(t)
	pol := res(t, p, tTopicPol, "hipaa-alerts-policy")
	assert.Equal(t, []string{urnOf(t, p, tTopic, "hipaa-alerts")}, pol.PropertyDependencies["arn"])
	st := statements(t, doc(t, pol.Inputs["policy"]))
	arn := "arn:aws:sns:us-west-2:123456789012:hipaa-alerts"
	want := map[string]map[string]any{
		"AccountManagesTopic": {"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::123456789012:root"},
			"Action":   []any{"sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"},
			"Resource": arn},
		"ProjectAlarmsPublish": {"Effect": "Allow", "Principal": map[string]any{"Service": "cloudwatch.amazonaws.com"},
			"Action": "sns:Publish", "Resource": arn, "Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": account},
				"ArnEquals": map[string]any{"aws:SourceArn": []any{
					"arn:aws:cloudwatch:us-west-2:123456789012:alarm:hipaa-unauthorized-api-calls",
					"arn:aws:cloudwatch:us-west-2:123456789012:alarm:hipaa-security-group-changes",
					"arn:aws:cloudwatch:us-west-2:123456789012:alarm:hipaa-network-acl-changes",
					"arn:aws:cloudwatch:us-west-2:123456789012:alarm:hipaa-route-table-changes",
					"arn:aws:cloudwatch:us-west-2:123456789012:alarm:hipaa-kms-key-disabled-or-deleted",
					"arn:aws:cloudwatch:us-west-2:123456789012:alarm:hipaa-bucket-policy-changes",
					"arn:aws:cloudwatch:us-west-2:123456789012:alarm:hipaa-failed-ssh-logins",
					"arn:aws:cloudwatch:us-west-2:123456789012:alarm:hipaa-unknown-ssh-user",
					"arn:aws:cloudwatch:us-west-2:123456789012:alarm:hipaa-dns-blocked-queries"}}}},
		"ComplianceRulePublishes": {"Effect": "Allow", "Principal": map[string]any{"Service": "events.amazonaws.com"},
			"Action": "sns:Publish", "Resource": arn, "Condition": map[string]any{
				"ArnEquals": map[string]any{"aws:SourceArn": []any{"arn:aws:events:us-west-2:123456789012:rule/hipaa-config-compliance",
					"arn:aws:events:us-west-2:123456789012:rule/hipaa-patch-compliance"}}}},
		"ProjectBucketsPublish": {"Effect": "Allow", "Principal": map[string]any{"Service": "s3.amazonaws.com"},
			"Action": "sns:Publish", "Resource": arn, "Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": account},
				"ArnEquals": map[string]any{"aws:SourceArn": []any{
					"arn:aws:s3:::hipaa-access-logs-123456789012-us-west-2", "arn:aws:s3:::hipaa-access-logs-123456789012-us-west-2-replica",
					"arn:aws:s3:::hipaa-logs-123456789012-us-west-2", "arn:aws:s3:::hipaa-logs-123456789012-us-west-2-replica",
					"arn:aws:s3:::hipaa-data-in-123456789012-us-west-2", "arn:aws:s3:::hipaa-data-in-123456789012-us-west-2-replica",
					"arn:aws:s3:::hipaa-output-123456789012-us-west-2", "arn:aws:s3:::hipaa-output-123456789012-us-west-2-replica",
					"arn:aws:s3:::hipaa-ancillary-123456789012-us-west-2", "arn:aws:s3:::hipaa-ancillary-123456789012-us-west-2-replica",
					"arn:aws:s3:::hipaa-egress-123456789012-us-west-2", "arn:aws:s3:::hipaa-egress-123456789012-us-west-2-replica"}}}},
		"DenyInsecureTransport": {"Effect": "Deny", "Principal": "*", "Action": "sns:Publish", "Resource": arn,
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}},
	}
	require.Len(t, st, len(want))
	for sid, w := range want {
		w["Sid"] = sid
		assert.Equal(t, asJSON(t, w), any(st[sid]), sid)
	}
}

// TestAlarmsPublishByExactArn: the alert topic of each project and of the
// baseline admits exactly the alarms of its plan, by ARN, and not the
// alarm of a project whose PIT only starts like this one's ("hipaa-x"'s
// for "hipaa"): a pattern "<pit>-*" would admit it.
func TestAlarmsPublishByExactArn(t *testing.T) {
	open := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Egress.Mode = sce.EgressOpen })
	none := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Egress.Mode = sce.EgressNone })
	for _, c := range []struct {
		p           *plan.Plan
		name, sid   string
		alarms      int
		lookAlikeOf string
	}{
		{hipaaPlan(t), "hipaa", "ProjectAlarmsPublish", 9, "hipaa"},
		{omopPlan(t), "omop", "ProjectAlarmsPublish", 9, "omop"},
		{open, "hipaa", "ProjectAlarmsPublish", 8, "hipaa"}, // no DNS Firewall, no blocked-query alarm
		{none, "hipaa", "ProjectAlarmsPublish", 9, "hipaa"}, // the DNS Firewall's blocked-query alarm, as allowlist
		{accountPlan(t), "account", "BaselineAlarmsPublish", 6, "account"},
	} {
		var want []string
		for _, a := range c.p.Find(tAlarm) {
			want = append(want, "arn:aws:cloudwatch:us-west-2:123456789012:alarm:"+a.Inputs["name"].(string))
		}
		require.Len(t, want, c.alarms, c.name)
		st := statements(t, doc(t, res(t, c.p, tTopicPol, c.name+"-alerts-policy").Inputs["policy"]))
		cond := st[c.sid]["Condition"].(map[string]any)
		lookAlike := "arn:aws:cloudwatch:us-west-2:123456789012:alarm:" + c.lookAlikeOf + "-x-unauthorized-api-calls"
		assert.False(t, admitsArn(cond, lookAlike), "%s admits %s", c.name, lookAlike)
		assert.True(t, admitsArn(cond, want[0]), "%s refuses its own alarm %s", c.name, want[0])
		assert.Equal(t, []string{"ArnEquals", "StringEquals"}, slices.Sorted(maps.Keys(cond)), c.name)
		assert.Equal(t, map[string]any{"aws:SourceAccount": account}, cond["StringEquals"], c.name)
		equals, _ := cond["ArnEquals"].(map[string]any)
		arns, _ := equals["aws:SourceArn"].([]any)
		var got []string
		for _, a := range arns {
			got = append(got, a.(string))
		}
		assert.ElementsMatch(t, want, got, c.name)
	}
}

// admitsArn says whether the ArnEquals and ArnLike tests of cond on
// aws:SourceArn let arn through (IAM's ARN wildcards: * any run, ? one
// character).
func admitsArn(cond map[string]any, arn string) bool {
	for op, c := range cond {
		if op != "ArnEquals" && op != "ArnLike" {
			continue
		}
		values, ok := c.(map[string]any)["aws:SourceArn"].([]any)
		if !ok {
			values = []any{c.(map[string]any)["aws:SourceArn"]}
		}
		matched := false
		for _, v := range values {
			pattern := regexp.QuoteMeta(v.(string))
			if op == "ArnLike" {
				pattern = strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(pattern)
			}
			matched = matched || regexp.MustCompile("^"+pattern+"$").MatchString(arn)
		}
		if !matched {
			return false
		}
	}
	return true
}

func TestTrailAlarmsNotifyTheTopic(t *testing.T) {
	p := hipaaPlan(t)
	topicArn := p.Outputs["alertTopicArn"]
	logGroup := urnOf(t, p, tLogGroup, "hipaa-cloudtrail-log-group")
	var buckets []string
	for _, role := range sce.BucketRoles() {
		buckets = append(buckets, bucketName(role))
	}
	alarms := alerts.TrailAlarms(buckets)
	require.Len(t, alarms, 6)
	require.Len(t, p.Find(tFilter), len(alarms)+3, "plus the two SSH alarms and the blocked DNS queries")
	require.Len(t, p.Find(tAlarm), len(alarms)+3, "plus the two SSH alarms and the blocked DNS queries")
	for _, a := range alarms {
		f := res(t, p, tFilter, "hipaa-"+a.Slug+"-filter")
		assert.Equal(t, "/sce/hipaa/cloudtrail", f.Inputs["logGroupName"], a.Slug)
		assert.Equal(t, []string{logGroup}, f.PropertyDependencies["logGroupName"])
		assert.Equal(t, a.Pattern, f.Inputs["pattern"])
		assert.Equal(t, map[string]any{"name": a.Slug, "namespace": "SCE/hipaa", "value": "1"}, f.Inputs["metricTransformation"])

		al := res(t, p, tAlarm, "hipaa-"+a.Slug)
		in := al.Inputs
		assert.Equal(t, "hipaa-"+a.Slug, in["name"])
		assert.Equal(t, a.Slug, in["metricName"])
		assert.Equal(t, "SCE/hipaa", in["namespace"])
		assert.Equal(t, "Sum", in["statistic"])
		assert.Equal(t, float64(300), in["period"])
		assert.Equal(t, float64(1), in["evaluationPeriods"])
		assert.Equal(t, float64(1), in["threshold"])
		assert.Equal(t, "GreaterThanOrEqualToThreshold", in["comparisonOperator"])
		assert.Equal(t, "notBreaching", in["treatMissingData"])
		assert.Equal(t, []any{topicArn}, in["alarmActions"], "every alarm has an action")
		assert.Equal(t, []any{topicArn}, in["insufficientDataActions"], "every alarm says when it cannot be evaluated")
		assert.Contains(t, al.Dependencies, f.URN)
	}
	names := map[string]bool{}
	for _, a := range alarms {
		names[a.Slug] = true
	}
	assert.Equal(t, map[string]bool{"unauthorized-api-calls": true, "security-group-changes": true, "network-acl-changes": true,
		"route-table-changes": true, "kms-key-disabled-or-deleted": true, "bucket-policy-changes": true}, names)
	assert.Equal(t, `{ ($.eventSource = s3.amazonaws.com) && (($.eventName = "PutBucket*") || ($.eventName = "DeleteBucket*")) && (`+
		`($.requestParameters.bucketName = "hipaa-access-logs-123456789012-us-west-2*") || `+
		`($.requestParameters.bucketName = "hipaa-logs-123456789012-us-west-2*") || ($.requestParameters.bucketName = "hipaa-data-in-123456789012-us-west-2*") || `+
		`($.requestParameters.bucketName = "hipaa-output-123456789012-us-west-2*") || ($.requestParameters.bucketName = "hipaa-ancillary-123456789012-us-west-2*") || `+
		`($.requestParameters.bucketName = "hipaa-egress-123456789012-us-west-2*")) }`, alarms[5].Pattern,
		"every PutBucket*/DeleteBucket* call on a bucket or its replica")
}

// TestEveryAlarmNotifiesOnAlarmAndInsufficientData checks every alarm of a
// project and of the baseline (trail, SSH and account alarms) against the
// default parameters of the official rule cloudwatch-alarm-action-check:
// an alarm action and an insufficient-data action, both the alert topic.
func TestEveryAlarmNotifiesOnAlarmAndInsufficientData(t *testing.T) {
	for _, p := range []*plan.Plan{hipaaPlan(t), accountPlan(t)} {
		topic := p.Outputs["alertTopicArn"]
		require.NotEmpty(t, topic, p.Stack)
		alarms := p.Find(tAlarm)
		require.NotEmpty(t, alarms, p.Stack)
		for _, a := range alarms {
			assert.Equal(t, []any{topic}, a.Inputs["alarmActions"], a.Name)
			assert.Equal(t, []any{topic}, a.Inputs["insufficientDataActions"], a.Name)
			assert.NotContains(t, a.Inputs, "okActions", "%s: the rule does not require OK actions, and a notice for every recovery is noise", a.Name)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestConfigComplianceChangesReachTheTopic(t *testing.T) {
	p := hipaaPlan(t)
	rule := res(t, p, tEventRule, "hipaa-config-compliance")
	assert.Equal(t, "hipaa-config-compliance", rule.Inputs["name"])
	var ruleNames []string
	for _, r := range sce.ConfigRules() {
		ruleNames = append(ruleNames, "hipaa-"+r.Slug)
	}
	assert.Len(t, ruleNames, 12)
	assert.JSONEq(t, string(mustJSON(t, map[string]any{"source": []string{"aws.config"}, "detail-type": []string{"Config Rules Compliance Change"},
		"detail": map[string]any{"configRuleName": ruleNames, "newEvaluationResult": map[string]any{"complianceType": []string{"NON_COMPLIANT"}}}})),
		rule.Inputs["eventPattern"].(string), "exact rule names: no prefix that another project's rules could match")
	tgt := res(t, p, tEventTgt, "hipaa-config-compliance-target")
	assert.Equal(t, "hipaa-config-compliance", tgt.Inputs["rule"])
	assert.Equal(t, p.Outputs["alertTopicArn"], tgt.Inputs["arn"])
	assert.Equal(t, []string{rule.URN}, tgt.PropertyDependencies["rule"])
	assert.Equal(t, []string{urnOf(t, p, tTopic, "hipaa-alerts")}, tgt.PropertyDependencies["arn"])
}

// TestOnlyTheStacksBucketsMayPublish: the topic policy's bucket sources
// are exact ARNs (ArnEquals, no wildcard): the project's buckets and their
// replicas, which are every bucket of the plan, and no bucket whose name
// only starts like one of them, of a project whose PIT extends this one,
// or of another account or region.
func TestOnlyTheStacksBucketsMayPublish(t *testing.T) {
	p := hipaaPlan(t)
	st := statements(t, doc(t, res(t, p, tTopicPol, "hipaa-alerts-policy").Inputs["policy"]))
	cond := st["ProjectBucketsPublish"]["Condition"].(map[string]any)
	assert.Equal(t, map[string]any{"aws:SourceAccount": account}, cond["StringEquals"])
	assert.NotContains(t, cond, "ArnLike")
	allowed := map[string]bool{}
	for _, s := range cond["ArnEquals"].(map[string]any)["aws:SourceArn"].([]any) {
		assert.NotContains(t, s, "*")
		allowed[s.(string)] = true
	}
	inPlan := map[string]bool{}
	for _, b := range p.Find(tBucket) {
		inPlan["arn:aws:s3:::"+b.Inputs["bucket"].(string)] = true
	}
	assert.Equal(t, inPlan, allowed, "exactly the plan's buckets")
	for _, role := range sce.BucketRoles() {
		assert.True(t, allowed["arn:aws:s3:::"+bucketName(role)], role)
		assert.True(t, allowed["arn:aws:s3:::"+sce.ReplicaBucketName(bucketName(role))], role)
	}
	for _, other := range []string{"hipaa2-data-in-123456789012-us-west-2", "hipaa-x-data-in-123456789012-us-west-2",
		"hipaa-data-in-123456789012-us-west-2-scratch", "hipaa-data-in-123456789012-us-west-2-replica2",
		"hipaa-data-in-210987654321-us-west-2", "hipaa-data-in-123456789012-us-east-1", "hipaa-scratch-123456789012-us-west-2"} {
		assert.False(t, allowed["arn:aws:s3:::"+other], other)
	}
}
