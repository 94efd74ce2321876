package cost

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/stacks"
)

// Type tokens the estimate reads.
const (
	typeInstance      = awstype.EC2Instance
	typeVolume        = awstype.EBSVolume
	typeVpc           = awstype.EC2Vpc
	typeNatGateway    = awstype.EC2NatGateway
	typeEip           = awstype.EC2Eip
	typeKey           = awstype.KMSKey
	typeTrail         = awstype.CloudTrailTrail
	typeLogGroup      = awstype.CloudWatchLogGroup
	typeMetricFilter  = awstype.CloudWatchLogMetricFilter
	typeMetricAlarm   = awstype.CloudWatchMetricAlarm
	typeConfigRule    = awstype.ConfigRule
	typeBucketV2      = awstype.S3BucketV2
	typeBucket        = awstype.S3Bucket
	typeReplication   = awstype.S3BucketReplicationConfig
	typeInstanceState = awstype.EC2TransitGatewayInstanceState
	// typeVpcEndpoint is both the free gateway and the billed interface endpoints.
	typeVpcEndpoint     = awstype.EC2VpcEndpoint
	typeRedshiftCluster = awstype.RedshiftCluster
	typeBackupPlan      = awstype.BackupPlan
	typeBackupSelection = awstype.BackupSelection
	// The DNS Firewall's billed parts: domains in its lists, and queries
	// through a rule group's association with a VPC.
	typeFirewallDomainList  = awstype.Route53ResolverFirewallDomainList
	typeFirewallAssociation = awstype.Route53ResolverFirewallRuleGroupAssociation
	typeQueryLogConfig      = awstype.Route53ResolverQueryLogConfig
)

// concern prices the resources of some types.
type concern struct {
	types []string
	price func(*estimator)
}

// concerns are every priced concern, in the order of the output.
func concerns() []concern {
	return []concern{
		{[]string{typeInstance, typeVpc}, priceInstances},
		{[]string{typeRedshiftCluster}, priceWarehouses},
		{[]string{typeVolume}, priceVolumes},
		{[]string{typeBucketV2, typeBucket}, priceBuckets},
		{[]string{typeBackupPlan}, priceBackups},
		{[]string{typeNatGateway, typeEip}, priceNetwork},
		{[]string{typeVpcEndpoint}, priceEndpoints},
		{[]string{typeFirewallDomainList, typeFirewallAssociation, typeQueryLogConfig}, priceEgress},
		{[]string{typeKey}, priceKeys},
		{[]string{typeTrail}, priceTrails},
		{[]string{typeConfigRule}, priceConfig},
		{[]string{typeLogGroup}, priceLogs},
		{[]string{typeMetricAlarm, typeMetricFilter}, priceAlerts},
	}
}

// estimator collects the lines of one estimate.
type estimator struct {
	inputs
	plan    *plan.Plan
	table   *Table
	lines   []Line
	shared  []Line
	unknown []string
	free    int
}

// all is the same quantity in every column.
func all(q float64) PerColumn { return PerColumn{q, q, q} }

// add appends a line pricing qty (per column) at the price of key.
func (e *estimator) add(group, item, detail, key string, qty PerColumn) {
	e.lines = append(e.lines, e.line(group, item, detail, key, qty))
}

// line prices qty at the price of key, or makes an unknown line: unknown in
// the columns with a quantity, known at 0 in the others.
func (e *estimator) line(group, item, detail, key string, qty PerColumn) Line {
	p, ok := e.table.Price(e.region, key)
	if !ok {
		e.unknown = append(e.unknown, fmt.Sprintf("%s: no price for %s in %s", item, key, e.region))
		return Line{Group: group, Item: item, Detail: detail, Rate: "unknown", Unknown: nonZero(qty)}
	}
	var m PerColumn
	for i, q := range qty {
		m[i] = cents(p.Of(q)) // lines add up to the totals as printed
	}
	return Line{Group: group, Item: item, Detail: detail, Rate: p.String(), Known: true, Monthly: m, Source: p.Source}
}

// nonZero marks the columns where qty is not zero: an unknown rate times
// zero is still zero.
func nonZero(qty PerColumn) Columns {
	var c Columns
	for i, q := range qty {
		c[i] = q != 0
	}
	return c
}

// addUnknown appends a line that cannot be priced in any column, saying why.
func (e *estimator) addUnknown(group, item, detail, why string) {
	e.unknown = append(e.unknown, item+": "+why)
	e.lines = append(e.lines, Line{Group: group, Item: item, Detail: detail, Rate: "unknown", Unknown: allColumns()})
}

// priceOthers makes an unknown line for every custom resource type that is
// neither priced nor free, and counts the free resources.
func (e *estimator) priceOthers() {
	handled := map[string]bool{}
	for _, c := range concerns() {
		for _, t := range c.types {
			handled[t] = true
		}
	}
	others := map[string]int{}
	for _, r := range e.plan.Resources {
		switch {
		case !r.Custom || strings.HasPrefix(r.Type, "pulumi:") || handled[r.Type]:
		case e.isFree(r.Type):
			e.free++
		default:
			others[r.Type]++
		}
	}
	for _, t := range slices.Sorted(maps.Keys(others)) {
		e.addUnknown("other", "not priced: "+t, english.Plural(others[t], "resource"),
			"the price table neither prices this type nor lists it as free")
	}
}

func (e *estimator) isFree(typ string) bool {
	_, ok := e.table.Free[typ]
	return ok
}

