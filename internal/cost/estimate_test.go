package cost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

const weekdaySchedule = `{"timeZone":"America/Los_Angeles","days":"MON-FRI","start":"08:00","stop":"19:00","autoStart":true}`

// res is a custom resource of a fixture plan.
func res(typ, name string, inputs map[string]any) plan.Resource {
	return plan.Resource{URN: "urn:pulumi:t::sce::" + typ + "::" + name, Type: typ, Name: name, Custom: true, Inputs: inputs}
}

// dependsOn records that prop of r came from the resources deps.
func dependsOn(r plan.Resource, prop string, deps ...plan.Resource) plan.Resource {
	r.PropertyDependencies = map[string][]string{}
	for _, d := range deps {
		r.PropertyDependencies[prop] = append(r.PropertyDependencies[prop], d.URN)
	}
	return r
}

func fixturePlan(config map[string]string, rs ...plan.Resource) *plan.Plan {
	return &plan.Plan{Version: plan.Version, Project: "sce", Stack: "t", Offline: true, Config: config, Resources: rs}
}

// estimate prices p with the config its plan holds, decoded as a plan's
// config is.
func estimate(t *testing.T, p *plan.Plan) *Estimate {
	t.Helper()
	tab, err := DefaultTable()
	require.NoError(t, err)
	cfg, err := stacks.DecodeConfig(p.Config)
	require.NoError(t, err)
	est, err := EstimatePlan(p, cfg, tab)
	require.NoError(t, err)
	return est
}

// costsOf maps each line's item to its costs.
func costsOf(lines []Line) map[string]PerColumn {
	out := map[string]PerColumn{}
	for _, l := range lines {
		out[l.Item] = l.Monthly
	}
	return out
}

// computePlan is a dedicated project in us-east-1 on a MON-FRI 08:00-19:00 schedule.
func computePlan() *plan.Plan {
	bastion := res(typeInstance, "bastion", map[string]any{"instanceType": "m5.large", "tenancy": "dedicated",
		"monitoring": true, "associatePublicIpAddress": true,
		"rootBlockDevice": map[string]any{"volumeSize": 30.0, "volumeType": "gp3"}})
	worker := res(typeInstance, "worker", map[string]any{"instanceType": "m5.xlarge", "associatePublicIpAddress": false,
		"rootBlockDevice": map[string]any{"volumeSize": 30.0, "volumeType": "gp3"}})
	natEIP := res(typeEip, "nat-eip", map[string]any{"domain": "vpc"})
	return fixturePlan(map[string]string{"aws:region": "us-east-1", "sce:schedule": weekdaySchedule},
		res(typeVpc, "vpc", map[string]any{"instanceTenancy": "dedicated"}),
		bastion, worker,
		res(typeVolume, "data", map[string]any{"size": 100.0, "type": "gp3", "iops": 4000.0, "throughput": 250.0}),
		dependsOn(res(typeEip, "bastion-eip", map[string]any{"domain": "vpc"}), "instance", bastion),
		natEIP,
		dependsOn(res(typeNatGateway, "nat", map[string]any{}), "allocationId", natEIP),
	)
}

