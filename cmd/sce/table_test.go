package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
)

func TestConcernOf(t *testing.T) {
	tests := []struct {
		typ    string
		custom bool
		want   string
	}{
		{"sce:index:Environment", false, "components"},
		{awstype.EC2Vpc, true, "network"},
		{awstype.EC2VpcEndpoint, true, "network"},
		{awstype.EC2Subnet, true, "network"},
		{awstype.EC2RouteTableAssociation, true, "network"},
		{awstype.EC2MainRouteTableAssociation, true, "network"},
		{awstype.EC2Eip, true, "network"},
		{awstype.EC2NetworkAclRule, true, "network"},
		{awstype.EC2DefaultSecurityGroup, true, "network"},
		{awstype.VPCSecurityGroupIngressRule, true, "network"},
		{awstype.EC2FlowLog, true, "network"},
		{awstype.EC2Instance, true, "compute"},
		{awstype.EBSVolume, true, "compute"},
		{awstype.EC2VolumeAttachment, true, "compute"},
		{awstype.EC2LaunchTemplate, true, "compute"},
		{awstype.KMSKey, true, "keys"},
		{awstype.S3BucketPolicy, true, "storage"},
		{awstype.CloudTrailTrail, true, "audit"},
		{awstype.ConfigRule, true, "audit"},
		{awstype.SNSTopic, true, "alerts"},
		{awstype.CloudWatchMetricAlarm, true, "alerts"},
		{awstype.CloudWatchEventTarget, true, "alerts"},
		{awstype.CloudWatchLogGroup, true, "logs"},
		{awstype.IAMRole, true, "identity"},
		{awstype.EC2PlacementGroup, true, "other"},
		{"pulumi:providers:aws", true, "other"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, concernOf(plan.Resource{Type: tt.typ, Custom: tt.custom}), tt.typ)
	}
}

func TestDisplayType(t *testing.T) {
	tests := []struct{ typ, want string }{
		{awstype.S3BucketV2, "aws:s3:BucketV2"},
		{awstype.EC2Vpc, "aws:ec2:Vpc"},
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
