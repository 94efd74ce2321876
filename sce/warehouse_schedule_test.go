package sce_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

const (
	clusterArn       = "arn:aws:redshift:us-west-2:123456789012:cluster:omop-warehouse"
	pauseTarget      = "arn:aws:scheduler:::aws-sdk:redshift:pauseCluster"
	resumeTarget     = "arn:aws:scheduler:::aws-sdk:redshift:resumeCluster"
	warehouseSchRole = "omop-warehouse-scheduler-role"
)

// warehouseVariant is warehousePlan with change applied to its arguments.
func warehouseVariant(t testing.TB, change func(a *sce.EnvironmentArgs)) *plan.Plan {
	t.Helper()
	args := omopArgs()
	args.Warehouse = &sce.WarehouseArgs{NodeType: "ra3.xlplus", NodeCount: 2, DatabaseName: "omop"}
	change(&args)
	return envPlan(t, omopPIT, args)
}

// warehouseSchedules are the plan's schedules that act on the warehouse.
func warehouseSchedules(p *plan.Plan) []string {
	var out []string
	for _, s := range p.Find(tSchedule) {
		target, _ := s.Inputs["target"].(map[string]any)
		if target["arn"] == pauseTarget || target["arn"] == resumeTarget {
			out = append(out, s.Name)
		}
	}
	return out
}

// assertWarehouseTarget checks that schedule s calls target on the omop
// warehouse through its scheduler role, after the cluster and the role's
// policy exist.
func assertWarehouseTarget(t *testing.T, p *plan.Plan, s plan.Resource, target string) {
	t.Helper()
	tg := s.Inputs["target"].(map[string]any)
	assert.Equal(t, target, tg["arn"], s.Name)
	assert.Equal(t, "arn:aws:iam::123456789012:role/"+warehouseSchRole, tg["roleArn"], s.Name)
	var input map[string]any
	require.NoError(t, json.Unmarshal([]byte(tg["input"].(string)), &input))
	assert.Equal(t, map[string]any{"ClusterIdentifier": "omop-warehouse"}, input, s.Name)
	assert.Contains(t, s.Dependencies, urnOf(t, p, awstype.RedshiftCluster, "omop-warehouse"), s.Name)
	assert.Contains(t, s.Dependencies, urnOf(t, p, tAttach, warehouseSchRole+"-policy-attachment"), s.Name)
}

// warehouseSchedulerActions are the actions of the warehouse scheduler
// role's one statement, which must name the omop cluster only.
func warehouseSchedulerActions(t *testing.T, p *plan.Plan) any {
	t.Helper()
	role := res(t, p, tRole, warehouseSchRole)
	trust := statements(t, doc(t, role.Inputs["assumeRolePolicy"]))
	assert.Equal(t, map[string]any{"Service": "scheduler.amazonaws.com"}, trust["AssumeRoleFromscheduler.amazonaws.com"]["Principal"])
	st := statements(t, doc(t, res(t, p, tIAMPolicy, warehouseSchRole+"-policy").Inputs["policy"]))
	require.Len(t, st, 1)
	s := st["PauseResumeProjectWarehouse"]
	assert.Equal(t, "Allow", s["Effect"])
	assert.Equal(t, clusterArn, s["Resource"], "this cluster only")
	assert.NotContains(t, s, "Condition")
	return s["Action"]
}

func TestWarehousePausedAfterWorkingHours(t *testing.T) {
	p := warehousePlan(t)
	require.Equal(t, []string{"omop-pause-warehouse"}, warehouseSchedules(p), "omop's schedule has no autoStart: nothing resumes the warehouse")
	s := res(t, p, tSchedule, "omop-pause-warehouse")
	assert.Equal(t, "omop-pause-warehouse", s.Inputs["name"])
	assert.Equal(t, "pause the warehouse of project omop", s.Inputs["description"])
	assert.Equal(t, "cron(0 20 ? * MON-FRI *)", s.Inputs["scheduleExpression"], "with the instances, at sce:schedule.stop")
	assert.Equal(t, "America/Los_Angeles", s.Inputs["scheduleExpressionTimezone"])
	assert.Equal(t, map[string]any{"mode": "OFF"}, s.Inputs["flexibleTimeWindow"])
	assert.Equal(t, "ENABLED", s.Inputs["state"])
	assert.NotContains(t, s.Inputs["target"], "retryPolicy", "a failed pause is retried by the scheduler's default policy")
	assertWarehouseTarget(t, p, s, pauseTarget)
	assert.Equal(t, "redshift:PauseCluster", warehouseSchedulerActions(t, p))
}