func TestComputeAndNetwork(t *testing.T) {
	est := estimate(t, computePlan())
	// 55 h/week * 52/12 = 238.33 h/month; always on 730 h.
	assert.Equal(t, map[string]PerColumn{
		"instance bastion":            {0, 25.26, 77.38},  // $0.106/h
		"detailed monitoring bastion": {0, 0.69, 2.10},    // 7 metrics * $0.30, prorated by running hours
		"instance worker":             {0, 50.53, 154.76}, // $0.212/h, dedicated through its VPC
		"root volume bastion":         {2.40, 2.40, 2.40}, // 30 GiB * $0.08
		"root volume worker":          {2.40, 2.40, 2.40},
		"volume data":                 {8, 8, 8},          // 100 GiB * $0.08
		"volume data IOPS":            {5, 5, 5},          // (4000 - 3000) * $0.005
		"volume data throughput":      {5, 5, 5},          // (250 - 125) MiB/s * $0.04
		"NAT gateway nat":             {0, 32.85, 32.85},  // 730 h * $0.045, removed while suspended
		"NAT gateway data":            {0, 0.90, 0.90},    // 20 GB default * $0.045
		"public IPv4 bastion-eip":     {3.65, 3.65, 3.65}, // 730 h * $0.005, attached or idle
		"public IPv4 nat-eip":         {0, 3.65, 3.65},    // removed with the NAT gateway
	}, costsOf(est.Lines))
	assert.Equal(t, Total{Monthly: PerColumn{26.45, 140.33, 298.09}}, roundTotal(est.Total))
	assert.Equal(t, map[string]PerColumn{"dedicated per-region fee": {0, 476.67, 1460}}, costsOf(est.Shared))
	assert.Equal(t, Total{Monthly: PerColumn{26.45, 617.00, 1758.09}}, roundTotal(est.TotalWithShared))
	assert.Empty(t, est.Unknown)
	assert.Equal(t, "running", est.Mode)
	assert.Equal(t, "MON-FRI 08:00-19:00 America/Los_Angeles = 55 h/week = 238.33 h/month (a month is 52/12 weeks)", est.Hours.Working)
	assert.Equal(t, []string{"compute", "compute", "compute", "storage", "storage", "storage", "storage", "storage",
		"network", "network", "network", "network"}, groupsOf(est.Lines), "lines sorted by group")
}

func groupsOf(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Group
	}
	return out
}

// roundTotal rounds a total to cents, as it prints.
func roundTotal(t Total) Total {
	for i := range t.Monthly {
		t.Monthly[i] = cents(t.Monthly[i])
	}
	return t
}

func TestInstancePublicIPWithoutEIP(t *testing.T) {
	p := fixturePlan(map[string]string{"aws:region": "us-west-2"},
		res(typeInstance, "box", map[string]any{"instanceType": "m5.large", "associatePublicIpAddress": true,
			"rootBlockDevice": map[string]any{"volumeSize": 8.0, "volumeType": "gp2"}}))
	est := estimate(t, p)
	assert.Equal(t, map[string]PerColumn{
		"instance box":    {0, 70.08, 70.08},  // shared tenancy $0.096/h; no schedule: working hours = 730
		"root volume box": {0.80, 0.80, 0.80}, // 8 GiB gp2 * $0.10
		"public IPv4 box": {0, 3.65, 3.65},    // only while running
	}, costsOf(est.Lines))
	assert.Empty(t, est.Shared, "no dedicated instance, no fee")
	assert.Equal(t, "no sce:schedule: instances run around the clock, so working hours equal always on", est.Hours.Working)
	assert.Equal(t, PerColumn{0, 730, 730}, est.Hours.PerMonth)
}

