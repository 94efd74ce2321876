package iamdoc

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTrustPolicyMergesExtraConditions(t *testing.T) {
	doc, err := TrustPolicy("111122223333", "vpc-flow-logs.amazonaws.com", Conditions{
		"ArnLike": {"aws:SourceArn": "arn:aws:ec2:us-east-1:111122223333:vpc-flow-log/*"},
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRoleFromvpc-flow-logs.amazonaws.com",
		"Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole",
		"Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"},
		"ArnLike":{"aws:SourceArn":"arn:aws:ec2:us-east-1:111122223333:vpc-flow-log/*"}}}]}`, doc)
}

func TestUnconditionedTrustPolicyHasNoCondition(t *testing.T) {
	doc, err := UnconditionedTrustPolicy("cloudtrail.amazonaws.com")
	require.NoError(t, err)
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"AssumeRoleFromcloudtrail.amazonaws.com",
		"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, doc)
}

func TestServicePrincipal(t *testing.T) {
	assert.Equal(t, map[string]any{"Service": "a"}, Service("a"))
	assert.Equal(t, map[string]any{"Service": []string{"a", "b"}}, Service("a", "b"))
}

func TestKeyThroughS3(t *testing.T) {
	via := Conditions{"StringEquals": {"kms:ViaService": "s3.us-gov-west-1.amazonaws.com"}}
	assert.Equal(t, via, ViaS3("us-gov-west-1"))
	assert.Equal(t, Statement{Sid: "UseProjectKeyThroughS3", Effect: Allow, Action: []string{"kms:Decrypt", "kms:GenerateDataKey"},
		Resource: "arn:aws:kms:us-gov-west-1:111122223333:key/k", Condition: via},
		KeyThroughS3("arn:aws:kms:us-gov-west-1:111122223333:key/k", "us-gov-west-1"))
}
