package cost

import (
	"fmt"

	"github.com/sce-dev/sce/stacks"
)

// priceNetwork prices NAT gateways (hours and data) and Elastic IPs. A
// suspended project has neither the NAT gateway nor its Elastic IP; every
// other Elastic IP is charged in every column, attached or idle.
func priceNetwork(e *estimator) {
	nats := e.plan.Find(typeNatGateway)
	natEIPs := map[string]bool{}
	hours := e.table.HoursPerMonth
	for _, n := range nats {
		for _, urn := range n.PropertyDependencies["allocationId"] {
			natEIPs[urn] = true
		}
		e.add("network", "NAT gateway "+n.Name, "removed while suspended; 0 / 730 / 730 h", "vpc.natGateway", PerColumn{0, hours, hours})
	}
	if len(nats) > 0 {
		gb := e.usage.NATGBPerMonth
		e.add("network", "NAT gateway data", fmt.Sprintf("%s GB a month (%s)", formatCount(gb), stacks.UsageKey(stacks.UsageNATGBPerMonth)),
			"vpc.natData", PerColumn{0, gb, gb})
	}
	for _, eip := range e.plan.Find(typeEip) {
		if natEIPs[eip.URN] {
			e.add("network", "public IPv4 "+eip.Name, "NAT gateway's Elastic IP, removed while suspended; 0 / 730 / 730 h",
				"vpc.publicIpv4", PerColumn{0, hours, hours})
			continue
		}
		e.add("network", "public IPv4 "+eip.Name, "Elastic IP, charged attached or idle; 730 h", "vpc.publicIpv4", all(hours))
	}
}
