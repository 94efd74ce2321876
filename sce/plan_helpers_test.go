package sce_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// envPlan is the offline plan of one Environment named pit built from args
// in Go: the component alone, in a stack of the same name whose aws:region
// is region, run by the same engine as `sce plan`.
func envPlan(t testing.TB, pit string, args sce.EnvironmentArgs) *plan.Plan {
	t.Helper()
	p, err := runEnvironment(pit, args)
	require.NoError(t, err)
	return p
}

// runEnvironment plans NewEnvironment(pit, args) and returns the component's
// outputs as the plan's outputs, or the component's error.
func runEnvironment(pit string, args sce.EnvironmentArgs) (*plan.Plan, error) {
	return plan.Run(context.Background(), plan.RunOptions{Stack: pit, Config: map[string]string{"aws:region": region},
		Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
			env, err := sce.NewEnvironment(ctx, pit, &args)
			if err != nil {
				return nil, err
			}
			return env.Outputs(), nil
		}})
}

// baselinePlan is the offline plan of one Baseline named name built from
// args in Go, in a stack of the same name whose aws:region is region.
func baselinePlan(t testing.TB, name string, args sce.BaselineArgs) *plan.Plan {
	t.Helper()
	p, err := plan.Run(context.Background(), plan.RunOptions{Stack: name, Config: map[string]string{"aws:region": region},
		Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
			bl, err := sce.NewBaseline(ctx, name, &args)
			if err != nil {
				return nil, err
			}
			return bl.Outputs(), nil
		}})
	require.NoError(t, err)
	return p
}

// hipaaPlan is the plan of the first project, hipaaArgs.
func hipaaPlan(t testing.TB) *plan.Plan { return envPlan(t, hipaaPIT, hipaaArgs()) }

// omopPlan is the plan of the second project, omopArgs.
func omopPlan(t testing.TB) *plan.Plan { return envPlan(t, omopPIT, omopArgs()) }

// accountPlan is the plan of the account baseline, accountArgs.
func accountPlan(t testing.TB) *plan.Plan { return baselinePlan(t, baselineStack, accountArgs()) }

// projectPlans are the plans of both example projects, by PIT.
func projectPlans(t testing.TB) map[string]*plan.Plan {
	return map[string]*plan.Plan{hipaaPIT: hipaaPlan(t), omopPIT: omopPlan(t)}
}

// hipaaVariant is the plan of the first project with change applied to its
// arguments.
func hipaaVariant(t testing.TB, change func(a *sce.EnvironmentArgs)) *plan.Plan {
	t.Helper()
	args := hipaaArgs()
	change(&args)
	return envPlan(t, hipaaPIT, args)
}

// accountVariant is the plan of the account baseline with change applied
// to its arguments.
func accountVariant(t testing.TB, change func(a *sce.BaselineArgs)) *plan.Plan {
	t.Helper()
	args := accountArgs()
	change(&args)
	return baselinePlan(t, baselineStack, args)
}

// res returns the one resource of type typ named name.
func res(t testing.TB, p *plan.Plan, typ, name string) plan.Resource {
	t.Helper()
	for _, r := range p.Find(typ) {
		if r.Name == name {
			return r
		}
	}
	require.Failf(t, "resource not in plan", "%s %s", typ, name)
	return plan.Resource{}
}

// names lists the logical names of the plan's resources of type typ.
func names(p *plan.Plan, typ string) []string {
	var out []string
	for _, r := range p.Find(typ) {
		out = append(out, r.Name)
	}
	return out
}

// doc parses a JSON policy (or other JSON document) held in a string input.
func doc(t testing.TB, v any) map[string]any {
	t.Helper()
	s, ok := v.(string)
	require.True(t, ok, "expected a JSON string, got %T", v)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &out))
	return out
}

// statements returns a policy document's statements keyed by Sid, and
// checks that every statement has a unique Sid.
func statements(t testing.TB, policy map[string]any) map[string]map[string]any {
	t.Helper()
	require.Equal(t, "2012-10-17", policy["Version"])
	out := map[string]map[string]any{}
	for _, s := range policy["Statement"].([]any) {
		st := s.(map[string]any)
		sid, _ := st["Sid"].(string)
		require.NotEmpty(t, sid)
		require.NotContains(t, out, sid, "duplicate Sid")
		out[sid] = st
	}
	return out
}

// asJSON normalizes a Go value to plain JSON values (float64 numbers,
// []any, map[string]any) so it can be compared with plan inputs.
func asJSON(t testing.TB, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// urnOf is the URN of the one resource of type typ named name.
func urnOf(t testing.TB, p *plan.Plan, typ, name string) string { return res(t, p, typ, name).URN }

// Type tokens used across the tests.
const (
	tVpc        = awstype.EC2Vpc
	tSubnet     = awstype.EC2Subnet
	tIgw        = awstype.EC2InternetGateway
	tEip        = awstype.EC2Eip
	tNat        = awstype.EC2NatGateway
	tRouteTable = awstype.EC2RouteTable
	tRoute      = awstype.EC2Route
	tRTA        = awstype.EC2RouteTableAssociation
	tMainRTA    = awstype.EC2MainRouteTableAssociation
	tEndpoint   = awstype.EC2VpcEndpoint
	tFlowLog    = awstype.EC2FlowLog
	tNacl       = awstype.EC2NetworkAcl
	tNaclRule   = awstype.EC2NetworkAclRule
	tDefaultSG  = awstype.EC2DefaultSecurityGroup
	tLogGroup   = awstype.CloudWatchLogGroup
	tRole       = awstype.IAMRole
	tRolePolicy = awstype.IAMRolePolicy
	tIAMPolicy  = awstype.IAMPolicy
	tKey        = awstype.KMSKey
	tAlias      = awstype.KMSAlias
	tBucket     = awstype.S3BucketV2
	tVersioning = awstype.S3BucketVersioningV2
	tPAB        = awstype.S3BucketPublicAccessBlock
	tOwnership  = awstype.S3BucketOwnershipControls
	tSSE        = awstype.S3BucketServerSideEncryptionConfigurationV2
	tLogging    = awstype.S3BucketLoggingV2
	tLifecycle  = awstype.S3BucketLifecycleConfigurationV2
	tObjectLock = awstype.S3BucketObjectLockConfigurationV2
	tPolicy     = awstype.S3BucketPolicy
	tNotify     = awstype.S3BucketNotification
	tReplConfig = awstype.S3BucketReplicationConfig
	tTrail      = awstype.CloudTrailTrail
	tRule       = awstype.ConfigRule
	tRemedy     = awstype.ConfigRemediationConfiguration
	tTopic      = awstype.SNSTopic
	tTopicPol   = awstype.SNSTopicPolicy
	tSub        = awstype.SNSTopicSubscription
	tFilter     = awstype.CloudWatchLogMetricFilter
	tAlarm      = awstype.CloudWatchMetricAlarm
	tEventRule  = awstype.CloudWatchEventRule
	tEventTgt   = awstype.CloudWatchEventTarget
	tInstance   = awstype.EC2Instance
	tVolume     = awstype.EBSVolume
	tVolAttach  = awstype.EC2VolumeAttachment
	tSG         = awstype.EC2SecurityGroup
	tSGIn       = awstype.VPCSecurityGroupIngressRule
	tSGOut      = awstype.VPCSecurityGroupEgressRule
	tProfile    = awstype.IAMInstanceProfile
	tAttach     = awstype.IAMRolePolicyAttachment
)

// account and region of the offline plans: the engine's account, and the
// region of every example project and baseline.
const (
	account = "123456789012"
	region  = "us-west-2"
)
