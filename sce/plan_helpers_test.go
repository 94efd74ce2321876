package sce_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// stackPlan returns the offline plan of stacks/Pulumi.<stack>.yaml, made by
// the same engine and program as `sce plan`.
func stackPlan(t testing.TB, stack string) *plan.Plan {
	t.Helper()
	p, err := stackfile.Plan(context.Background(), "../stacks", stack, stacks.Build, stacks.KnownConfigKeys())
	require.NoError(t, err)
	return p
}

// shippedStacks resolves stack references (a project's sce:baselineStack)
// from the shipped stack files, as `sce plan` does.
func shippedStacks() plan.StackResolver {
	return stackfile.Resolver(context.Background(), "../stacks", stacks.Build, stacks.KnownConfigKeys())
}

// hipaaPlan is the plan of the seed's first project.
func hipaaPlan(t testing.TB) *plan.Plan { return stackPlan(t, "hipaa") }

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
)

// account and region of the offline plan of the shipped stacks.
const (
	account = "123456789012"
	region  = "us-west-2"
)