// result totals the lines and gathers the assumptions and sources.
func (e *estimator) result() *Estimate {
	slices.SortStableFunc(e.lines, func(a, b Line) int { return groupRank(a.Group) - groupRank(b.Group) })
	est := &Estimate{
		Stack: e.plan.Stack, Region: e.region, Currency: e.table.Currency, AsOf: e.table.AsOf,
		Check: e.table.Check, Mode: e.mode(), Hours: e.hours, Lines: nonNil(e.lines), Shared: nonNil(e.shared),
		Unknown: nonNil(e.unknown), Sources: map[string]Source{},
	}
	est.Total = sum(est.Lines)
	shared := sum(est.Shared)
	est.TotalWithShared = Total{Monthly: est.Total.Monthly.add(shared.Monthly), AtLeast: est.Total.AtLeast.or(shared.AtLeast)}
	for _, l := range append(slices.Clone(est.Lines), est.Shared...) {
		if l.Source != "" {
			est.Sources[l.Source] = e.table.Sources[l.Source]
		}
	}
	est.Assumptions = e.assumptions(est.Mode)
	names := map[string]bool{}
	for _, r := range e.plan.Resources {
		names[r.Name] = true
	}
	est.WhileSuspended = whileSuspended(est.Lines, names)
	return est
}

// groupRank orders the line groups for display.
func groupRank(g string) int {
	order := [...]string{"compute", "warehouse", "storage", "backup", "network", "egress", "keys", "audit", "logs", "alerts", "other"}
	return slices.Index(order[:], g)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// sum totals lines; a line's unknown column makes that column's total a
// lower bound.
func sum(lines []Line) Total {
	var t Total
	for _, l := range lines {
		t.Monthly = t.Monthly.add(l.Monthly)
		t.AtLeast = t.AtLeast.or(l.Unknown)
	}
	return t
}

// mode is "suspended" when the plan stops the instances (sce:suspended).
func (e *estimator) mode() string {
	if e.suspended {
		return "suspended"
	}
	for _, r := range e.plan.Find(typeInstanceState) {
		if str(r.Inputs, "state") == "stopped" {
			return "suspended"
		}
	}
	return "running"
}

// assumptions lists the conventions and figures the estimate rests on.
func (e *estimator) assumptions(mode string) []string {
	out := []string{
		"instance hours a month: suspended 0, working hours " + formatAmount(e.hours.PerMonth[WorkingHours]) +
			", always on " + formatAmount(e.hours.PerMonth[AlwaysOn]) + "; working hours: " + e.hours.Working,
	}
	out = append(out, e.notes...)
	if mode == "suspended" {
		out = append(out, "the plan is suspended ("+stacks.KeySuspended+": true): it has no NAT gateway, so no column prices one; "+
			"the working-hours and always-on columns price its instances as if resumed")
	}
	out = append(out, e.usage.assumptions(e.unusedFigures())...)
	out = append(out,
		"suspended: instances stopped, the NAT gateway and its Elastic IP removed, the warehouse paused; "+
			"usage figures are the same in every column except NAT and interface endpoint data")
	if len(e.plan.Find(typeRedshiftCluster)) > 0 {
		out = append(out, "the warehouse runs the instances' hours: "+stacks.KeySchedule+" pauses it at stop (and resumes it at start with autoStart), "+
			stacks.KeySuspended+" keeps it paused; paused, it pays for storage only")
	}
	out = append(out, e.finalSnapshotNotes()...)
	return append(out,
		"on-demand list prices, first pricing tier, taxes excluded; account-wide free tiers are not deducted; "+
			"data transfer out to the internet is not estimated",
		fmt.Sprintf("resources with no charge of their own (the price table's free list and gateway endpoints): %d", e.free))
}

// unusedFigures names the usage figures of what the plan does not have.
func (e *estimator) unusedFigures() map[string]bool {
	unused := map[string]bool{}
	if len(e.plan.Find(typeRedshiftCluster)) == 0 {
		unused[stacks.UsageWarehouseStorageGB] = true
	}
	if len(e.plan.Find(typeBackupPlan)) == 0 {
		unused[stacks.UsageBackupGB], unused[stacks.UsageBackupChangedGBPerDay] = true, true
	}
	interfaces := 0
	for _, r := range e.plan.Find(typeVpcEndpoint) {
		if str(r.Inputs, "vpcEndpointType") == "Interface" {
			interfaces++
		}
	}
	if interfaces == 0 {
		unused[stacks.UsageEndpointGBPerMonth] = true
	}
	if len(e.plan.Find(typeFirewallAssociation)) == 0 {
		unused[stacks.UsageDNSQueriesPerMonth] = true
	}
	if len(e.plan.Find(typeQueryLogConfig)) == 0 {
		unused[stacks.UsageDNSQueryLogGBPerMonth] = true
	}
	return unused
}

// str reads a string input.
func str(in map[string]any, key string) string {
	s, _ := in[key].(string)
	return s
}

// num reads a number input; ok is false when it is absent or not a number.
func num(in map[string]any, key string) (float64, bool) {
	v, ok := in[key].(float64)
	return v, ok
}

// object reads a nested object input.
func object(in map[string]any, key string) map[string]any {
	m, _ := in[key].(map[string]any)
	return m
}

// hoursDetail prints hours per column as "0 / 238.33 / 730 h".
func hoursDetail(h PerColumn) string {
	return formatAmountShort(h[Suspended]) + " / " + formatAmountShort(h[WorkingHours]) + " / " + formatAmountShort(h[AlwaysOn]) + " h"
}