func TestWarehouseResumedWithAutoStart(t *testing.T) {
	p := warehouseVariant(t, func(a *sce.EnvironmentArgs) {
		a.Schedule = &sce.ScheduleArgs{TimeZone: "Europe/Berlin", Days: "MON,WED-FRI", Start: "07:30", Stop: "18:15", AutoStart: true}
	})
	assert.ElementsMatch(t, []string{"omop-pause-warehouse", "omop-resume-warehouse"}, warehouseSchedules(p))
	pause, resume := res(t, p, tSchedule, "omop-pause-warehouse"), res(t, p, tSchedule, "omop-resume-warehouse")
	assert.Equal(t, "cron(15 18 ? * MON,WED-FRI *)", pause.Inputs["scheduleExpression"])
	assert.Equal(t, "cron(30 7 ? * MON,WED-FRI *)", resume.Inputs["scheduleExpression"])
	assert.Equal(t, "resume the warehouse of project omop", resume.Inputs["description"])
	for _, s := range []plan.Resource{pause, resume} {
		assert.Equal(t, "Europe/Berlin", s.Inputs["scheduleExpressionTimezone"], s.Name)
		assert.Equal(t, "ENABLED", s.Inputs["state"], s.Name)
	}
	assertWarehouseTarget(t, p, pause, pauseTarget)
	assertWarehouseTarget(t, p, resume, resumeTarget)
	assert.Equal(t, []any{"redshift:PauseCluster", "redshift:ResumeCluster"}, warehouseSchedulerActions(t, p))
}

func TestSuspendKeepsTheWarehousePaused(t *testing.T) {
	normal := warehouseVariant(t, func(a *sce.EnvironmentArgs) { a.Schedule.AutoStart, a.Schedule.Start = true, "08:00" })
	p := warehouseVariant(t, func(a *sce.EnvironmentArgs) {
		a.Schedule.AutoStart, a.Schedule.Start, a.Suspended = true, "08:00", true
	})
	assert.ElementsMatch(t, []string{"omop-pause-warehouse", "omop-resume-warehouse", "omop-keep-warehouse-paused"}, warehouseSchedules(p))
	for _, name := range []string{"omop-pause-warehouse", "omop-resume-warehouse"} {
		assert.Equal(t, "DISABLED", res(t, p, tSchedule, name).Inputs["state"], "nothing resumes a suspended warehouse: %s", name)
	}
	keep := res(t, p, tSchedule, "omop-keep-warehouse-paused")
	assert.Equal(t, "rate(1 hour)", keep.Inputs["scheduleExpression"])
	assert.NotContains(t, keep.Inputs, "scheduleExpressionTimezone")
	assert.Equal(t, "ENABLED", keep.Inputs["state"])
	assert.Equal(t, "keep paused the warehouse of project omop", keep.Inputs["description"])
	assert.Equal(t, map[string]any{"maximumRetryAttempts": float64(0)}, keep.Inputs["target"].(map[string]any)["retryPolicy"],
		"the next hour's pause is the retry")
	assertWarehouseTarget(t, p, keep, pauseTarget)
	assert.Equal(t, []any{"redshift:PauseCluster", "redshift:ResumeCluster"}, warehouseSchedulerActions(t, p))

	c, was := res(t, p, awstype.RedshiftCluster, "omop-warehouse"), res(t, normal, awstype.RedshiftCluster, "omop-warehouse")
	assert.Equal(t, was.Inputs, c.Inputs, "suspend changes no input of the protected cluster")
	assert.Equal(t, was.Options, c.Options)
}

func TestWarehouseScheduleWithoutWorkingHours(t *testing.T) {
	p := warehouseVariant(t, func(a *sce.EnvironmentArgs) { a.Schedule = nil })
	assert.Empty(t, warehouseSchedules(p), "without working hours the warehouse runs, like the instances")
	assert.NotContains(t, names(p, tRole), warehouseSchRole)

	suspended := warehouseVariant(t, func(a *sce.EnvironmentArgs) { a.Schedule, a.Suspended = nil, true })
	assert.Equal(t, []string{"omop-keep-warehouse-paused"}, warehouseSchedules(suspended), "suspend pauses the warehouse without working hours too")
	assert.Equal(t, "redshift:PauseCluster", warehouseSchedulerActions(t, suspended))

	assert.NotContains(t, names(omopPlan(t), tRole), warehouseSchRole, "no warehouse, no warehouse scheduler")
}
