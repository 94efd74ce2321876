package sce_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// untaggable are the resource types of the plan that AWS (and pulumi-aws)
// give no tags. Every other custom resource must carry the project tags.
var untaggable = map[string]bool{
	tRoute: true, tRTA: true, tMainRTA: true, tNaclRule: true, tAlias: true, tRolePolicy: true,
	tVersioning: true, tPAB: true, tOwnership: true, tSSE: true, tLogging: true, tLifecycle: true,
	tObjectLock: true, tPolicy: true, tReplConfig: true, tNotify: true, tFilter: true, tTopicPol: true, tSub: true, tEventTgt: true, tRemedy: true,
	tAttach: true, tVolAttach: true, tSchedule: true, tState: true,
	awstype.BackupVaultLockConfiguration: true, awstype.BackupSelection: true, tBackupVaultPolicy: true,
	awstype.Route53ResolverFirewallConfig: true, awstype.Route53ResolverFirewallRule: true,
	awstype.Route53ResolverQueryLogConfigAssociation: true,
	awstype.SSMPatchGroup:                            true, awstype.SSMMaintenanceWindowTarget: true, awstype.SSMMaintenanceWindowTask: true,
}

func TestEveryTaggableResourceCarriesProjectTags(t *testing.T) {
	for pit, args := range map[string]sce.EnvironmentArgs{hipaaPIT: hipaaArgs(), omopPIT: omopArgs()} {
		p := envPlan(t, pit, args)
		owner, irb, class := args.Project.Owner, args.Project.IRBProtocol, string(args.Project.DataClass)
		for _, r := range p.Resources {
			if !r.Custom || untaggable[r.Type] {
				continue
			}
			tags, ok := r.Inputs["tags"].(map[string]any)
			require.True(t, ok, "%s %s has no tags", r.Type, r.Name)
			assert.Equal(t, r.Name, tags[sce.TagName], "%s Name tag", r.Name)
			assert.Equal(t, pit, tags[sce.TagPIT], r.Name)
			assert.Equal(t, owner, tags[sce.TagOwner], r.Name)
			assert.Equal(t, irb, tags[sce.TagIRB], r.Name)
			assert.Equal(t, class, tags[sce.TagDataClass], r.Name)
		}
	}
}

func TestComponentParentsEveryChild(t *testing.T) {
	p := hipaaPlan(t)
	comps := p.Find(sce.EnvironmentType)
	require.Len(t, comps, 1)
	comp := comps[0]
	assert.Equal(t, "hipaa", comp.Name)
	assert.False(t, comp.Custom)
	assert.Equal(t, "urn:pulumi:hipaa::sce::sce:index:Environment::hipaa", comp.URN)
	assert.Equal(t, "urn:pulumi:hipaa::sce::pulumi:pulumi:Stack::sce-hipaa", comp.Parent)
	buckets := map[string]bool{}
	for _, b := range p.Find(sce.BucketType) {
		parent := comp.URN
		if source, ok := strings.CutSuffix(b.Name, "-replica"); ok {
			parent = strings.Replace(comp.URN, "::hipaa", "$"+sce.BucketType+"::"+source, 1)
		}
		assert.Equal(t, parent, b.Parent, "bucket component %s: a replica is its source's child", b.Name)
		buckets[b.URN] = true
	}
	assert.Len(t, buckets, 12, "6 buckets and their replicas")
	for _, r := range p.Resources {
		switch {
		case r.URN == comp.URN || r.Type == sce.BucketType:
		case strings.HasPrefix(r.Type, "aws:s3/"):
			assert.True(t, buckets[r.Parent], "%s %s has parent %s, not a bucket component", r.Type, r.Name, r.Parent)
		default:
			assert.Equal(t, comp.URN, r.Parent, "%s %s", r.Type, r.Name)
		}
	}
	assert.Equal(t, "urn:pulumi:hipaa::sce::sce:index:Environment$aws:ec2/vpc:Vpc::hipaa-vpc", urnOf(t, p, tVpc, "hipaa-vpc"))
	assert.Equal(t, "urn:pulumi:hipaa::sce::sce:index:Environment$sce:index:Bucket$aws:s3/bucketPolicy:BucketPolicy::hipaa-data-in-policy",
		urnOf(t, p, tPolicy, "hipaa-data-in-policy"))
}

