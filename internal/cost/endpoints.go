package cost

import (
	"fmt"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/stacks"
)

// priceEndpoints prices the interface VPC endpoints, per endpoint and
// Availability Zone (one network interface in each of its subnets) and per
// GB they process. Gateway endpoints (S3) are free. Suspend keeps the
// endpoints; with the instances stopped, little goes through them.
func priceEndpoints(e *estimator) {
	interfaces := 0
	hours := e.table.HoursPerMonth
	for _, r := range e.plan.Find(typeVpcEndpoint) {
		switch kind := str(r.Inputs, "vpcEndpointType"); kind {
		case "Gateway":
			e.free++
		case "Interface":
			interfaces++
			subnets, _ := r.Inputs["subnetIds"].([]any)
			if len(subnets) == 0 {
				e.addUnknown("network", "interface endpoint "+r.Name, str(r.Inputs, "serviceName"),
					"the plan gives no subnetIds, so the number of Availability Zones billed is unknown")
				continue
			}
			azs := float64(len(subnets))
			e.add("network", "interface endpoint "+r.Name,
				fmt.Sprintf("%s in %s, also while suspended; %s h", str(r.Inputs, "serviceName"), english.Plural(len(subnets), "Availability Zone"),
					formatCount(azs*hours)), "vpc.interfaceEndpoint", all(azs*hours))
		default:
			e.addUnknown("network", "VPC endpoint "+r.Name, fmt.Sprintf("type %q", kind),
				"the estimate prices Gateway and Interface endpoints only")
		}
	}
	if interfaces > 0 {
		gb := e.usage.EndpointGBPerMonth
		e.add("network", fmt.Sprintf("interface endpoint data (%s)", english.Plural(interfaces, "endpoint")),
			formatCount(gb)+" GB a month while running ("+stacks.UsageKey(stacks.UsageEndpointGBPerMonth)+")", "vpc.interfaceEndpointData", PerColumn{0, gb, gb})
	}
}
