package sce_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/sce"
)

func TestTrail(t *testing.T) {
	p := hipaaPlan(t)
	require.Len(t, p.Find(tTrail), 1)
	trail := res(t, p, tTrail, "hipaa-trail")
	in := trail.Inputs
	assert.Equal(t, "hipaa-trail", in["name"])
	assert.Equal(t, bucketName(sce.BucketLogs), in["s3BucketName"])
	assert.Equal(t, "cloudtrail", in["s3KeyPrefix"])
	assert.Equal(t, p.Outputs["kmsKeyArn"], in["kmsKeyId"])
	assert.Equal(t, true, in["enableLogFileValidation"])
	assert.Equal(t, true, in["isMultiRegionTrail"])
	assert.Equal(t, true, in["includeGlobalServiceEvents"])
	assert.Equal(t, true, in["enableLogging"])
	assert.Equal(t, "arn:aws:logs:us-west-2:123456789012:log-group:/sce/hipaa/cloudtrail:*", in["cloudWatchLogsGroupArn"])
	assert.Equal(t, []string{urnOf(t, p, tRole, "hipaa-trail-role")}, trail.PropertyDependencies["cloudWatchLogsRoleArn"])
	assert.Equal(t, p.Outputs["trailArn"], "arn:aws:cloudtrail:us-west-2:123456789012:trail/hipaa-trail")

	// The trail waits for the bucket policy that lets CloudTrail write.
	assert.Contains(t, trail.Dependencies, urnOf(t, p, tPolicy, "hipaa-logs-policy"))
	assert.Contains(t, trail.Dependencies, urnOf(t, p, tAttach, "hipaa-trail-role-policy-attachment"))
}

// TestTrailRecordsPHIDataEvents: the project trail records every object
// access to the PHI buckets, the egress bucket and their replicas (a copy
// of PHI is PHI).
func TestTrailRecordsPHIDataEvents(t *testing.T) {
	p := hipaaPlan(t)
	assert.Equal(t, asJSON(t, []map[string]any{{
		"readWriteType":           "All",
		"includeManagementEvents": true,
		"dataResources": []map[string]any{{
			"type": "AWS::S3::Object",
			"values": []string{"arn:aws:s3:::" + bucketName(sce.BucketDataIn) + "/", "arn:aws:s3:::" + bucketName(sce.BucketDataIn) + "-replica/",
				"arn:aws:s3:::" + bucketName(sce.BucketOutput) + "/", "arn:aws:s3:::" + bucketName(sce.BucketOutput) + "-replica/",
				"arn:aws:s3:::" + bucketName(sce.BucketEgress) + "/", "arn:aws:s3:::" + bucketName(sce.BucketEgress) + "-replica/"},
		}},
	}}), res(t, p, tTrail, "hipaa-trail").Inputs["eventSelectors"])
}

func TestTrailRoleWritesOnlyItsLogGroup(t *testing.T) {
	p := hipaaPlan(t)
	lg := res(t, p, tLogGroup, "hipaa-cloudtrail-log-group")
	assert.Equal(t, "/sce/hipaa/cloudtrail", lg.Inputs["name"])
	role := res(t, p, tRole, "hipaa-trail-role")
	assert.Equal(t, "hipaa-trail-role", role.Inputs["name"])
	// No aws:SourceAccount or aws:SourceArn: CloudTrail sends neither when
	// it assumes the role, so a condition on them refuses it and CreateTrail
	// fails (docs/deployment-facts.md#22).
	trust := statements(t, doc(t, role.Inputs["assumeRolePolicy"]))
	assert.Len(t, trust, 1)
	assert.Equal(t, asJSON(t, map[string]any{
		"Sid": "AssumeRoleFromcloudtrail.amazonaws.com", "Effect": "Allow",
		"Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole",
	}), any(trust["AssumeRoleFromcloudtrail.amazonaws.com"]))
	perms := statements(t, doc(t, res(t, p, tIAMPolicy, "hipaa-trail-role-policy").Inputs["policy"]))
	arn := "arn:aws:logs:us-west-2:123456789012:log-group:/sce/hipaa/cloudtrail"
	assert.Equal(t, []any{arn, arn + ":log-stream:*"}, perms["WriteProjectLogGroup"]["Resource"])
}

