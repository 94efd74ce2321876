package sce_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	acct "github.com/sce-dev/sce/sce/internal/account"
	"github.com/sce-dev/sce/sce/internal/alerts"
)

func TestAccountTrail(t *testing.T) {
	p := accountPlan(t)
	trail := res(t, p, tTrail, "account-trail")
	assert.Equal(t, map[string]any{
		"name":                       "account-trail",
		"s3BucketName":               "account-logs-123456789012-us-west-2",
		"s3KeyPrefix":                "cloudtrail",
		"kmsKeyId":                   p.Outputs["keyArn"],
		"enableLogFileValidation":    true,
		"isMultiRegionTrail":         true,
		"includeGlobalServiceEvents": true,
		"enableLogging":              true,
		"cloudWatchLogsGroupArn":     "arn:aws:logs:us-west-2:123456789012:log-group:/sce/account/cloudtrail:*",
		"cloudWatchLogsRoleArn":      "arn:aws:iam::123456789012:role/account-trail-role",
		"eventSelectors": asJSON(t, []map[string]any{{
			"readWriteType": "All", "includeManagementEvents": true,
			"dataResources": []any{map[string]any{"type": "AWS::S3::Object", "values": []any{"arn:aws:s3"}}},
		}}),
		"tags": baselineTags("account-trail"),
	}, trail.Inputs)
	assert.Subset(t, trail.Dependencies, []string{
		urnOf(t, p, tPolicy, "account-logs-policy"), urnOf(t, p, tAttach, "account-trail-role-policy-attachment"),
		urnOf(t, p, tBucket, "account-archive"),
	}, "the trail waits for the bucket policy, its role and the archive")
	lg := res(t, p, tLogGroup, "account-cloudtrail-log-group")
	assert.Equal(t, map[string]any{"name": "/sce/account/cloudtrail", "kmsKeyId": p.Outputs["keyArn"], "retentionInDays": float64(365),
		"tags": baselineTags("account-cloudtrail-log-group")}, lg.Inputs)
}

func TestAccountDefaults(t *testing.T) {
	p := accountPlan(t)
	assert.Equal(t, map[string]any{"enabled": true}, res(t, p, tEBSDefault, "account-ebs-encryption-by-default").Inputs)
	ebsKey := res(t, p, tEBSKey, "account-ebs-default-key")
	assert.Equal(t, map[string]any{"keyArn": p.Outputs["keyArn"]}, ebsKey.Inputs, "EBS encrypts by default with the baseline key")
	assert.Equal(t, []string{urnOf(t, p, tKey, "account-key")}, ebsKey.PropertyDependencies["keyArn"])
	assert.Equal(t, map[string]any{"accountId": account, "blockPublicAcls": true, "blockPublicPolicy": true,
		"ignorePublicAcls": true, "restrictPublicBuckets": true}, res(t, p, tAccountPAB, "account-s3-public-access-block").Inputs)
	assert.Equal(t, map[string]any{
		"minimumPasswordLength": float64(14), "requireLowercaseCharacters": true, "requireUppercaseCharacters": true,
		"requireNumbers": true, "requireSymbols": true, "passwordReusePrevention": float64(24), "maxPasswordAge": float64(90),
		"allowUsersToChangePassword": true,
	}, res(t, p, tPassword, "account-password-policy").Inputs)
	assert.Equal(t, acct.PasswordPolicySpec{MinimumLength: 14, ReusePrevention: 24, MaxAgeDays: 90}, acct.PasswordPolicy())
	assert.Equal(t, map[string]any{"analyzerName": "account-access-analyzer", "type": "ACCOUNT",
		"tags": baselineTags("account-access-analyzer")}, res(t, p, tAnalyzer, "account-access-analyzer").Inputs)
}

