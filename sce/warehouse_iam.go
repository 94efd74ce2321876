package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// warehouseRole creates the role the warehouse assumes for COPY and UNLOAD
// (trusted by Redshift, for this account only) with its customer-managed
// policy attached; it returns the attachment, which the cluster waits for.
func (b *builder) warehouseRole() (*iam.Role, pulumi.Resource, error) {
	name := b.Names.Logical("warehouse-role")
	trust, err := iamdoc.TrustPolicy(b.Names.Account, "redshift.amazonaws.com", nil)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse trust policy: %w", err)
	}
	role, err := iam.NewRole(b.Ctx, name, &iam.RoleArgs{Name: pulumi.String(name), AssumeRolePolicy: pulumi.String(trust), Tags: b.Tags(name)}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse role: %w", err)
	}
	doc := b.key.Arn.ApplyT(func(arn string) (string, error) { return warehousePolicy(b.Names, arn) }).(pulumi.StringOutput)
	pname := b.Names.Logical("warehouse-policy")
	policy, err := iam.NewPolicy(b.Ctx, pname, &iam.PolicyArgs{
		Name: pulumi.String(pname), Description: pulumi.String("Project " + b.pit + ": warehouse COPY from data-in, UNLOAD to output"),
		Policy: doc, Tags: b.Tags(pname),
	}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse policy: %w", err)
	}
	attachment, err := iam.NewRolePolicyAttachment(b.Ctx, name+"-warehouse-policy", &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: policy.Arn,
	}, b.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("warehouse policy attachment: %w", err)
	}
	return role, attachment, nil
}

// warehousePolicy lets the warehouse COPY from data-in (list and read),
// UNLOAD to output (write only) and use the project key through S3 for
// both. Nothing else: no "*" action or resource.
func warehousePolicy(n naming.Namer, keyArn string) (string, error) {
	in, out := n.BucketArn(string(BucketDataIn)), n.BucketArn(string(BucketOutput))
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "ListDataIn", Effect: iamdoc.Allow, Action: "s3:ListBucket", Resource: in},
		iamdoc.Statement{Sid: "CopyFromDataIn", Effect: iamdoc.Allow, Action: "s3:GetObject", Resource: in + "/*"},
		iamdoc.Statement{Sid: "UnloadToOutput", Effect: iamdoc.Allow, Action: "s3:PutObject", Resource: out + "/*"},
		iamdoc.Statement{Sid: "UseProjectKeyThroughS3", Effect: iamdoc.Allow, Action: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: keyArn,
			Condition: iamdoc.Conditions{"StringEquals": {"kms:ViaService": fmt.Sprintf("s3.%s.amazonaws.com", n.Region)}}},
	)
}
