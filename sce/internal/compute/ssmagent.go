package compute

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/network"
	"github.com/sce-dev/sce/sce/internal/session"
	"github.com/sce-dev/sce/sce/internal/storage"
)

// SSMAgentPolicyDocument is what the Systems Manager agent on the bastion
// and the workers needs, in place of AWS's AmazonSSMManagedInstanceCore:
// that managed policy also allows ssm:GetParameter and ssm:GetParameters on
// every parameter of the account, which the agent itself never calls. The
// resources are "*" as in AWS's policy: these actions act on the calling
// instance's own registration, messages and sessions. The agent's reads of
// AWS's own buckets (its documents' payloads, Patch Manager's scripts and
// baseline snapshots, the repositories) are signed with the instance role
// when they take the S3 gateway endpoint, so the role must allow them too.
// A session encrypted with the project key (the project's Session Manager
// preferences) has the client generate a data key and the agent decrypt
// it: keyArn is that key, usable here only for a session's data key.
// With sessionLogs (a project without a bastion, whose preferences log
// sessions) the agent also writes those logs: see sessionLogStatements.
func SSMAgentPolicyDocument(n naming.Namer, keyArn string, sessionLogs bool) (string, error) {
	var aws []string
	for _, b := range network.OSRepositoryBuckets(n.Region) {
		aws = append(aws, fmt.Sprintf("arn:%s:s3:::%s/*", n.Partition, b))
	}
	stmts := agentStatements(aws, keyArn)
	if sessionLogs {
		stmts = append(stmts, sessionLogStatements(n, keyArn)...)
	}
	return iamdoc.JSON(stmts...)
}

// agentStatements are what every instance's agent needs; aws are the
// objects of AWS's buckets it reads.
func agentStatements(aws []string, keyArn string) []iamdoc.Statement {
	return []iamdoc.Statement{
		{Sid: "AgentRegistersAndRunsAssociations", Effect: iamdoc.Allow, Resource: "*", Action: []string{
			"ssm:UpdateInstanceInformation", "ssm:ListAssociations", "ssm:ListInstanceAssociations", "ssm:DescribeAssociation",
			"ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus", "ssm:DescribeDocument", "ssm:GetDocument",
			"ssm:GetManifest", "ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult",
			"ssm:GetDeployablePatchSnapshotForInstance"}},
		{Sid: "SessionManagerChannels", Effect: iamdoc.Allow, Resource: "*", Action: []string{
			"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
			"ssmmessages:OpenDataChannel"}},
		{Sid: "RunCommandMessages", Effect: iamdoc.Allow, Resource: "*", Action: []string{
			"ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint",
			"ec2messages:GetMessages", "ec2messages:SendReply"}},
		// Session Manager checks the encryption of the bucket it writes
		// session logs to, where an account's preferences name one.
		{Sid: "SessionLogBucketEncryptionCheck", Effect: iamdoc.Allow, Resource: "*", Action: "s3:GetEncryptionConfiguration"},
		{Sid: "ReadAWSAgentPatchAndRepositoryBuckets", Effect: iamdoc.Allow, Resource: aws, Action: "s3:GetObject"},
		{Sid: "DecryptSessionDataKeys", Effect: iamdoc.Allow, Resource: keyArn, Action: "kms:Decrypt",
			Condition: iamdoc.SessionKeyContext()},
	}
}

// sessionLogStatements let the agent log the sessions started with the
// project's preferences (session.PreferencesContent), as the agent does it
// with the instance's role: it looks the log group up to check its
// encryption (DescribeLogGroups, which names no single group) and refuses
// the session when it cannot, streams the session to the group, and puts
// the transcript under the preferences' prefix in the logs bucket, whose
// default encryption is the project key (through S3 only).
func sessionLogStatements(n naming.Namer, keyArn string) []iamdoc.Statement {
	group := n.LogGroupArn(session.LogGroupSessions)
	return []iamdoc.Statement{
		{Sid: "FindSessionLogGroup", Effect: iamdoc.Allow, Action: "logs:DescribeLogGroups",
			Resource: n.ARN("logs", "log-group:*")},
		loggroup.WriteStatement("StreamSessionLogs", group),
		{Sid: "WriteSessionTranscripts", Effect: iamdoc.Allow, Action: "s3:PutObject",
			Resource: n.BucketArn(storage.Logs) + "/" + session.S3KeyPrefix + "*"},
		iamdoc.KeyThroughS3(keyArn, n.Region),
	}
}

// buildSSMAgentPolicy creates the customer-managed policy of the Systems
// Manager agent, <pit>-ssm-agent, which every instance role attaches.
func (b *builder) buildSSMAgentPolicy() error {
	doc := b.a.KeyArn.ApplyT(func(key string) (string, error) {
		return SSMAgentPolicyDocument(b.Names, key, !b.a.Bastion)
	}).(pulumi.StringOutput)
	name := b.Names.Logical("ssm-agent")
	var err error
	b.ssmAgent, err = iam.NewPolicy(b.Ctx, name, &iam.PolicyArgs{
		Name:        pulumi.String(name),
		Description: pulumi.String(fmt.Sprintf("sce %s: what the Systems Manager agent on the bastion and workers needs, no parameter reads", b.Names.PIT)),
		Policy:      doc,
		Tags:        b.Tags(name),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("ssm agent policy: %w", err)
	}
	return nil
}
