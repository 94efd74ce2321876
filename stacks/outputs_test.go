package stacks_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/sce"
)

// environmentOutputs are the outputs of sce.Environment itself.
var environmentOutputs = []string{
	sce.OutputVpcID, sce.OutputPublicSubnetIDs, sce.OutputPrivateSubnetIDs, sce.OutputBucketNames, sce.OutputKmsKeyArn,
	sce.OutputTrailArn, sce.OutputAlertTopicArn, sce.OutputNatPublicIP, sce.OutputBastionPublicIP,
	sce.OutputBastionInstanceID, sce.OutputWorkerPrivateIPs, sce.OutputWorkerInstanceIDs, sce.OutputDataVolumeIDs,
	sce.OutputWarehouseEndpoint, sce.OutputWarehouseDatabase, sce.OutputWarehouseRoleArn, sce.OutputWarehouseAdminSecretArn,
}

func TestStackOutputs(t *testing.T) {
	out := shippedPlan(t, "hipaa").Outputs
	assert.Equal(t, "hipaa", out[sce.OutputPIT])
	assert.Equal(t, []any{"kresearcher", "jdoe"}, out[sce.OutputResearchers])
	base := shippedPlan(t, "account").Outputs
	assert.Equal(t, "account", out["baselineStack"])
	assert.Equal(t, "account-archive-123456789012-us-west-2", out[sce.OutputArchiveBucketName])
	assert.Equal(t, base[sce.OutputArchiveKeyArn], out[sce.OutputArchiveKeyArn])
	assert.Equal(t, "arn:aws:sns:us-west-2:123456789012:account-alerts", out[sce.OutputBaselineAlertTopicArn])
	assert.Equal(t, "arn:aws:cloudtrail:us-west-2:123456789012:trail/hipaa-trail", out[sce.OutputTrailArn],
		"the component's outputs are exported as they are")
	assert.Equal(t, slices.Sorted(slices.Values(append([]string{sce.OutputPIT, sce.OutputResearchers, "baselineStack",
		sce.OutputArchiveBucketName, sce.OutputArchiveKeyArn, sce.OutputBaselineAlertTopicArn}, environmentOutputs...))),
		slices.Sorted(maps.Keys(out)))
	assert.Len(t, out, 23)
	assert.Equal(t, "", out[sce.OutputWarehouseEndpoint], "no warehouse: empty warehouse outputs")
}

func TestOmopStackOutputs(t *testing.T) {
	out := shippedPlan(t, "omop").Outputs
	assert.Equal(t, "omop", out[sce.OutputPIT])
	assert.Equal(t, []any{"kresearcher", "analyst"}, out[sce.OutputResearchers])
	assert.Len(t, out, 23)
	assert.Equal(t, "omop", out[sce.OutputWarehouseDatabase])
	assert.Equal(t, "arn:aws:iam::123456789012:role/omop-warehouse-role", out[sce.OutputWarehouseRoleArn])
	assert.Regexp(t, `^omop-warehouse\.c[0-9a-f]{11}\.us-west-2\.redshift\.amazonaws\.com:5439$`, out[sce.OutputWarehouseEndpoint])
	assert.Regexp(t, `^arn:aws:secretsmanager:us-west-2:123456789012:secret:redshift!omop-warehouse-sceadmin-[0-9a-f]{6}$`, out[sce.OutputWarehouseAdminSecretArn])
}
