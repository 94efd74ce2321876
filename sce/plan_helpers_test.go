package sce_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

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
	tVpc        = "aws:ec2/vpc:Vpc"
	tSubnet     = "aws:ec2/subnet:Subnet"
	tIgw        = "aws:ec2/internetGateway:InternetGateway"
	tEip        = "aws:ec2/eip:Eip"
	tNat        = "aws:ec2/natGateway:NatGateway"
	tRouteTable = "aws:ec2/routeTable:RouteTable"
	tRoute      = "aws:ec2/route:Route"
	tRTA        = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	tMainRTA    = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation"
	tEndpoint   = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tFlowLog    = "aws:ec2/flowLog:FlowLog"
	tNacl       = "aws:ec2/networkAcl:NetworkAcl"
	tNaclRule   = "aws:ec2/networkAclRule:NetworkAclRule"
	tDefaultSG  = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tLogGroup   = "aws:cloudwatch/logGroup:LogGroup"
	tRole       = "aws:iam/role:Role"
	tRolePolicy = "aws:iam/rolePolicy:RolePolicy"
	tKey        = "aws:kms/key:Key"
	tAlias      = "aws:kms/alias:Alias"
	tBucket     = "aws:s3/bucketV2:BucketV2"
	tVersioning = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	tPAB        = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tOwnership  = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tSSE        = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	tLogging    = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	tLifecycle  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	tObjectLock = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	tPolicy     = "aws:s3/bucketPolicy:BucketPolicy"
	tTrail      = "aws:cloudtrail/trail:Trail"
	tRule       = "aws:cfg/rule:Rule"
	tRemedy     = "aws:cfg/remediationConfiguration:RemediationConfiguration"
	tTopic      = "aws:sns/topic:Topic"
	tTopicPol   = "aws:sns/topicPolicy:TopicPolicy"
	tSub        = "aws:sns/topicSubscription:TopicSubscription"
	tFilter     = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
	tAlarm      = "aws:cloudwatch/metricAlarm:MetricAlarm"
	tEventRule  = "aws:cloudwatch/eventRule:EventRule"
	tEventTgt   = "aws:cloudwatch/eventTarget:EventTarget"
	tInstance   = "aws:ec2/instance:Instance"
	tVolume     = "aws:ebs/volume:Volume"
	tVolAttach  = "aws:ec2/volumeAttachment:VolumeAttachment"
	tSG         = "aws:ec2/securityGroup:SecurityGroup"
	tSGIn       = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tSGOut      = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	tProfile    = "aws:iam/instanceProfile:InstanceProfile"
	tAttach     = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tIAMPolicy  = "aws:iam/policy:Policy"
)

// account and region of the offline plans: the engine's account, and the
// region of every example project and baseline.
const (
	account = "123456789012"
	region  = "us-west-2"
)