func TestUnknownPrices(t *testing.T) {
	p := fixturePlan(map[string]string{"aws:region": "us-west-2"},
		res(typeInstance, "gpu", map[string]any{"instanceType": "p3.2xlarge", "tenancy": "dedicated"}),
		res(typeVolume, "scratch", map[string]any{"size": 50.0, "type": "io2", "iops": 5000.0}),
		res(awstype.RDSInstance, "db", map[string]any{}),
		res(awstype.RDSInstance, "db2", map[string]any{}),
		res(awstype.IAMRole, "role", map[string]any{}),
		plan.Resource{URN: "urn:c", Type: "sce:index:Environment", Name: "t"},
		res("pulumi:providers:aws", "default", map[string]any{}),
	)
	est := estimate(t, p)
	assert.Equal(t, []string{
		"instance gpu: no price for ec2.instance.dedicated.p3.2xlarge in us-west-2",
		"root volume gpu: the plan does not set rootBlockDevice",
		"volume scratch: no price for ebs.io2.storage in us-west-2",
		"volume scratch IOPS: no price for ebs.io2.iops in us-west-2",
		"not priced: aws:rds/instance:Instance: the price table neither prices this type nor lists it as free",
	}, est.Unknown)
	unknownIn := map[string]Columns{}
	for _, l := range est.Lines {
		assert.False(t, l.Known, l.Item)
		assert.Equal(t, "unknown", l.Rate, l.Item)
		assert.Equal(t, PerColumn{}, l.Monthly, "an unknown price is never zero in the totals, it is left out: %s", l.Item)
		unknownIn[l.Item] = l.Unknown
	}
	assert.Equal(t, map[string]Columns{
		"instance gpu":                          {false, true, true}, // 0 hours while suspended: known, 0
		"root volume gpu":                       allColumns(),
		"volume scratch":                        allColumns(),
		"volume scratch IOPS":                   allColumns(),
		"not priced: aws:rds/instance:Instance": allColumns(),
	}, unknownIn)
	assert.Equal(t, "2 resources", est.Lines[len(est.Lines)-1].Detail)
	assert.Equal(t, Total{AtLeast: allColumns()}, est.Total)
	assert.Equal(t, Total{Monthly: PerColumn{0, 1460, 1460}, AtLeast: allColumns()}, est.TotalWithShared, "no schedule: the fee runs all month")
	assert.Equal(t, map[string]PerColumn{"dedicated per-region fee": {0, 1460, 1460}}, costsOf(est.Shared))
}

func TestRegionWithoutPrices(t *testing.T) {
	est := estimate(t, fixturePlan(map[string]string{"aws:region": "eu-west-1"}, res(typeKey, "key", map[string]any{})))
	assert.Equal(t, []string{"KMS key key: no price for kms.key in eu-west-1", "KMS requests: no price for kms.requests in eu-west-1"}, est.Unknown)
	assert.Equal(t, allColumns(), est.Total.AtLeast)
}

func TestDefaultRegion(t *testing.T) {
	est := estimate(t, fixturePlan(map[string]string{}, res(typeKey, "key", map[string]any{})))
	assert.Equal(t, "us-east-1", est.Region)
}

// servicesPlan has the non-compute concerns with usage figures set.
func servicesPlan() *plan.Plan {
	usage := `{"logsGbPerMonth":9,"managementEventsPerMonth":300000,"dataEventsPerMonth":1e6,"kmsRequestsPerMonth":20000,` +
		`"configItemsPerMonth":500,"s3StorageGb":1000,"s3PutRequestsPerMonth":10000,"s3GetRequestsPerMonth":100000}`
	return fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:usage": usage},
		res(typeKey, "key", map[string]any{"enableKeyRotation": true}),
		res(typeTrail, "trail", map[string]any{"eventSelectors": []any{map[string]any{
			"includeManagementEvents": true, "dataResources": []any{map[string]any{"type": "AWS::S3::Object"}}}}}),
		res(typeTrail, "plain-trail", map[string]any{}),
		res(typeTrail, "data-only-trail", map[string]any{"eventSelectors": []any{map[string]any{
			"includeManagementEvents": false, "dataResources": []any{map[string]any{"type": "AWS::S3::Object"}}}}}),
		res(typeLogGroup, "year", map[string]any{"retentionInDays": 365.0}),
		res(typeLogGroup, "month", map[string]any{"retentionInDays": 30.0}),
		res(typeLogGroup, "forever", map[string]any{}),
		res(typeMetricAlarm, "a1", map[string]any{}),
		res(typeMetricAlarm, "a2", map[string]any{}),
		res(typeMetricFilter, "f1", map[string]any{}),
		res(typeConfigRule, "r1", map[string]any{}),
		res(typeConfigRule, "r2", map[string]any{}),
		res(typeBucketV2, "data", map[string]any{}),
		res(typeBucketV2, "logs", map[string]any{}),
	)
}

