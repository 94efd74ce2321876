package audit

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// RemediationRole is the role SSM Automation assumes to close SSH.
const RemediationRole = "remediation-role"

// sshRemediationDocument is the AWS-owned SSM Automation document that
// revokes 0.0.0.0/0 and ::/0 ingress on ports 22 and 3389.
const sshRemediationDocument = "AWS-DisablePublicAccessForSecurityGroup"

// sshRemediation makes Config close SSH opened to the world on any project
// security group, automatically, through a role that may only revoke
// ingress on security groups tagged with the project's PIT.
func sshRemediation(s scope.Scope, rule *cfg.Rule) error {
	policy, err := remediationPolicy(s.Names, s.Names.PIT)
	if err != nil {
		return fmt.Errorf("remediation policy: %w", err)
	}
	role, rolePolicy, err := iamrole.ForService(s, RemediationRole, "ssm.amazonaws.com", nil, pulumi.String(policy))
	if err != nil {
		return fmt.Errorf("remediation: %w", err)
	}
	name := s.Names.Logical("restricted-ssh-remediation")
	_, err = cfg.NewRemediationConfiguration(s.Ctx, name, &cfg.RemediationConfigurationArgs{
		ConfigRuleName:           rule.Name,
		ResourceType:             pulumi.String("AWS::EC2::SecurityGroup"),
		TargetType:               pulumi.String("SSM_DOCUMENT"),
		TargetId:                 pulumi.String(sshRemediationDocument),
		Automatic:                pulumi.Bool(true),
		MaximumAutomaticAttempts: pulumi.Int(5),
		RetryAttemptSeconds:      pulumi.Int(60),
		Parameters: cfg.RemediationConfigurationParameterArray{
			&cfg.RemediationConfigurationParameterArgs{Name: pulumi.String("AutomationAssumeRole"), StaticValue: role.Arn},
			&cfg.RemediationConfigurationParameterArgs{Name: pulumi.String("GroupId"), ResourceValue: pulumi.String("RESOURCE_ID")},
		},
	}, s.Opts(pulumi.DependsOn([]pulumi.Resource{rolePolicy}))...)
	if err != nil {
		return fmt.Errorf("ssh remediation: %w", err)
	}
	return nil
}

// remediationPolicy allows revoking ingress only on the project's security
// groups. DescribeSecurityGroups supports no resource-level permissions, so
// AWS requires "*" as its resource.
func remediationPolicy(n naming.Namer, pit string) (string, error) {
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "RevokeIngressOnProjectGroups", Effect: iamdoc.Allow, Action: "ec2:RevokeSecurityGroupIngress",
			Resource:  n.ARN("ec2", "security-group/*"),
			Condition: iamdoc.Conditions{"StringEquals": {"aws:ResourceTag/" + tags.PIT: pit}}},
		iamdoc.Statement{Sid: "DescribeSecurityGroups", Effect: iamdoc.Allow, Action: "ec2:DescribeSecurityGroups", Resource: "*"},
	)
}
