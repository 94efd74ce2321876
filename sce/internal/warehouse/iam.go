package warehouse

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// copyRole creates the role the warehouse assumes for COPY and UNLOAD
// (trusted by Redshift, for this account only) with its customer-managed
// policy attached; it returns the attachment, which the cluster waits for.
func copyRole(s scope.Scope, a Args) (*iam.Role, pulumi.Resource, error) {
	name := s.Names.Logical("warehouse-role")
	trust, err := iamdoc.TrustPolicy(s.Names.Account, "redshift.amazonaws.com", nil)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse trust policy: %w", err)
	}
	role, err := iam.NewRole(s.Ctx, name, &iam.RoleArgs{Name: pulumi.String(name), AssumeRolePolicy: pulumi.String(trust), Tags: s.Tags(name)}, s.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse role: %w", err)
	}
	region := s.Names.Region
	doc := a.KeyArn.ApplyT(func(arn string) (string, error) { return policy(a.DataInArn, a.OutputArn, region, arn) }).(pulumi.StringOutput)
	pname := s.Names.Logical("warehouse-policy")
	p, err := iam.NewPolicy(s.Ctx, pname, &iam.PolicyArgs{
		Name: pulumi.String(pname), Description: pulumi.String("Project " + s.Names.PIT + ": warehouse COPY from data-in, UNLOAD to output"),
		Policy: doc, Tags: s.Tags(pname),
	}, s.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse policy: %w", err)
	}
	attachment, err := iam.NewRolePolicyAttachment(s.Ctx, name+"-warehouse-policy", &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: p.Arn,
	}, s.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse policy attachment: %w", err)
	}
	return role, attachment, nil
}

// policy lets the warehouse COPY from the bucket in (list and read),
// UNLOAD to the bucket out (list and write: UNLOAD lists the target prefix
// to refuse overwriting an earlier result, and fails without ListBucket)
// and use the project key through S3 of region for both. Nothing else: no
// "*" action or resource, no read of output.
func policy(in, out, region, keyArn string) (string, error) {
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "ListDataIn", Effect: iamdoc.Allow, Action: "s3:ListBucket", Resource: in},
		iamdoc.Statement{Sid: "CopyFromDataIn", Effect: iamdoc.Allow, Action: "s3:GetObject", Resource: in + "/*"},
		iamdoc.Statement{Sid: "ListOutput", Effect: iamdoc.Allow, Action: "s3:ListBucket", Resource: out},
		iamdoc.Statement{Sid: "UnloadToOutput", Effect: iamdoc.Allow, Action: "s3:PutObject", Resource: out + "/*"},
		iamdoc.KeyThroughS3(keyArn, region),
	)
}
