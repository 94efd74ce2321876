package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Log group roles: the part of "/sce/<pit>/<role>".
const (
	logGroupFlowLogs   = "flow-logs"
	logGroupCloudTrail = "cloudtrail"
)

// logGroup creates the project's KMS-encrypted log group /sce/<pit>/<role>
// with the configured retention.
func (b *builder) logGroup(role string) (*cloudwatch.LogGroup, error) {
	return newLogGroup(b.Scope, role, b.key.Arn, b.args.LogRetentionDays)
}

// newLogGroup creates the log group /sce/<name>/<role>, encrypted with key
// and kept retentionDays. The key's policy is inline in the key, so it
// exists before CloudWatch Logs is asked to use the key (docs/deployment-facts.md#2).
func newLogGroup(s scope.Scope, role string, key pulumi.StringOutput, retentionDays int) (*cloudwatch.LogGroup, error) {
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

// serviceRole creates an IAM role named "<pit>-<role>" that only svc may
// assume, on behalf of this account (and, with extra, only for one source),
// with policy as its one customer-managed policy. Resources that act through
// the role depend on the returned attachment.
func serviceRole(s scope.Scope, role, svc string, extra iamdoc.Conditions, policy pulumi.StringInput) (*iam.Role, *iam.RolePolicyAttachment, error) {
	trust, err := iamdoc.TrustPolicy(s.Names.Account, svc, extra)
	if err != nil {
		return nil, nil, fmt.Errorf("%s trust policy: %w", role, err)
	}
	name := s.Names.Logical(role)
	r, err := iam.NewRole(s.Ctx, name, &iam.RoleArgs{
		Name:             pulumi.String(name),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s role: %w", role, err)
	}
	a, err := attachPolicy(s, r, name, policy)
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