func TestGuardDutyWithS3Protection(t *testing.T) {
	p := accountPlan(t)
	det := res(t, p, tDetector, "account-guardduty")
	assert.Equal(t, map[string]any{"enable": true, "findingPublishingFrequency": "FIFTEEN_MINUTES",
		"tags": baselineTags("account-guardduty")}, det.Inputs)
	feat := res(t, p, tDetectorFeat, "account-guardduty-s3-protection")
	assert.Equal(t, "S3_DATA_EVENTS", feat.Inputs["name"])
	assert.Equal(t, "ENABLED", feat.Inputs["status"])
	assert.Equal(t, []string{det.URN}, feat.PropertyDependencies["detectorId"], "the detector comes first")
	assert.Contains(t, feat.Dependencies, det.URN)
}

func TestSecurityHubWithStandards(t *testing.T) {
	p := accountPlan(t)
	hub := res(t, p, tHub, "account-security-hub")
	assert.Equal(t, map[string]any{"enableDefaultStandards": false, "autoEnableControls": true,
		"controlFindingGenerator": "SECURITY_CONTROL"}, hub.Inputs)
	for name, arn := range map[string]string{
		"account-fsbp-standard": "arn:aws:securityhub:us-west-2::standards/aws-foundational-security-best-practices/v/1.0.0",
		"account-cis-standard":  "arn:aws:securityhub:us-west-2::standards/cis-aws-foundations-benchmark/v/3.0.0",
	} {
		std := res(t, p, tStandard, name)
		assert.Equal(t, map[string]any{"standardsArn": arn}, std.Inputs)
		assert.Equal(t, []string{hub.URN}, std.Dependencies, "the hub is enabled before its standards")
	}
}

func TestBaselineAlertTopic(t *testing.T) {
	p := accountPlan(t)
	topic := res(t, p, tTopic, "account-alerts")
	assert.Equal(t, map[string]any{"name": "account-alerts", "displayName": "SCE account account security alerts",
		"kmsMasterKeyId": p.Outputs["keyArn"], "tags": baselineTags("account-alerts")}, topic.Inputs)
	sub := res(t, p, tSub, "account-alert-email-1")
	assert.Equal(t, "email", sub.Inputs["protocol"])
	assert.Equal(t, baselineOwner, sub.Inputs["endpoint"])
	st := statements(t, doc(t, res(t, p, tTopicPol, "account-alerts-policy").Inputs["policy"]))
	assert.Equal(t, []any{
		"arn:aws:events:us-west-2:123456789012:rule/account-guardduty-findings",
		"arn:aws:events:us-west-2:123456789012:rule/account-securityhub-findings",
		"arn:aws:events:us-west-2:123456789012:rule/account-config-compliance",
	}, st["FindingRulesPublish"]["Condition"].(map[string]any)["ArnEquals"].(map[string]any)["aws:SourceArn"])
	assert.Equal(t, []any{
		"arn:aws:cloudwatch:us-west-2:123456789012:alarm:account-root-account-usage",
		"arn:aws:cloudwatch:us-west-2:123456789012:alarm:account-console-signin-without-mfa",
		"arn:aws:cloudwatch:us-west-2:123456789012:alarm:account-console-signin-failures",
		"arn:aws:cloudwatch:us-west-2:123456789012:alarm:account-iam-policy-changes",
		"arn:aws:cloudwatch:us-west-2:123456789012:alarm:account-cloudtrail-changes",
		"arn:aws:cloudwatch:us-west-2:123456789012:alarm:account-config-changes",
	}, st["BaselineAlarmsPublish"]["Condition"].(map[string]any)["ArnEquals"].(map[string]any)["aws:SourceArn"])
	assert.Equal(t, map[string]any{"Sid": "BaselineBucketsPublish", "Effect": "Allow", "Principal": map[string]any{"Service": "s3.amazonaws.com"},
		"Action": "sns:Publish", "Resource": "arn:aws:sns:us-west-2:123456789012:account-alerts", "Condition": map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": account},
			"ArnEquals": map[string]any{"aws:SourceArn": []any{
				"arn:aws:s3:::account-access-logs-123456789012-us-west-2", "arn:aws:s3:::account-access-logs-123456789012-us-west-2-replica",
				"arn:aws:s3:::account-logs-123456789012-us-west-2", "arn:aws:s3:::account-logs-123456789012-us-west-2-replica",
				"arn:aws:s3:::account-config-123456789012-us-west-2", "arn:aws:s3:::account-config-123456789012-us-west-2-replica",
				"arn:aws:s3:::account-archive-123456789012-us-west-2", "arn:aws:s3:::account-archive-123456789012-us-west-2-replica"}}}}, st["BaselineBucketsPublish"])
	assert.Len(t, st, 5)
	assert.Equal(t, "Deny", st["DenyInsecureTransport"]["Effect"])
}

