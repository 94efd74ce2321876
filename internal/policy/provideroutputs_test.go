package policy_test

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/redshift"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
)

// provideroutputs_test.go: what the AWS provider reports as a resource's
// outputs, read from pulumi-aws's Go SDK. Each resource type's struct has
// one field per output (tag `pulumi:"name"`), and the provider reports
// every one of them, whether the program set it or not: an attribute the
// program left out is unknown in a first preview and holds the provider's
// value for "not set" once the resource exists ("" for a string, false,
// 0, an empty list or object, null for an optional value).

// providerTypes are the Go SDK's resource types of the AWS types stack
// rules read (every type a stack rule's METADATA names), by type token.
var providerTypes = map[string]any{
	awstype.BackupSelection:                             backup.Selection{},
	awstype.BackupVault:                                 backup.Vault{},
	awstype.BackupVaultLockConfiguration:                backup.VaultLockConfiguration{},
	awstype.CloudTrailTrail:                             cloudtrail.Trail{},
	awstype.EBSVolume:                                   ebs.Volume{},
	awstype.EC2DefaultSecurityGroup:                     ec2.DefaultSecurityGroup{},
	awstype.EC2Eip:                                      ec2.Eip{},
	awstype.EC2EipAssociation:                           ec2.EipAssociation{},
	awstype.EC2FlowLog:                                  ec2.FlowLog{},
	awstype.EC2Instance:                                 ec2.Instance{},
	awstype.EC2InternetGateway:                          ec2.InternetGateway{},
	awstype.EC2MainRouteTableAssociation:                ec2.MainRouteTableAssociation{},
	awstype.EC2NatGateway:                               ec2.NatGateway{},
	awstype.EC2Route:                                    ec2.Route{},
	awstype.EC2RouteTable:                               ec2.RouteTable{},
	awstype.EC2SecurityGroup:                            ec2.SecurityGroup{},
	awstype.EC2SecurityGroupRule:                        ec2.SecurityGroupRule{},
	awstype.EC2Subnet:                                   ec2.Subnet{},
	awstype.EC2Vpc:                                      ec2.Vpc{},
	awstype.EC2VpcEndpoint:                              ec2.VpcEndpoint{},
	awstype.RedshiftCluster:                             redshift.Cluster{},
	awstype.RedshiftSubnetGroup:                         redshift.SubnetGroup{},
	awstype.Route53ResolverFirewallRuleGroupAssociation: route53.ResolverFirewallRuleGroupAssociation{},
	awstype.S3Bucket:                                    s3.Bucket{},
	awstype.S3BucketLifecycleConfigurationV2:            s3.BucketLifecycleConfigurationV2{},
	awstype.S3BucketLoggingV2:                           s3.BucketLoggingV2{},
	awstype.S3BucketNotification:                        s3.BucketNotification{},
	awstype.S3BucketObjectLockConfigurationV2:           s3.BucketObjectLockConfigurationV2{},
	awstype.S3BucketOwnershipControls:                   s3.BucketOwnershipControls{},
	awstype.S3BucketPolicy:                              s3.BucketPolicy{},
	awstype.S3BucketPublicAccessBlock:                   s3.BucketPublicAccessBlock{},
	awstype.S3BucketReplicationConfig:                   s3.BucketReplicationConfig{},
	awstype.S3BucketServerSideEncryptionConfigurationV2: s3.BucketServerSideEncryptionConfigurationV2{},
	awstype.S3BucketV2:                                  s3.BucketV2{},
	awstype.S3BucketVersioningV2:                        s3.BucketVersioningV2{},
	awstype.SNSTopic:                                    sns.Topic{},
	awstype.SSMAssociation:                              ssm.Association{},
	awstype.SSMMaintenanceWindowTask:                    ssm.MaintenanceWindowTask{},
	awstype.SSMPatchBaseline:                            ssm.PatchBaseline{},
	awstype.VPCSecurityGroupEgressRule:                  vpc.SecurityGroupEgressRule{},
	awstype.VPCSecurityGroupIngressRule:                 vpc.SecurityGroupIngressRule{},
}

// providerAttr is one output the provider reports for a type.
type providerAttr struct {
	// unset is its value where nothing set it: "" for a string, false, 0,
	// an empty list or object, null for an optional value.
	unset any
	// computed says the provider computes it where the program leaves it
	// out, so a first preview does not know it: a string, number, boolean
	// or object the SDK types as always present. The SDK types lists and
	// maps alike whether the provider computes them or not, so those count
	// as not computed: what a first preview shows of them is not tested.
	computed bool
}

