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

// sshRemediationDocument is the AWS-owned SSM Automation runbook that
// reads a security group's rules and revokes every ingress rule open to all
// addresses (0.0.0.0/0 or ::/0), whatever its port: sce opens no port of a
// project group to the whole internet (sce:allowedSshCidrs refuses it), so
// any such rule is a mistake. AWS-DisablePublicAccessForSecurityGroup, the
// runbook that revokes only ports 22 and 3389, fails with
// InvalidPermission.NotFound in a VPC that is not the account's default
// unless the group holds all four of its patterns, as AWS's runbook
// reference says: it would never close a project group (each is in the
// project's own VPC; docs/deployment-facts.md#23).
const sshRemediationDocument = "AWSConfigRemediation-RemoveUnrestrictedSourceIngressRules"

// sshRemediation makes Config close SSH opened to the world on any project
// security group, automatically (with every other rule open to the world
// on that group, see sshRemediationDocument), through a role that may only
// revoke ingress on security groups tagged with the project's PIT.
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
			&cfg.RemediationConfigurationParameterArgs{Name: pulumi.String("SecurityGroupId"), ResourceValue: pulumi.String("RESOURCE_ID")},
		},
	}, s.Opts(pulumi.DependsOn([]pulumi.Resource{rolePolicy}))...)
	if err != nil {
		return fmt.Errorf("ssh remediation: %w", err)
	}
	return nil
}

// remediationPolicy allows what AWS lists for the runbook's role: revoking
// ingress, only on the project's security groups; describing groups, which
// supports no resource-level permissions, so AWS requires "*" as its
// resource; and starting and reading the runbook's own automations.
func remediationPolicy(n naming.Namer, pit string) (string, error) {
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "RevokeIngressOnProjectGroups", Effect: iamdoc.Allow, Action: "ec2:RevokeSecurityGroupIngress",
			Resource:  n.ARN("ec2", "security-group/*"),
			Condition: iamdoc.Conditions{"StringEquals": {"aws:ResourceTag/" + tags.PIT: pit}}},
		iamdoc.Statement{Sid: "DescribeSecurityGroups", Effect: iamdoc.Allow, Action: "ec2:DescribeSecurityGroups", Resource: "*"},
		iamdoc.Statement{Sid: "RunRemediationRunbook", Effect: iamdoc.Allow, Action: "ssm:StartAutomationExecution",
			Resource: n.ARN("ssm", "automation-definition/"+sshRemediationDocument+":*")},
		iamdoc.Statement{Sid: "ReadRemediationRuns", Effect: iamdoc.Allow, Action: "ssm:GetAutomationExecution",
			Resource: n.ARN("ssm", "automation-execution/*")},
	)
}