func TestConfigRules(t *testing.T) {
	p := hipaaPlan(t)
	key := p.Outputs["kmsKeyArn"].(string)
	want := map[string]struct{ identifier, tag, params string }{
		"hipaa-encrypted-volumes":                {"ENCRYPTED_VOLUMES", sce.TagPIT, `{"kmsId":"` + key + `"}`},
		"hipaa-ec2-imdsv2":                       {"EC2_IMDSV2_CHECK", sce.TagPIT, ""},
		"hipaa-restricted-ssh":                   {"INCOMING_SSH_DISABLED", sce.TagPIT, ""},
		"hipaa-restricted-common-ports":          {"RESTRICTED_INCOMING_TRAFFIC", sce.TagPIT, `{"blockedPort1":"3389","blockedPort2":"3306","blockedPort3":"5432","blockedPort4":"1433","blockedPort5":"1521"}`},
		"hipaa-s3-tls-only":                      {"S3_BUCKET_SSL_REQUESTS_ONLY", sce.TagPIT, ""},
		"hipaa-s3-public-access-prohibited":      {"S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", sce.TagPIT, ""},
		"hipaa-s3-versioning":                    {"S3_BUCKET_VERSIONING_ENABLED", sce.TagPIT, ""},
		"hipaa-s3-default-kms":                   {"S3_DEFAULT_ENCRYPTION_KMS", sce.TagDataBucket, `{"kmsKeyArns":"` + key + `"}`},
		"hipaa-s3-logging":                       {"S3_BUCKET_LOGGING_ENABLED", sce.TagDataBucket, ""},
		"hipaa-default-sg-closed":                {"VPC_DEFAULT_SECURITY_GROUP_CLOSED", sce.TagPIT, ""},
		"hipaa-private-no-public-ip":             {"EC2_INSTANCE_NO_PUBLIC_IP", sce.TagPrivate, ""},
		"hipaa-private-subnet-no-auto-public-ip": {"SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED", sce.TagPrivate, ""},
	}
	require.Len(t, p.Find(tRule), len(want))
	for name, w := range want {
		r := res(t, p, tRule, name)
		assert.Equal(t, name, r.Inputs["name"])
		assert.Equal(t, map[string]any{"owner": "AWS", "sourceIdentifier": w.identifier}, r.Inputs["source"], name)
		assert.Equal(t, map[string]any{"tagKey": w.tag, "tagValue": "hipaa"}, r.Inputs["scope"], name)
		if w.params == "" {
			assert.NotContains(t, r.Inputs, "inputParameters", name)
		} else {
			assert.JSONEq(t, w.params, r.Inputs["inputParameters"].(string), name)
		}
	}
}

func TestProjectStackCreatesNoConfigurationRecorder(t *testing.T) {
	for _, p := range projectPlans(t) {
		for _, r := range p.Resources {
			assert.NotContains(t, []string{awstype.ConfigRecorder, awstype.ConfigDeliveryChannel, awstype.ConfigRecorderStatus}, r.Type)
		}
	}
}

func TestSSHRemediation(t *testing.T) {
	p := hipaaPlan(t)
	require.Len(t, p.Find(tRemedy), 1)
	rem := res(t, p, tRemedy, "hipaa-restricted-ssh-remediation")
	in := rem.Inputs
	assert.Equal(t, "hipaa-restricted-ssh", in["configRuleName"])
	assert.Equal(t, []string{urnOf(t, p, tRule, "hipaa-restricted-ssh")}, rem.PropertyDependencies["configRuleName"])
	assert.Equal(t, "SSM_DOCUMENT", in["targetType"])
	// Not AWS-DisablePublicAccessForSecurityGroup: outside the default VPC
	// it fails unless the group holds all four of its patterns.
	assert.Equal(t, "AWSConfigRemediation-RemoveUnrestrictedSourceIngressRules", in["targetId"])
	assert.Equal(t, "AWS::EC2::SecurityGroup", in["resourceType"])
	assert.Equal(t, true, in["automatic"])
	assert.Equal(t, float64(5), in["maximumAutomaticAttempts"])
	assert.Equal(t, asJSON(t, []map[string]any{
		{"name": "AutomationAssumeRole", "staticValue": "arn:aws:iam::123456789012:role/hipaa-remediation-role"},
		{"name": "SecurityGroupId", "resourceValue": "RESOURCE_ID"},
	}), in["parameters"])
	assert.Contains(t, rem.Dependencies, urnOf(t, p, tAttach, "hipaa-remediation-role-policy-attachment"))

	perms := statements(t, doc(t, res(t, p, tIAMPolicy, "hipaa-remediation-role-policy").Inputs["policy"]))
	assert.Equal(t, asJSON(t, map[string]any{
		"Sid": "RevokeIngressOnProjectGroups", "Effect": "Allow", "Action": "ec2:RevokeSecurityGroupIngress",
		"Resource":  "arn:aws:ec2:us-west-2:123456789012:security-group/*",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:ResourceTag/sce:pit": "hipaa"}},
	}), any(perms["RevokeIngressOnProjectGroups"]))
	assert.Equal(t, "*", perms["DescribeSecurityGroups"]["Resource"])
	assert.Equal(t, "arn:aws:ssm:us-west-2:123456789012:automation-definition/AWSConfigRemediation-RemoveUnrestrictedSourceIngressRules:*",
		perms["RunRemediationRunbook"]["Resource"])
	assert.Equal(t, "ssm:StartAutomationExecution", perms["RunRemediationRunbook"]["Action"])
	assert.Equal(t, "arn:aws:ssm:us-west-2:123456789012:automation-execution/*", perms["ReadRemediationRuns"]["Resource"])
	assert.Equal(t, "ssm:GetAutomationExecution", perms["ReadRemediationRuns"]["Action"])
	assert.Len(t, perms, 4)
	trust := statements(t, doc(t, res(t, p, tRole, "hipaa-remediation-role").Inputs["assumeRolePolicy"]))
	assert.Equal(t, map[string]any{"Service": "ssm.amazonaws.com"}, trust["AssumeRoleFromssm.amazonaws.com"]["Principal"])
}
