package compute

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/network"
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
func SSMAgentPolicyDocument(n naming.Namer, keyArn string) (string, error) {
	var aws []string
	for _, b := range network.OSRepositoryBuckets(n.Region) {
		aws = append(aws, fmt.Sprintf("arn:%s:s3:::%s/*", n.Partition, b))
	}
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "AgentRegistersAndRunsAssociations", Effect: iamdoc.Allow, Resource: "*", Action: []string{
			"ssm:UpdateInstanceInformation", "ssm:ListAssociations", "ssm:ListInstanceAssociations", "ssm:DescribeAssociation",
			"ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus", "ssm:DescribeDocument", "ssm:GetDocument",
			"ssm:GetManifest", "ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult",
			"ssm:GetDeployablePatchSnapshotForInstance"}},
		iamdoc.Statement{Sid: "SessionManagerChannels", Effect: iamdoc.Allow, Resource: "*", Action: []string{
			"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
			"ssmmessages:OpenDataChannel"}},
		iamdoc.Statement{Sid: "RunCommandMessages", Effect: iamdoc.Allow, Resource: "*", Action: []string{
			"ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint",
			"ec2messages:GetMessages", "ec2messages:SendReply"}},
		// Session Manager checks the encryption of the bucket it writes
		// session logs to, where an account's preferences name one.
		iamdoc.Statement{Sid: "SessionLogBucketEncryptionCheck", Effect: iamdoc.Allow, Resource: "*", Action: "s3:GetEncryptionConfiguration"},
		iamdoc.Statement{Sid: "ReadAWSAgentPatchAndRepositoryBuckets", Effect: iamdoc.Allow, Resource: aws, Action: "s3:GetObject"},
		iamdoc.Statement{Sid: "DecryptSessionDataKeys", Effect: iamdoc.Allow, Resource: keyArn, Action: "kms:Decrypt",
			Condition: iamdoc.SessionKeyContext()},
	)
}

// buildSSMAgentPolicy creates the customer-managed policy of the Systems
// Manager agent, <pit>-ssm-agent, which every instance role attaches.
func (b *builder) buildSSMAgentPolicy() error {
	doc := b.a.KeyArn.ApplyT(func(key string) (string, error) {
		return SSMAgentPolicyDocument(b.Names, key)
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
