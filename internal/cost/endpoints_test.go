package cost

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestInterfaceEndpoints prices a synthetic plan with the endpoints a
// project without NAT-dependent management traffic would have: interface
// endpoints per Availability Zone and per GB, the S3 gateway endpoint free.
func TestInterfaceEndpoints(t *testing.T) {
	iface := func(name, service string, subnets ...any) map[string]any {
		return map[string]any{"vpcEndpointType": "Interface", "serviceName": service, "subnetIds": subnets, "privateDnsEnabled": true}
	}
	p := fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:usage": `{"endpointGbPerMonth":50}`},
		res(typeVpcEndpoint, "t-s3-endpoint", map[string]any{"vpcEndpointType": "Gateway", "serviceName": "com.amazonaws.us-west-2.s3"}),
		res(typeVpcEndpoint, "t-ssm-endpoint", iface("t-ssm-endpoint", "com.amazonaws.us-west-2.ssm", "subnet-1")),
		res(typeVpcEndpoint, "t-logs-endpoint", iface("t-logs-endpoint", "com.amazonaws.us-west-2.logs", "subnet-1", "subnet-2")),
		res(typeVpcEndpoint, "t-kms-endpoint", map[string]any{"vpcEndpointType": "Interface", "serviceName": "com.amazonaws.us-west-2.kms"}),
		res(typeVpcEndpoint, "t-glb-endpoint", map[string]any{"vpcEndpointType": "GatewayLoadBalancer"}),
	)
	est := estimate(t, p)
	lines := linesOf(est.Lines)
	assert.Equal(t, map[string]PerColumn{
		"interface endpoint t-ssm-endpoint":     {7.30, 7.30, 7.30},    // 1 AZ * 730 h * $0.01
		"interface endpoint t-logs-endpoint":    {14.60, 14.60, 14.60}, // 2 AZs
		"interface endpoint t-kms-endpoint":     {0, 0, 0},             // unknown
		"VPC endpoint t-glb-endpoint":           {0, 0, 0},             // unknown
		"interface endpoint data (3 endpoints)": {0, 0.50, 0.50},       // 50 GB * $0.01, nothing runs while suspended
	}, costsOf(est.Lines))
	assert.Equal(t, "com.amazonaws.us-west-2.logs in 2 Availability Zones, also while suspended; 1,460 h",
		lines["interface endpoint t-logs-endpoint"].Detail)
	assert.Equal(t, "$0.01/endpoint-AZ-hour", lines["interface endpoint t-ssm-endpoint"].Rate)
	assert.Equal(t, "50 GB a month while running (sce:usage.endpointGbPerMonth)", lines["interface endpoint data (3 endpoints)"].Detail)
	assert.Equal(t, []string{
		"interface endpoint t-kms-endpoint: the plan gives no subnetIds, so the number of Availability Zones billed is unknown",
		"VPC endpoint t-glb-endpoint: the estimate prices Gateway and Interface endpoints only",
	}, est.Unknown)
	assert.Contains(t, est.Assumptions, "resources with no charge of their own (the price table's free list and gateway endpoints): 1")
	assert.Contains(t, est.Assumptions, "sce:usage.endpointGbPerMonth = 50 GB a month (stack config)")
	assert.Contains(t, est.Sources, "privatelink")
}

func TestNoInterfaceEndpointNoFigure(t *testing.T) {
	est := estimate(t, computePlan())
	for _, a := range est.Assumptions {
		assert.NotContains(t, a, "endpointGbPerMonth")
		assert.NotContains(t, a, "backupGb")
		assert.NotContains(t, a, "warehouseStorageGb")
	}
}
