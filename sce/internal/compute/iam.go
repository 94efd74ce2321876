package compute

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// shipLogsStatement lets the CloudWatch agent write the project's SSH and
// audit log group, nothing else.
func shipLogsStatement(n naming.Namer) iamdoc.Statement {
	return loggroup.WriteStatement("ShipSSHAndAuditLogs", n.LogGroupArn(LogGroupSSH))
}

// bastionPolicy is the bastion's own policy: shipping its logs.
func bastionPolicy(n naming.Namer) (string, error) { return iamdoc.JSON(shipLogsStatement(n)) }

// instanceRole creates the role and instance profile of one host role (and
// returns both), with
// the project's SSM agent policy (patching, Session Manager for IT; no AWS
// managed policy, see SSMAgentPolicyDocument) and its own customer-managed
// policy (no inline policy). The CloudWatch agent's rights are in its own
// policy instead of the broad CloudWatchAgentServerPolicy (which may write
// any log group in the account): it ships logs to the project's SSH log
// group only.
func (b *builder) instanceRole(role cloudinit.Role, own pulumi.StringInput) (*iam.Role, *iam.InstanceProfile, error) {
	name := b.Names.Logical(string(role) + "-role")
	trust, err := iamdoc.JSON(iamdoc.Statement{Sid: "EC2AssumesRole", Effect: iamdoc.Allow, Principal: iamdoc.Service("ec2.amazonaws.com"), Action: "sts:AssumeRole"})
	if err != nil {
		return nil, nil, fmt.Errorf("%s trust policy: %w", role, err)
	}
	r, err := iam.NewRole(b.Ctx, name, &iam.RoleArgs{Name: pulumi.String(name), AssumeRolePolicy: pulumi.String(trust), Tags: b.Tags(name)}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s role: %w", role, err)
	}
	if _, err := iam.NewRolePolicyAttachment(b.Ctx, name+"-ssm-agent", &iam.RolePolicyAttachmentArgs{
		Role: r.Name, PolicyArn: b.ssmAgent.Arn,
	}, b.Opts()...); err != nil {
		return nil, nil, fmt.Errorf("%s role ssm agent policy: %w", role, err)
	}
	if _, err := iamrole.AttachPolicy(b.Scope, r, name, own); err != nil {
		return nil, nil, fmt.Errorf("%s role: %w", role, err)
	}
	profileName := b.Names.Logical(string(role) + "-profile")
	profile, err := iam.NewInstanceProfile(b.Ctx, profileName, &iam.InstanceProfileArgs{
		Name: pulumi.String(profileName), Role: r.Name, Tags: b.Tags(profileName),
	}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s instance profile: %w", role, err)
	}
	return r, profile, nil
}

// workerPolicy lets workers read data-in, read and write output, use the
// project key only through S3, and ship their logs. Nothing else: no "*"
// action or resource.
func workerPolicy(n naming.Namer, in, out, keyArn string) (string, error) {
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "ListDataIn", Effect: iamdoc.Allow, Action: "s3:ListBucket", Resource: in},
		iamdoc.Statement{Sid: "ReadDataIn", Effect: iamdoc.Allow, Action: []string{"s3:GetObject", "s3:GetObjectVersion"}, Resource: in + "/*"},
		iamdoc.Statement{Sid: "ListOutput", Effect: iamdoc.Allow, Action: []string{"s3:ListBucket", "s3:ListBucketMultipartUploads"}, Resource: out},
		iamdoc.Statement{Sid: "ReadWriteOutput", Effect: iamdoc.Allow,
			Action:   []string{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"},
			Resource: out + "/*"},
		iamdoc.KeyThroughS3(keyArn, n.Region),
		shipLogsStatement(n),
	)
}
