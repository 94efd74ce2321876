package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/internal/plan"
)

func TestConcernOf(t *testing.T) {
	tests := []struct {
		typ    string
		custom bool
		want   string
	}{
		{"sce:index:Environment", false, "components"},
		{"aws:ec2/vpc:Vpc", true, "network"},
		{"aws:ec2/vpcEndpoint:VpcEndpoint", true, "network"},
		{"aws:ec2/subnet:Subnet", true, "network"},
		{"aws:ec2/routeTableAssociation:RouteTableAssociation", true, "network"},
		{"aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation", true, "network"},
		{"aws:ec2/eip:Eip", true, "network"},
		{"aws:ec2/networkAclRule:NetworkAclRule", true, "network"},
		{"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", true, "network"},
		{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", true, "network"},
		{"aws:ec2/flowLog:FlowLog", true, "network"},
		{"aws:ec2/instance:Instance", true, "compute"},
		{"aws:ebs/volume:Volume", true, "compute"},
		{"aws:ec2/volumeAttachment:VolumeAttachment", true, "compute"},
		{"aws:ec2/launchTemplate:LaunchTemplate", true, "compute"},
		{"aws:kms/key:Key", true, "keys"},
		{"aws:s3/bucketPolicy:BucketPolicy", true, "storage"},
		{"aws:cloudtrail/trail:Trail", true, "audit"},
		{"aws:cfg/rule:Rule", true, "audit"},
		{"aws:sns/topic:Topic", true, "alerts"},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", true, "alerts"},
		{"aws:cloudwatch/eventTarget:EventTarget", true, "alerts"},
		{"aws:cloudwatch/logGroup:LogGroup", true, "logs"},
		{"aws:iam/role:Role", true, "identity"},
		{"aws:ec2/placementGroup:PlacementGroup", true, "other"},
		{"pulumi:providers:aws", true, "other"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, concernOf(plan.Resource{Type: tt.typ, Custom: tt.custom}), tt.typ)
	}
}

func TestDisplayType(t *testing.T) {
	tests := []struct{ typ, want string }{
		{"aws:s3/bucketV2:BucketV2", "aws:s3:BucketV2"},
		{"aws:ec2/vpc:Vpc", "aws:ec2:Vpc"},
		{"sce:index:Environment", "sce:index:Environment"},
		{"aws:s3/odd:Other", "aws:s3/odd:Other"},
		{"pulumi:providers:aws", "pulumi:providers:aws"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, displayType(tt.typ))
	}
}

func TestMarkers(t *testing.T) {
	tests := []struct {
		opts plan.Options
		want string
	}{
		{plan.Options{}, ""},
		{plan.Options{Protect: true, RetainOnDelete: true}, "protect retain"},
		{plan.Options{DeleteBeforeReplace: true, IgnoreChanges: []string{"ami", "userData"}},
			"delete-before-replace ignore:ami,userData"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, markers(tt.opts))
	}
}

func TestOutputText(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{"vpc-1", "vpc-1"},
		{plan.Secret{Value: "x"}, "[secret]"},
		{[]any{"a", 1.0}, `["a",1]`},
		{map[string]any{"k": plan.Secret{Value: "x"}}, `{"k":"[secret]"}`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, outputText(tt.v))
	}
	assert.Equal(t, "abcdefg...", clip("abcdefghijklmnop", 10))
	assert.Equal(t, "short", clip("short", 10))
}