func TestResourceCounts(t *testing.T) {
	counts := func(p *plan.Plan) map[string]int {
		c := map[string]int{}
		for _, r := range p.Resources {
			c[r.Type]++
		}
		return c
	}
	hipaa := counts(hipaaPlan(t))
	assert.Equal(t, 298, len(hipaaPlan(t).Resources),
		"162 before egress control (the public network ACL denies no port: see network.publicNACLRules), plus the 14 of the DNS allowlist (its query logs go to a log group and to the logs bucket), "+
			"the 14 of the airlock (egress bucket, approver role, worker policy), Object Lock on data-in, output, ancillary and egress, "+
			"the 12 of patching, the 6 of the management endpoints, the 6 buckets' event notifications, and the 74 of replication: per bucket a replica "+
			"(component and its 9 resources, 8 for the access-log destination's replica, which has no Object Lock) 2 replication configurations and its event notification (6 more), plus the replication role, its policy and attachment")
	assert.Equal(t, 12, hipaa[sce.BucketType])
	assert.Equal(t, 12, hipaa[tReplConfig])
	assert.Equal(t, 12, hipaa[tNotify])
	assert.Equal(t, 2, hipaa[tSchedule])
	assert.Equal(t, 1, hipaa[tBudget])
	assert.Equal(t, 2, hipaa[tInstance])
	assert.Equal(t, 1, hipaa[tVolume])
	assert.Equal(t, 8, hipaa[tNaclRule])
	assert.Equal(t, 12, hipaa[tBucket])
	assert.Equal(t, 12, hipaa[tRule])
	omop := counts(omopPlan(t))
	assert.Equal(t, 4, omop[tSubnet])
	assert.Equal(t, 4, omop[tRTA])
	assert.Equal(t, 7, omop[tNaclRule], "one SSH block fewer than hipaa")
	assert.Equal(t, 1, omop[tSub])
	assert.Equal(t, 3, omop[tInstance], "bastion and two workers")
	assert.Equal(t, 2, omop[tVolume])
}

func TestEnvironmentOutputs(t *testing.T) {
	p := hipaaPlan(t)
	out := p.Outputs
	assert.Equal(t, map[string]any{
		"access-logs": bucketName(sce.BucketAccessLogs), "ancillary": bucketName(sce.BucketAncillary),
		"data-in": bucketName(sce.BucketDataIn), "logs": bucketName(sce.BucketLogs), "output": bucketName(sce.BucketOutput),
		"egress": bucketName(sce.BucketEgress),
	}, out[sce.OutputBucketNames])
	assert.Regexp(t, `^vpc-[0-9a-f]{17}$`, out[sce.OutputVpcID])
	assert.Len(t, out[sce.OutputPublicSubnetIDs], 1)
	assert.Len(t, out[sce.OutputPrivateSubnetIDs], 1)
	assert.Regexp(t, `^arn:aws:kms:us-west-2:123456789012:key/[0-9a-f-]{36}$`, out[sce.OutputKmsKeyArn])
	assert.Equal(t, "arn:aws:cloudtrail:us-west-2:123456789012:trail/hipaa-trail", out[sce.OutputTrailArn])
	assert.Equal(t, "arn:aws:sns:us-west-2:123456789012:hipaa-alerts", out[sce.OutputAlertTopicArn])
	assert.Regexp(t, `^203\.0\.113\.[0-9]+$`, out[sce.OutputNatPublicIP])
	assert.Regexp(t, `^203\.0\.113\.[0-9]+$`, out[sce.OutputBastionPublicIP])
	assert.NotEqual(t, out[sce.OutputNatPublicIP], out[sce.OutputBastionPublicIP])
	assert.Regexp(t, `^i-[0-9a-f]{17}$`, out[sce.OutputBastionInstanceID])
	require.Len(t, out[sce.OutputWorkerPrivateIPs], 1)
	assert.Regexp(t, `^10\.20\.1\.[0-9]+$`, out[sce.OutputWorkerPrivateIPs].([]any)[0], "inside the private subnet")
	require.Len(t, out[sce.OutputWorkerInstanceIDs], 1)
	require.Len(t, out[sce.OutputDataVolumeIDs], 1)
	assert.Regexp(t, `^vol-[0-9a-f]{17}$`, out[sce.OutputDataVolumeIDs].([]any)[0])
	assert.Len(t, out, 17, "the component's own outputs; a stack adds its PIT, researchers and the baseline's archive")
	assert.Equal(t, "", out[sce.OutputWarehouseEndpoint], "no warehouse: its outputs are empty")
}

func TestPlanIsDeterministic(t *testing.T) {
	a, err := hipaaPlan(t).JSON()
	require.NoError(t, err)
	b, err := hipaaPlan(t).JSON()
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, b), "two plans of the same stack differ")
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	var envErr error
	p, err := plan.Run(context.Background(), plan.RunOptions{Stack: "bad", Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
		_, envErr = sce.NewEnvironment(ctx, "Bad_PIT", &sce.EnvironmentArgs{Region: "us-west-2"})
		return pulumi.Map{}, nil // swallow the error to see what was registered
	}})
	require.NoError(t, err)
	assert.Empty(t, p.Resources, "no resource may be registered for invalid arguments")
	var verrs sce.ValidationErrors
	require.True(t, errors.As(envErr, &verrs))
	assert.Equal(t, "sce:pit", verrs[0].Key)
	assert.Len(t, verrs, 13, "every problem is reported at once")
}