func TestServices(t *testing.T) {
	est := estimate(t, servicesPlan())
	assert.Equal(t, map[string]PerColumn{
		"KMS key key":                          all(1),
		"KMS requests":                         all(0.06), // 20,000 * $0.03/10,000
		"trail trail management events":        all(6),    // 300,000 * $2/100,000: the paid second copy
		"trail trail data events":              all(1),    // 1M * $0.10/100,000
		"trail plain-trail management events":  all(6),    // no selectors: management events by default
		"trail data-only-trail data events":    all(1),
		"Config configuration items":           all(1.50), // 500 * $0.003
		"Config rule evaluations (2 rules)":    all(0.56), // round(500 + 2 * 365/12) * $0.001
		"CloudWatch Logs ingestion (3 groups)": all(4.50), // 9 GB * $0.50
		// 3 GB a month per group: 12 months kept (365 days), 30/(365/12) months, 12 months (never expires).
		"CloudWatch Logs storage":                  all(2.25), // 74.96 GB * $0.03
		"CloudWatch alarms (2)":                    all(0.20),
		"custom metrics of log metric filters (1)": all(0.30),
		"S3 storage (2 buckets)":                   all(23),   // 1,000 GB * $0.023
		"S3 PUT, COPY, POST, LIST requests":        all(0.05), // 10,000 * $0.005/1,000
		"S3 GET requests":                          all(0.04), // 100,000 * $0.0004/1,000
	}, costsOf(est.Lines))
	assert.Equal(t, Total{Monthly: all(47.46)}, roundTotal(est.Total))
	assert.Empty(t, est.Shared)
}

func TestSuspendedPlan(t *testing.T) {
	worker := res(typeInstance, "worker", map[string]any{"instanceType": "m5.large", "tenancy": "dedicated",
		"rootBlockDevice": map[string]any{"volumeSize": 30.0, "volumeType": "gp3"}})
	p := fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:suspended": "true", "sce:schedule": weekdaySchedule},
		worker,
		dependsOn(res(typeInstanceState, "worker-state", map[string]any{"state": "stopped"}), "instanceId", worker))
	est := estimate(t, p)
	assert.Equal(t, "suspended", est.Mode)
	assert.Equal(t, map[string]PerColumn{
		"instance worker":    {0, 25.26, 77.38}, // priced as if resumed in the other columns
		"root volume worker": all(2.40),
	}, costsOf(est.Lines))
	assert.Contains(t, est.Assumptions, "the plan is suspended (sce:suspended: true): it has no NAT gateway, so no column prices one; "+
		"the working-hours and always-on columns price its instances as if resumed")
	assert.Contains(t, est.Assumptions, "resources with no charge of their own (the price table's free list and gateway endpoints): 1", "the InstanceState")
}

// sce:suspended is read as the program reads it: True and 1 suspend too.
func TestModeFromConfig(t *testing.T) {
	for _, v := range []string{"true", "True", "1"} {
		assert.Equal(t, "suspended", estimate(t, fixturePlan(map[string]string{"sce:suspended": v})).Mode, v)
	}
	assert.Equal(t, "running", estimate(t, fixturePlan(map[string]string{"sce:suspended": "false"})).Mode)
}

func TestModeFromInstanceState(t *testing.T) {
	p := fixturePlan(map[string]string{}, res(typeInstanceState, "s", map[string]any{"state": "stopped"}))
	assert.Equal(t, "suspended", estimate(t, p).Mode)
	p = fixturePlan(map[string]string{}, res(typeInstanceState, "s", map[string]any{"state": "running"}))
	assert.Equal(t, "running", estimate(t, p).Mode)
}

func TestScheduleWithoutAutoStart(t *testing.T) {
	p := fixturePlan(map[string]string{"sce:schedule": `{"timeZone":"UTC","days":"MON-FRI","stop":"18:00"}`})
	est := estimate(t, p)
	assert.InDelta(t, 50*52.0/12, est.Hours.PerMonth[WorkingHours], 1e-9, "08:00-18:00 assumed, 50 h/week")
	assert.Contains(t, est.Assumptions, "sce:schedule sets no start: instances are taken to be started at 08:00 on working days")
	assert.Contains(t, est.Assumptions, "sce:schedule.autoStart is false: the working-hours column assumes researchers start the instances (and resume a warehouse) at 08:00")
}

