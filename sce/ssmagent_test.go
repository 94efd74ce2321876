package sce_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
)

// TestSSMAgentPolicy: the instance roles' Systems Manager rights are the
// agent's own (registration, Run Command and State Manager messages,
// Session Manager channels, inventory, patching), never a read of the
// account's SSM parameters, which AWS's AmazonSSMManagedInstanceCore allows
// on every parameter.
func TestSSMAgentPolicy(t *testing.T) {
	p := hipaaPlan(t)
	require.Len(t, p.Find(tIAMPolicy), 11, "the SSM agent's policy, one customer-managed policy per role (the patch window's and the replication role's too) and the worker role's airlock policy")
	pol := res(t, p, tIAMPolicy, "hipaa-ssm-agent")
	assert.Equal(t, "hipaa-ssm-agent", pol.Inputs["name"])
	assert.Equal(t, "sce hipaa: what the Systems Manager agent on the bastion and workers needs, no parameter reads",
		pol.Inputs["description"])
	assert.Equal(t, "hipaa", pol.Inputs["tags"].(map[string]any)["sce:pit"])
	st := statements(t, doc(t, pol.Inputs["policy"]))
	want := map[string]map[string]any{
		"AgentRegistersAndRunsAssociations": {"Effect": "Allow", "Resource": "*", "Action": []any{
			"ssm:UpdateInstanceInformation", "ssm:ListAssociations", "ssm:ListInstanceAssociations", "ssm:DescribeAssociation",
			"ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus", "ssm:DescribeDocument", "ssm:GetDocument",
			"ssm:GetManifest", "ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult",
			"ssm:GetDeployablePatchSnapshotForInstance"}},
		"SessionManagerChannels": {"Effect": "Allow", "Resource": "*", "Action": []any{
			"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
			"ssmmessages:OpenDataChannel"}},
		"RunCommandMessages": {"Effect": "Allow", "Resource": "*", "Action": []any{
			"ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint",
			"ec2messages:GetMessages", "ec2messages:SendReply"}},
		"SessionLogBucketEncryptionCheck": {"Effect": "Allow", "Resource": "*", "Action": "s3:GetEncryptionConfiguration"},
		// Signed with the instance role through the S3 gateway endpoint:
		// without these AWS-RunPatchBaseline cannot fetch its scripts.
		"ReadAWSAgentPatchAndRepositoryBuckets": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": []any{
			"arn:aws:s3:::al2023-repos-us-west-2-de612dc2/*", "arn:aws:s3:::amazonlinux-2-repos-us-west-2/*",
			"arn:aws:s3:::amazon-ssm-us-west-2/*", "arn:aws:s3:::amazon-ssm-packages-us-west-2/*", "arn:aws:s3:::aws-ssm-us-west-2/*",
			"arn:aws:s3:::us-west-2-birdwatcher-prod/*", "arn:aws:s3:::aws-ssm-distributor-file-us-west-2/*",
			"arn:aws:s3:::aws-ssm-document-attachments-us-west-2/*", "arn:aws:s3:::amazoncloudwatch-agent-us-west-2/*",
			"arn:aws:s3:::aws-patch-manager-us-west-2-34d7f99f8/*", "arn:aws:s3:::patch-baseline-snapshot-us-west-2/*"}},
		// The agent decrypts an encrypted session's data key, and nothing
		// else, with the project key.
		"DecryptSessionDataKeys": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": res(t, p, tKey, "hipaa-key").Outputs["arn"],
			"Condition": map[string]any{"ForAnyValue:StringEquals": map[string]any{"kms:EncryptionContextKeys": "aws:ssm:SessionId"}}},
	}
	require.Len(t, st, len(want))
	for sid, w := range want {
		w["Sid"] = sid
		assert.Equal(t, asJSON(t, w), any(st[sid]), sid)
	}
	for sid, s := range st {
		actions, ok := s["Action"].([]any)
		if !ok {
			actions = []any{s["Action"]}
		}
		for _, a := range actions {
			assert.False(t, strings.HasPrefix(a.(string), "ssm:GetParameter"), "%s allows %s", sid, a)
			assert.NotContains(t, a, "*", sid)
		}
	}
}

// TestSSMAgentLogsSessionsWithoutBastion: in session-manager mode the
// project's preferences log every session to the sessions log group and the
// logs bucket, and the agent writes both with the instance's role (it
// refuses a session whose encrypted log group it cannot look up), so the
// agent's policy adds exactly those rights; a project with a bastion, whose
// IT sessions use the account's preferences, has none of them.
func TestSSMAgentLogsSessionsWithoutBastion(t *testing.T) {
	p := sessionManagerPlan(t)
	st := statements(t, doc(t, res(t, p, tIAMPolicy, "hipaa-ssm-agent").Inputs["policy"]))
	require.Len(t, st, 10)
	group := "arn:aws:logs:us-west-2:123456789012:log-group:/sce/hipaa/sessions"
	logs := p.Outputs["bucketNames"].(map[string]any)["logs"].(string)
	key := res(t, p, tKey, "hipaa-key").Outputs["arn"]
	want := map[string]map[string]any{
		"FindSessionLogGroup": {"Effect": "Allow", "Action": "logs:DescribeLogGroups",
			"Resource": "arn:aws:logs:us-west-2:123456789012:log-group:*"},
		"StreamSessionLogs": {"Effect": "Allow", "Action": []any{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			"Resource": []any{group, group + ":log-stream:*"}},
		"WriteSessionTranscripts": {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::" + logs + "/session-manager/*"},
		"UseProjectKeyThroughS3": {"Effect": "Allow", "Action": []any{"kms:Decrypt", "kms:GenerateDataKey"}, "Resource": key,
			"Condition": map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.us-west-2.amazonaws.com"}}},
	}
	for sid, w := range want {
		w["Sid"] = sid
		assert.Equal(t, asJSON(t, w), any(st[sid]), sid)
	}
	prefs := doc(t, res(t, p, awstype.SSMDocument, "hipaa-session-preferences").Inputs["content"])["inputs"].(map[string]any)
	assert.Equal(t, "/sce/hipaa/sessions", prefs["cloudWatchLogGroupName"])
	assert.Equal(t, logs, prefs["s3BucketName"])
	assert.Equal(t, "session-manager/", prefs["s3KeyPrefix"])
}