func TestBaselineFindingAlerts(t *testing.T) {
	p := accountPlan(t)
	for name, pattern := range map[string]string{
		"account-guardduty-findings": `{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],"detail":{"severity":[{"numeric":[">=",4]}]}}`,
		"account-securityhub-findings": `{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{` +
			`"Severity":{"Label":["CRITICAL","HIGH"]},"Workflow":{"Status":["NEW"]},"RecordState":["ACTIVE"],"ProductName":[{"anything-but":"GuardDuty"}]}}}`,
		"account-config-compliance": `{"source":["aws.config"],"detail-type":["Config Rules Compliance Change"],"detail":{` +
			`"configRuleName":[{"wildcard":"*-conformance-pack-*"}],"newEvaluationResult":{"complianceType":["NON_COMPLIANT"]}}}`,
	} {
		rule := res(t, p, tEventRule, name)
		assert.Equal(t, name, rule.Inputs["name"])
		assert.JSONEq(t, pattern, rule.Inputs["eventPattern"].(string), name)
		tgt := res(t, p, tEventTgt, name+"-target")
		assert.Equal(t, name, tgt.Inputs["rule"])
		assert.Equal(t, p.Outputs["alertTopicArn"], tgt.Inputs["arn"])
	}
}

func TestBaselineAlarms(t *testing.T) {
	p := accountPlan(t)
	alarms := alerts.BaselineAlarms()
	require.Len(t, alarms, 6)
	for _, a := range alarms {
		name := "account-" + a.Slug
		f := res(t, p, tFilter, name+"-filter")
		assert.Equal(t, "/sce/account/cloudtrail", f.Inputs["logGroupName"])
		assert.Equal(t, a.Pattern, f.Inputs["pattern"])
		assert.Equal(t, map[string]any{"name": a.Slug, "namespace": "SCE/account", "value": "1"}, f.Inputs["metricTransformation"])
		al := res(t, p, tAlarm, name)
		assert.Equal(t, []any{p.Outputs["alertTopicArn"]}, al.Inputs["alarmActions"], name)
		assert.Equal(t, []any{p.Outputs["alertTopicArn"]}, al.Inputs["insufficientDataActions"], name)
		assert.Equal(t, float64(a.Threshold), al.Inputs["threshold"], name)
		assert.Contains(t, al.Dependencies, f.URN)
	}
	assert.Equal(t, []string{"root-account-usage", "console-signin-without-mfa", "console-signin-failures",
		"iam-policy-changes", "cloudtrail-changes", "config-changes"}, slugs(alarms))
}

func slugs(alarms []alerts.Alarm) []string {
	out := make([]string, len(alarms))
	for i, a := range alarms {
		out[i] = a.Slug
	}
	return out
}

// accountSingletons are the resource types that exist once per account
// (and region): only the baseline may create them.
var accountSingletons = []string{tRecorder, tChannel, tRecStatus, tPack, tPassword, tAccountPAB, tEBSDefault, tEBSKey,
	tDetector, tDetectorFeat, tHub, tStandard, tAnalyzer}

func TestProjectPlansCannotCreateAccountControls(t *testing.T) {
	for stack, p := range projectPlans(t) {
		for _, typ := range accountSingletons {
			assert.Empty(t, p.Find(typ), "%s: a project stack must not create %s (AWS allows one per account)", stack, typ)
		}
		assert.Empty(t, p.Find(tBaseline), stack)
	}
	for _, typ := range accountSingletons {
		assert.NotEmpty(t, accountPlan(t).Find(typ), typ)
	}
}
