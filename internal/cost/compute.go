package cost

import (
	"fmt"

	"github.com/sce-dev/sce/internal/plan"
)

// detailedMonitoringMetrics is how many metrics EC2 detailed monitoring
// publishes per instance, each billed as a custom metric.
const detailedMonitoringMetrics = 7

// gp3 includes 3,000 IOPS and 125 MiB/s; more is billed.
const (
	gp3FreeIOPS       = 3000
	gp3FreeThroughput = 125
)

// priceInstances prices each instance's hours, root volume, detailed
// monitoring and public IP, and the shared dedicated fee when any instance
// is dedicated.
func priceInstances(e *estimator) {
	dedicatedVPC := false
	for _, v := range e.plan.Find(typeVpc) {
		dedicatedVPC = dedicatedVPC || str(v.Inputs, "instanceTenancy") == "dedicated"
	}
	withEIP := e.eipInstances()
	dedicated := false
	for _, r := range e.plan.Find(typeInstance) {
		tenancy := tenancyOf(r.Inputs, dedicatedVPC)
		dedicated = dedicated || tenancy == "dedicated"
		e.priceInstance(r, tenancy, withEIP[r.URN])
	}
	if dedicated {
		e.shared = append(e.shared, e.line("shared", "dedicated per-region fee",
			fmt.Sprintf("once per account in %s while any dedicated instance runs, shared by all its projects; %s",
				e.region, hoursDetail(e.hours.PerMonth)), "ec2.dedicatedFee", e.hours.PerMonth))
	}
}

// priceInstance prices one instance's running hours, root volume, detailed
// monitoring, and its own public IP unless an Elastic IP replaces it.
func (e *estimator) priceInstance(r plan.Resource, tenancy string, hasEIP bool) {
	typ := str(r.Inputs, "instanceType")
	run := e.hours.PerMonth
	e.add("compute", "instance "+r.Name, fmt.Sprintf("%s, %s tenancy, %s", typ, tenancy, hoursDetail(run)),
		"ec2.instance."+tenancy+"."+typ, run)
	if root := object(r.Inputs, "rootBlockDevice"); root != nil {
		e.priceVolume("root volume "+r.Name, root["volumeSize"], root["volumeType"], root["iops"], root["throughput"])
	} else {
		e.addUnknown("storage", "root volume "+r.Name, "size and type from the AMI", "the plan does not set rootBlockDevice")
	}
	if r.Inputs["monitoring"] == true {
		e.add("compute", "detailed monitoring "+r.Name, fmt.Sprintf("%d metrics while running", detailedMonitoringMetrics),
			"cloudwatch.metric", scale(run, detailedMonitoringMetrics/e.table.HoursPerMonth))
	}
	if r.Inputs["associatePublicIpAddress"] == true && !hasEIP {
		e.add("network", "public IPv4 "+r.Name, "while running, "+hoursDetail(run), "vpc.publicIpv4", run)
	}
}

// tenancyOf is "dedicated" for a dedicated instance or any instance in a
// dedicated VPC, else the instance's tenancy ("default" when unset).
func tenancyOf(in map[string]any, dedicatedVPC bool) string {
	t := str(in, "tenancy")
	if t == "" || t == "default" {
		if dedicatedVPC {
			return "dedicated"
		}
		return "default"
	}
	return t
}

// eipInstances are the URNs of the instances an Elastic IP is attached to:
// their own public IP is released, and the EIP is priced instead.
func (e *estimator) eipInstances() map[string]bool {
	out := map[string]bool{}
	for _, eip := range e.plan.Find(typeEip) {
		for _, urn := range eip.PropertyDependencies["instance"] {
			out[urn] = true
		}
	}
	return out
}

// priceVolumes prices each EBS volume.
func priceVolumes(e *estimator) {
	for _, r := range e.plan.Find(typeVolume) {
		typ := r.Inputs["type"]
		if typ == nil {
			typ = "gp2" // the EC2 API's default volume type
		}
		e.priceVolume("volume "+r.Name, r.Inputs["size"], typ, r.Inputs["iops"], r.Inputs["throughput"])
	}
}

// priceVolume prices a volume's storage and, above what gp3 includes, its
// provisioned IOPS and throughput. Volumes cost in every column.
func (e *estimator) priceVolume(item string, size, typ, iops, throughput any) {
	gib, okSize := size.(float64)
	t, okType := typ.(string)
	if !okSize || !okType {
		e.addUnknown("storage", item, "size or type not in the plan", "the plan does not give the volume's size and type")
		return
	}
	e.add("storage", item, fmt.Sprintf("%s GiB %s", formatCount(gib), t), "ebs."+t+".storage", all(gib))
	if n, ok := iops.(float64); ok && (t != "gp3" || n > gp3FreeIOPS) {
		extra, detail := n, fmt.Sprintf("%s IOPS", formatCount(n))
		if t == "gp3" {
			extra, detail = n-gp3FreeIOPS, fmt.Sprintf("%s IOPS, %s above the %s included", formatCount(n), formatCount(n-gp3FreeIOPS), formatCount(gp3FreeIOPS))
		}
		e.add("storage", item+" IOPS", detail, "ebs."+t+".iops", all(extra))
	}
	if n, ok := throughput.(float64); ok && t == "gp3" && n > gp3FreeThroughput {
		e.add("storage", item+" throughput", fmt.Sprintf("%s MiB/s, %s above the %d included", formatCount(n),
			formatCount(n-gp3FreeThroughput), gp3FreeThroughput), "ebs.gp3.throughput", all(n-gp3FreeThroughput))
	}
}

// scale multiplies every column by f.
func scale(c PerColumn, f float64) PerColumn {
	for i := range c {
		c[i] *= f
	}
	return c
}
