// Package loggroup creates the KMS-encrypted CloudWatch Logs groups of a
// project or account baseline and the policy that lets a service write to
// one.
package loggroup

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Log group roles: the part of "/sce/<pit>/<role>".
const (
	// FlowLogs receives the VPC flow logs.
	FlowLogs = "flow-logs"
	// CloudTrail receives the trail's events.
	CloudTrail = "cloudtrail"
)

// New creates the log group /sce/<name>/<role>, encrypted with key and kept
// retentionDays. The key's policy is inline in the key, so it exists before
// CloudWatch Logs is asked to use the key (docs/deployment-facts.md#2).
func New(s scope.Scope, role string, key pulumi.StringOutput, retentionDays int) (*cloudwatch.LogGroup, error) {
	name := s.Names.Logical(role + "-log-group")
	lg, err := cloudwatch.NewLogGroup(s.Ctx, name, &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(s.Names.LogGroup(role)),
		KmsKeyId:        key,
		RetentionInDays: pulumi.Int(retentionDays),
		Tags:            s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("log group %s: %w", role, err)
	}
	return lg, nil
}

// WritePolicy lets a service create streams in and write to one log group.
func WritePolicy(groupArn pulumi.StringOutput) pulumi.StringOutput {
	return groupArn.ApplyT(func(arn string) (string, error) {
		return iamdoc.JSON(WriteStatement("WriteProjectLogGroup", arn))
	}).(pulumi.StringOutput)
}

// WriteStatement, with the Sid sid, lets a principal create streams in and
// write to the log group groupArn, and nothing else.
func WriteStatement(sid, groupArn string) iamdoc.Statement {
	return iamdoc.Statement{Sid: sid, Effect: iamdoc.Allow,
		Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
		Resource: []string{groupArn, groupArn + ":log-stream:*"}}
}
