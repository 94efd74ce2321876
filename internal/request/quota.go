package request

import "fmt"

// eipsPerProject is how many Elastic IPs a project holds: its NAT
// gateway's and its bastion's.
const eipsPerProject = 2

// quotaWarnings says which default regional quota the account would pass
// once the new project (in region and zone) exists, naming the quota as
// Service Quotas does and its code.
func quotaWarnings(projects []Project, region, zone string, q Quotas, site string) []string {
	inRegion, inZone := 1, 1 // the new project
	for _, p := range projects {
		if !p.VPC.IsValid() || p.Region != region {
			continue
		}
		inRegion++
		if p.Zone == zone {
			inZone++
		}
	}
	var out []string
	if vpcs := inRegion + 1; vpcs > q.VPCsPerRegion {
		out = append(out, quotaMessage(fmt.Sprintf("%s would hold %d VPCs (%d sce projects and the default VPC)", region, vpcs, inRegion),
			"VPCs per Region", "Amazon VPC", "L-F678F1CE", q.VPCsPerRegion, "vpcsPerRegion", site))
	}
	if eips := inRegion * eipsPerProject; eips > q.ElasticIPsPerRegion {
		out = append(out, quotaMessage(fmt.Sprintf("%s would hold %d Elastic IPs (%d per project: its NAT gateway's and its bastion's)", region, eips, eipsPerProject),
			"EC2-VPC Elastic IPs", "Amazon EC2", "L-0263D0A3", q.ElasticIPsPerRegion, "elasticIpsPerRegion", site))
	}
	if inZone > q.NATGatewaysPerAZ {
		out = append(out, quotaMessage(fmt.Sprintf("%s would hold %d NAT gateways (one per project)", zone, inZone),
			"NAT gateways per Availability Zone", "Amazon VPC", "L-FE5A380F", q.NATGatewaysPerAZ, "natGatewaysPerAz", site))
	}
	return out
}

func quotaMessage(what, quota, service, code string, limit int, field, site string) string {
	return fmt.Sprintf("%s, more than the quota %q (%s, %s) of %d: request an increase in Service Quotas before `pulumi up`, "+
		"or set quotas.%s in %s if the account already has one", what, quota, service, code, limit, field, site)
}
