package sce_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// untaggable are the resource types of the plan that AWS (and pulumi-aws)
// give no tags. Every other custom resource must carry the project tags.
var untaggable = map[string]bool{
	tRoute: true, tRTA: true, tMainRTA: true, tNaclRule: true, tAlias: true, tRolePolicy: true,
	tVersioning: true, tPAB: true, tOwnership: true, tSSE: true, tLogging: true, tLifecycle: true,
	tObjectLock: true, tPolicy: true, tFilter: true, tTopicPol: true, tSub: true, tEventTgt: true, tRemedy: true,
	tAttach: true, tVolAttach: true, tSchedule: true, tState: true,
}

func TestEveryTaggableResourceCarriesProjectTags(t *testing.T) {
	for _, stack := range []string{"hipaa", "omop"} {
		p := stackPlan(t, stack)
		owner, irb, class := p.Config["sce:owner"], p.Config["sce:irbProtocol"], p.Config["sce:dataClass"]
		for _, r := range p.Resources {
			if !r.Custom || untaggable[r.Type] {
				continue
			}
			tags, ok := r.Inputs["tags"].(map[string]any)
			require.True(t, ok, "%s %s has no tags", r.Type, r.Name)
			assert.Equal(t, r.Name, tags[sce.TagName], "%s Name tag", r.Name)
			assert.Equal(t, stack, tags[sce.TagPIT], r.Name)
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
	for _, r := range p.Resources {
		if r.URN != comp.URN {
			assert.Equal(t, comp.URN, r.Parent, "%s %s", r.Type, r.Name)
		}
	}
	assert.Equal(t, "urn:pulumi:hipaa::sce::sce:index:Environment$aws:ec2/vpc:Vpc::hipaa-vpc", urnOf(t, p, tVpc, "hipaa-vpc"))
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
	assert.Equal(t, 150, len(hipaaPlan(t).Resources))
	assert.Equal(t, 2, hipaa[tSchedule])
	assert.Equal(t, 1, hipaa[tBudget])
	assert.Equal(t, 2, hipaa[tInstance])
	assert.Equal(t, 1, hipaa[tVolume])
	assert.Equal(t, 16, hipaa[tNaclRule])
	assert.Equal(t, 5, hipaa[tBucket])
	assert.Equal(t, 12, hipaa[tRule])
	omop := counts(stackPlan(t, "omop"))
	assert.Equal(t, 4, omop[tSubnet])
	assert.Equal(t, 4, omop[tRTA])
	assert.Equal(t, 15, omop[tNaclRule], "one SSH block fewer than hipaa")
	assert.Equal(t, 1, omop[tSub])
	assert.Equal(t, 3, omop[tInstance], "bastion and two workers")
	assert.Equal(t, 2, omop[tVolume])
}

func TestStackOutputs(t *testing.T) {
	p := hipaaPlan(t)
	out := p.Outputs
	assert.Equal(t, "hipaa", out["pit"])
	assert.Equal(t, map[string]any{
		"access-logs": bucketName(sce.BucketAccessLogs), "ancillary": bucketName(sce.BucketAncillary),
		"data-in": bucketName(sce.BucketDataIn), "logs": bucketName(sce.BucketLogs), "output": bucketName(sce.BucketOutput),
	}, out["bucketNames"])
	assert.Regexp(t, `^vpc-[0-9a-f]{17}$`, out["vpcId"])
	assert.Len(t, out["publicSubnetIds"], 1)
	assert.Len(t, out["privateSubnetIds"], 1)
	assert.Regexp(t, `^arn:aws:kms:us-west-2:123456789012:key/[0-9a-f-]{36}$`, out["kmsKeyArn"])
	assert.Equal(t, "arn:aws:cloudtrail:us-west-2:123456789012:trail/hipaa-trail", out["trailArn"])
	assert.Regexp(t, `^203\.0\.113\.[0-9]+$`, out["natPublicIp"])
	assert.Regexp(t, `^203\.0\.113\.[0-9]+$`, out["bastionPublicIp"])
	assert.NotEqual(t, out["natPublicIp"], out["bastionPublicIp"])
	assert.Regexp(t, `^i-[0-9a-f]{17}$`, out["bastionInstanceId"])
	require.Len(t, out["workerPrivateIps"], 1)
	assert.Regexp(t, `^10\.20\.1\.[0-9]+$`, out["workerPrivateIps"].([]any)[0], "inside the private subnet")
	require.Len(t, out["workerInstanceIds"], 1)
	require.Len(t, out["dataVolumeIds"], 1)
	assert.Regexp(t, `^vol-[0-9a-f]{17}$`, out["dataVolumeIds"].([]any)[0])
	assert.Equal(t, []any{"kresearcher", "jdoe"}, out["researchers"])
	base := stackPlan(t, "account").Outputs
	assert.Equal(t, "account", out["baselineStack"])
	assert.Equal(t, "account-archive-123456789012-us-west-2", out["archiveBucketName"])
	assert.Equal(t, base["archiveKeyArn"], out["archiveKeyArn"])
	assert.Equal(t, "arn:aws:sns:us-west-2:123456789012:account-alerts", out["baselineAlertTopicArn"])
	assert.Len(t, out, 19)
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

func TestStackConfigErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../stacks/Pulumi.hipaa.yaml")
	require.NoError(t, err)
	bad := bytes.Replace(src, []byte("sce:vpcCidr: 10.20.0.0/16"), []byte("sce:vpcCidr: 8.8.0.0/16"), 1)
	bad = bytes.Replace(bad, []byte("    - 203.0.113.0/25"), []byte("    - 0.0.0.0/0"), 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.bad.yaml"), bad, 0o600))
	account, err := os.ReadFile("../stacks/Pulumi.account.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.account.yaml"), account, 0o600))

	p, err := stackfile.Plan(context.Background(), dir, "bad", stacks.Build, stacks.KnownConfigKeys())
	assert.Nil(t, p, "no half-built plan")
	var cerrs stackfile.ConfigErrors
	require.True(t, errors.As(err, &cerrs), "got %v", err)
	path := filepath.Join(dir, "Pulumi.bad.yaml")
	assert.Equal(t, path+":13: sce:vpcCidr: \"8.8.0.0/16\" is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16\n"+
		path+":17: sce:allowedSshCidrs[1]: \"0.0.0.0/0\" opens SSH to the whole internet: list your institution's or VPN's blocks instead",
		cerrs.Error())
}

func TestConfigTypeErrorsAreReportedWithValidation(t *testing.T) {
	cfg := map[string]string{}
	for k, v := range hipaaPlan(t).Config {
		cfg[k] = v
	}
	cfg["sce:logRetentionDays"] = "a year"
	cfg["sce:alertEmails"] = "security@example.edu"
	cfg["sce:vpcCidr"] = "10.20.0.0/8"
	_, err := plan.Run(context.Background(), plan.RunOptions{Stack: "hipaa", Config: cfg, Program: stacks.Build, StackReferences: shippedStacks()})
	var verrs sce.ValidationErrors
	require.True(t, errors.As(err, &verrs))
	var got []string
	for _, e := range verrs {
		got = append(got, e.Error())
	}
	assert.Equal(t, []string{
		`sce:alertEmails: must be a list of strings, for example ["a", "b"] or one item per line starting with "- "`,
		`sce:logRetentionDays: "a year" is not a whole number`,
		`sce:vpcCidr: "10.20.0.0/8" has host bits set: write it as 10.0.0.0/8`,
	}, got, "a key that failed to read is reported once")
}
