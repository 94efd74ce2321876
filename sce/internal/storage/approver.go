package storage

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// ApproverRole is the airlock approver role's name: "<pit>-egress-approver".
const ApproverRole = "egress-approver"

// ApproverRoleArn is the ARN of the project's approver role, built from its
// name so that bucket policies can name it before it exists.
func ApproverRoleArn(n naming.Namer) string {
	return fmt.Sprintf("arn:%s:iam::%s:role/%s", n.Partition, n.Account, n.Logical(ApproverRole))
}

// ApproverArgs are the inputs of Approver.
type ApproverArgs struct {
	// Reviewers are the principals (IT reviewers) that may assume the role.
	Reviewers []string
	// KeyArn is the project key, which encrypts the output, logs and egress buckets.
	KeyArn pulumi.StringOutput
}

// Approver creates the airlock's approver role, assumable by the named
// reviewers only, with its customer-managed policy (ApproverPolicy).
func Approver(s scope.Scope, a ApproverArgs) (*iam.Role, error) {
	trust, err := ApproverTrustPolicy(a.Reviewers)
	if err != nil {
		return nil, fmt.Errorf("approver trust policy: %w", err)
	}
	name := s.Names.Logical(ApproverRole)
	role, err := iam.NewRole(s.Ctx, name, &iam.RoleArgs{
		Name: pulumi.String(name), AssumeRolePolicy: pulumi.String(trust), Tags: s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("approver role: %w", err)
	}
	doc := a.KeyArn.ApplyT(func(key string) (string, error) { return ApproverPolicy(s.Names, key) }).(pulumi.StringOutput)
	if _, err := iamrole.AttachPolicy(s, role, name, doc); err != nil {
		return nil, fmt.Errorf("approver: %w", err)
	}
	return role, nil
}

// ApproverTrustPolicy lets the reviewers, and no one else, assume the
// approver role.
func ApproverTrustPolicy(reviewers []string) (string, error) {
	return iamdoc.JSON(iamdoc.Statement{
		Sid: "AssumeRoleByReviewers", Effect: iamdoc.Allow, Principal: map[string]any{"AWS": reviewers},
		Action: "sts:AssumeRole",
	})
}

// ApproverPolicy is what the approver role may do: read the output bucket
// (to check a request's files), list, read and write the egress bucket,
// list, read and record under the airlock's prefix of the logs bucket, and
// use the project key for those buckets.
func ApproverPolicy(n naming.Namer, keyArn string) (string, error) {
	output, logs, egress := n.BucketArn(Output), n.BucketArn(Logs), n.BucketArn(Egress)
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "ListOutputEgressAndLogs", Effect: iamdoc.Allow,
			Action: []string{"s3:ListBucket", "s3:ListBucketVersions"}, Resource: []string{output, egress, logs}},
		iamdoc.Statement{Sid: "ReadOutput", Effect: iamdoc.Allow,
			Action: []string{"s3:GetObject", "s3:GetObjectVersion"}, Resource: output + "/*"},
		iamdoc.Statement{Sid: "ReleaseToEgress", Effect: iamdoc.Allow,
			Action: []string{"s3:GetObject", "s3:PutObject"}, Resource: egress + "/*"},
		iamdoc.Statement{Sid: "RecordDecisions", Effect: iamdoc.Allow,
			Action:   []string{"s3:GetObject", "s3:PutObject", "s3:PutObjectRetention"},
			Resource: logs + "/" + AirlockLogsPrefix + "*"},
		iamdoc.Statement{Sid: "UseProjectKey", Effect: iamdoc.Allow,
			Action: []string{"kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"}, Resource: keyArn},
	)
}

// WorkerAirlockPolicy is the worker role's part of the airlock: it lists
// and reads the output bucket (to compute each file's SHA-256 for a
// request) and may never write the egress bucket or the airlock's records
// in the logs bucket, whatever another policy allows.
func WorkerAirlockPolicy(n naming.Namer) (string, error) {
	output, logs, egress := n.BucketArn(Output), n.BucketArn(Logs), n.BucketArn(Egress)
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "ListOutput", Effect: iamdoc.Allow,
			Action: []string{"s3:ListBucket", "s3:ListBucketVersions"}, Resource: output},
		iamdoc.Statement{Sid: "ReadOutput", Effect: iamdoc.Allow,
			Action: []string{"s3:GetObject", "s3:GetObjectVersion"}, Resource: output + "/*"},
		iamdoc.Statement{Sid: "DenyAirlockWrites", Effect: iamdoc.Deny, Action: "s3:PutObject",
			Resource: []string{egress + "/*", logs + "/" + AirlockLogsPrefix + "*"}},
	)
}