// providerOutputs are the outputs the provider reports for resources of
// type t; false for a type not in providerTypes.
func providerOutputs(t string) (map[string]providerAttr, bool) {
	v, ok := providerTypes[t]
	if !ok {
		return nil, false
	}
	out := map[string]providerAttr{}
	st := reflect.TypeOf(v)
	for i := range st.NumField() {
		f := st.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		output, isOutput := reflect.Zero(f.Type).Interface().(pulumi.Output)
		if name == "" || !isOutput {
			continue
		}
		out[name] = unsetAttr(output.ElementType())
	}
	return out, true
}

// unsetAttr is the provider's attribute of Go type t where nothing set it.
func unsetAttr(t reflect.Type) providerAttr {
	switch t.Kind() {
	case reflect.String:
		return providerAttr{unset: "", computed: true}
	case reflect.Bool:
		return providerAttr{unset: false, computed: true}
	case reflect.Int, reflect.Int64, reflect.Float64:
		return providerAttr{unset: 0.0, computed: true}
	case reflect.Struct:
		return providerAttr{unset: map[string]any{}, computed: true}
	case reflect.Slice:
		return providerAttr{unset: []any{}}
	case reflect.Map:
		return providerAttr{unset: map[string]any{}}
	}
	return providerAttr{} // a pointer: an optional value, null
}

// existingOutputs is p with each resource's outputs as the provider reports
// them once the resource exists: its inputs and mock outputs, and every
// other attribute of its type with its value for "not set".
func existingOutputs(p *plan.Plan) *plan.Plan {
	return withProviderOutputs(p, func(a providerAttr) any { return a.unset })
}

// firstPreviewOutputs is p with each resource's outputs as a first preview
// reports them: its inputs, its mock outputs and every computed attribute
// unknown, and every other attribute with its value for "not set".
func firstPreviewOutputs(p *plan.Plan) *plan.Plan {
	return withProviderOutputs(previewOutputs(p), func(a providerAttr) any {
		if a.computed {
			return plan.Unknown
		}
		return a.unset
	})
}

// withProviderOutputs is p with each resource's outputs overlaid on the
// attributes of its type, each valued by value.
func withProviderOutputs(p *plan.Plan, value func(providerAttr) any) *plan.Plan {
	q := *p
	q.Resources = make([]plan.Resource, len(p.Resources))
	for i, r := range p.Resources {
		outs := map[string]any{}
		attrs, _ := providerOutputs(r.Type)
		for k, a := range attrs {
			outs[k] = value(a)
		}
		for k, v := range r.Outputs {
			outs[k] = v
		}
		for k, v := range r.Inputs {
			outs[k] = v
		}
		r.Outputs = outs
		q.Resources[i] = r
	}
	return &q
}

// withReadBackBucketSettings is p with each BucketV2's outputs carrying the
// deprecated inline attributes the provider fills in from AWS when it reads
// the bucket: its policy (the BucketPolicy's document) and its loggings
// (the BucketLoggingV2's target), whatever resource set them.
func withReadBackBucketSettings(p *plan.Plan) *plan.Plan {
	q := *p
	q.Resources = make([]plan.Resource, len(p.Resources))
	for i, r := range p.Resources {
		if r.Type == awstype.S3BucketV2 {
			r.Outputs = maps.Clone(r.Outputs)
			for k, v := range readBackSettings(p, r.URN) {
				r.Outputs[k] = v
			}
		}
		q.Resources[i] = r
	}
	return &q
}

// readBackSettings are the policy and loggings the provider reads back from
// AWS for the bucket of URN bucket, set there by its companion resources.
func readBackSettings(p *plan.Plan, bucket string) map[string]any {
	out := map[string]any{}
	for _, c := range p.Resources {
		if !slices.Contains(c.PropertyDependencies["bucket"], bucket) {
			continue
		}
		switch c.Type {
		case awstype.S3BucketPolicy:
			out["policy"] = c.Inputs["policy"]
		case awstype.S3BucketLoggingV2:
			out["loggings"] = []any{map[string]any{"targetBucket": c.Inputs["targetBucket"], "targetPrefix": c.Inputs["targetPrefix"]}}
		}
	}
	return out
}
