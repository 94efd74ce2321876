package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
)

// Log group roles: the part of "/sce/<pit>/<role>".
const (
	logGroupFlowLogs   = "flow-logs"
	logGroupCloudTrail = "cloudtrail"
)

// logGroup creates the project's KMS-encrypted log group /sce/<pit>/<role>
// with the configured retention.
func (b *builder) logGroup(role string) (*cloudwatch.LogGroup, error) {
	return b.newLogGroup(role, b.key.Arn, b.args.LogRetentionDays)
}

// newLogGroup creates the log group /sce/<name>/<role>, encrypted with key
// and kept retentionDays. The key's policy is inline in the key, so it
// exists before CloudWatch Logs is asked to use the key (docs/deployment-facts.md#2).
func (s scope) newLogGroup(role string, key pulumi.StringOutput, retentionDays int) (*cloudwatch.LogGroup, error) {
	name := s.names.logical(role + "-log-group")
	lg, err := cloudwatch.NewLogGroup(s.ctx, name, &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(s.names.logGroup(role)),
		KmsKeyId:        key,
		RetentionInDays: pulumi.Int(retentionDays),
		Tags:            s.tags(name),
	}, s.opts()...)
	if err != nil {
		return nil, fmt.Errorf("log group %s: %w", role, err)
	}
	return lg, nil
}

// serviceRole creates an IAM role named "<pit>-<role>" that only svc may
// assume, on behalf of this account (and, with extra, only for one source),
// with policy as its one customer-managed policy. Resources that act through
// the role depend on the returned attachment.
func (s scope) serviceRole(role, svc string, extra iamdoc.Conditions, policy pulumi.StringInput) (*iam.Role, *iam.RolePolicyAttachment, error) {
	trust, err := iamdoc.TrustPolicy(s.names.account, svc, extra)
	if err != nil {
		return nil, nil, fmt.Errorf("%s trust policy: %w", role, err)
	}
	name := s.names.logical(role)
	r, err := iam.NewRole(s.ctx, name, &iam.RoleArgs{
		Name:             pulumi.String(name),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             s.tags(name),
	}, s.opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s role: %w", role, err)
	}
	a, err := s.attachPolicy(r, name, policy)
	if err != nil {
		return nil, nil, fmt.Errorf("%s role: %w", role, err)
	}
	return r, a, nil
}

// logWritePolicy lets a service create streams in and write to one log group.
func logWritePolicy(groupArn pulumi.StringOutput) pulumi.StringOutput {
	return groupArn.ApplyT(func(arn string) (string, error) {
		return iamdoc.JSON(iamdoc.Statement{
			Sid: "WriteProjectLogGroup", Effect: iamdoc.Allow,
			Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			Resource: []string{arn, arn + ":log-stream:*"},
		})
	}).(pulumi.StringOutput)
}