// A schedule whose hours cannot be computed (one the plan would have
// refused) is an error, never a guess.
func TestScheduleWithoutHoursIsAnError(t *testing.T) {
	tab, err := DefaultTable()
	require.NoError(t, err)
	cfg := stacks.Config{Schedule: &sce.ScheduleArgs{TimeZone: "UTC", Days: "WEEKDAYS", Stop: "19:00"}}
	est, err := EstimatePlan(fixturePlan(nil), cfg, tab)
	assert.Nil(t, est)
	assert.EqualError(t, err, "estimate the cost of stack t: sce:schedule WEEKDAYS 08:00-19:00: cannot compute working hours")
}

// unknownInstancePlan runs an instance type the price table does not have
// (an r5, as omop's workers) on a schedule, with a priced root volume.
func unknownInstancePlan() *plan.Plan {
	return fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:schedule": weekdaySchedule},
		res(typeInstance, "worker", map[string]any{"instanceType": "r5.2xlarge",
			"rootBlockDevice": map[string]any{"volumeSize": 30.0, "volumeType": "gp3"}}))
}

func TestUnknownPriceIsZeroWhereNothingRuns(t *testing.T) {
	est := estimate(t, unknownInstancePlan())
	assert.Equal(t, []Line{
		{Group: "compute", Item: "instance worker", Detail: "r5.2xlarge, default tenancy, 0 / 238.33 / 730 h",
			Rate: "unknown", Unknown: Columns{false, true, true}},
		{Group: "storage", Item: "root volume worker", Detail: "30 GiB gp3", Rate: "$0.08/GB-month", Known: true,
			Monthly: all(2.40), Source: "ebs"},
	}, est.Lines, "the instance's 0 suspended hours cost 0 at any rate")
	assert.Equal(t, Total{Monthly: all(2.40), AtLeast: Columns{false, true, true}}, roundTotal(est.Total))
	assert.Equal(t, est.Total, est.TotalWithShared, "default tenancy: no shared fee")
	assert.Equal(t, []string{"instance worker: no price for ec2.instance.default.r5.2xlarge in us-west-2"}, est.Unknown)
}

// TestBaselineTrailHoldsTheFreeFirstCopy: in the account baseline's stack
// (sce:kind baseline) the trail's management events are the account's
// first copy, which CloudTrail does not charge: a line at 0 that says so,
// that it assumes no other trail records them, and what the copy would cost
// if one did; a second trail there, and a project's trail, pay for their copy.
func TestBaselineTrailHoldsTheFreeFirstCopy(t *testing.T) {
	trails := []plan.Resource{res(typeTrail, "account-trail", map[string]any{}), res(typeTrail, "extra-trail", map[string]any{})}
	usage := `{"managementEventsPerMonth":300000}`
	baseline := estimate(t, fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:kind": "baseline", "sce:usage": usage}, trails...))
	lines := linesOf(baseline.Lines)
	assert.Equal(t, Line{Group: "audit", Item: "trail account-trail management events", Rate: "free", Known: true,
		Detail: "300,000 a month, taken as the account's first copy, which CloudTrail does not charge (sce:usage.managementEventsPerMonth); " +
			"this assumes no other trail (an organization trail, AWS Control Tower's, an older trail) records this account's " +
			"management events in the region; if one does, this copy is a paid one at $2.00 per 100,000 management events, " +
			"$6.00 a month, which no setting prices: add it to the total by hand"},
		lines["trail account-trail management events"])
	assert.Equal(t, all(6), costsOf(baseline.Lines)["trail extra-trail management events"], "300,000 * $2/100,000: a second copy")
	project := estimate(t, fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:usage": usage}, trails[0]))
	assert.Equal(t, all(6), costsOf(project.Lines)["trail account-trail management events"], "a project's trail is a second copy")
}
