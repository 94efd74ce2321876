package operations

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// Scheduler targets: the Redshift API called directly by EventBridge
// Scheduler (universal targets). A Redshift cluster has no attribute that
// pauses it (the pulumi-aws Cluster resource has none), and Redshift's own
// scheduled actions take UTC cron expressions only, so the working hours
// would shift by an hour at every daylight-saving change; EventBridge
// Scheduler keeps them in the schedule's time zone, as for the instances.
const (
	pauseClusterTarget  = "arn:aws:scheduler:::aws-sdk:redshift:pauseCluster"
	resumeClusterTarget = "arn:aws:scheduler:::aws-sdk:redshift:resumeCluster"
)

// Redshift actions the warehouse's scheduler role may call.
const (
	pauseClusterAction  = "redshift:PauseCluster"
	resumeClusterAction = "redshift:ResumeCluster"
)

// KeepPausedEvery is how often a suspended project's warehouse is paused
// again: once paused, a later pause fails harmlessly (the cluster is not
// available), and a cluster resumed by hand is paused again within the hour.
const KeepPausedEvery = "rate(1 hour)"

// WarehouseScheduleArgs are the inputs of WarehouseSchedule.
type WarehouseScheduleArgs struct {
	// ClusterID and ClusterArn name the warehouse's cluster.
	ClusterID, ClusterArn string
	// Cluster is the cluster resource; the schedules are created after it
	// and deleted before it.
	Cluster pulumi.Resource
	// Hours are the project's working hours; nil without sce:schedule.
	Hours *WorkingHours
	// Suspended keeps the warehouse paused and disables the working-hours
	// schedules.
	Suspended bool
}

// warehouseSchedule is one schedule acting on the warehouse.
type warehouseSchedule struct {
	role, verb, target, action, expression, timeZone string
	// keepsPaused marks the schedule that runs only while suspended; the
	// working-hours schedules are disabled then.
	keepsPaused bool
	// retries are the retry attempts after a failed call; nil keeps the
	// scheduler's default.
	retries *int
}

// warehouseSchedules are the schedules of a: with working hours, a pause at
// their stop and, with AutoStart, a resume at their start (both disabled
// while suspended); while suspended, a pause every hour.
func warehouseSchedules(a WarehouseScheduleArgs) []warehouseSchedule {
	var out []warehouseSchedule
	if h := a.Hours; h != nil {
		out = append(out, warehouseSchedule{role: "pause-warehouse", verb: "pause", target: pauseClusterTarget, action: pauseClusterAction,
			expression: cronExpression(h.Stop, h.Days), timeZone: h.TimeZone})
		if h.AutoStart {
			out = append(out, warehouseSchedule{role: "resume-warehouse", verb: "resume", target: resumeClusterTarget, action: resumeClusterAction,
				expression: cronExpression(h.Start, h.Days), timeZone: h.TimeZone})
		}
	}
	if a.Suspended {
		none := 0
		out = append(out, warehouseSchedule{role: "keep-warehouse-paused", verb: "keep paused", target: pauseClusterTarget, action: pauseClusterAction,
			expression: KeepPausedEvery, keepsPaused: true, retries: &none})
	}
	return out
}

// WarehouseSchedule pauses the project's warehouse after working hours and,
// with AutoStart, resumes it at their start; while the project is suspended
// it keeps the warehouse paused. Without working hours and not suspended it
// creates nothing. The schedules act through a role that may pause and
// resume this one cluster only.
func WarehouseSchedule(s scope.Scope, a WarehouseScheduleArgs) error {
	schedules := warehouseSchedules(a)
	if len(schedules) == 0 {
		return nil
	}
	var actions []string
	for _, ws := range schedules {
		if !slices.Contains(actions, ws.action) {
			actions = append(actions, ws.action)
		}
	}
	policy, err := warehouseSchedulerPolicy(a.ClusterArn, actions)
	if err != nil {
		return fmt.Errorf("warehouse schedule: %w", err)
	}
	role, attachment, err := iamrole.ForService(s, "warehouse-scheduler-role", "scheduler.amazonaws.com", nil, pulumi.String(policy))
	if err != nil {
		return fmt.Errorf("warehouse schedule: %w", err)
	}
	input, err := json.Marshal(map[string]string{"ClusterIdentifier": a.ClusterID})
	if err != nil {
		return fmt.Errorf("warehouse schedule input: %w", err)
	}
	for _, ws := range schedules {
		if err := newWarehouseSchedule(s, a, ws, string(input), role.Arn, []pulumi.Resource{attachment, a.Cluster}); err != nil {
			return err
		}
	}
	return nil
}

// newWarehouseSchedule creates the schedule ws calling its target with
// input through roleArn.
func newWarehouseSchedule(s scope.Scope, a WarehouseScheduleArgs, ws warehouseSchedule, input string, roleArn pulumi.StringInput, after []pulumi.Resource) error {
	state := "ENABLED"
	if a.Suspended && !ws.keepsPaused {
		state = "DISABLED" // nothing resumes a suspended warehouse
	}
	target := &scheduler.ScheduleTargetArgs{Arn: pulumi.String(ws.target), RoleArn: roleArn, Input: pulumi.String(input)}
	if ws.retries != nil {
		target.RetryPolicy = &scheduler.ScheduleTargetRetryPolicyArgs{MaximumRetryAttempts: pulumi.Int(*ws.retries)}
	}
	args := &scheduler.ScheduleArgs{
		Name:               pulumi.String(s.Names.Logical(ws.role)),
		Description:        pulumi.String(fmt.Sprintf("%s the warehouse of project %s", ws.verb, s.Names.PIT)),
		ScheduleExpression: pulumi.String(ws.expression),
		FlexibleTimeWindow: &scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")},
		State:              pulumi.String(state),
		Target:             target,
	}
	if ws.timeZone != "" {
		args.ScheduleExpressionTimezone = pulumi.String(ws.timeZone)
	}
	if _, err := scheduler.NewSchedule(s.Ctx, s.Names.Logical(ws.role), args, s.Opts(pulumi.DependsOn(after))...); err != nil {
		return fmt.Errorf("schedule %s: %w", ws.role, err)
	}
	return nil
}

// warehouseSchedulerPolicy lets the scheduler call actions on the
// warehouse's cluster and nothing else.
func warehouseSchedulerPolicy(clusterArn string, actions []string) (string, error) {
	var action any = actions
	if len(actions) == 1 {
		action = actions[0]
	}
	return iamdoc.JSON(iamdoc.Statement{Sid: "PauseResumeProjectWarehouse", Effect: iamdoc.Allow, Action: action, Resource: clusterArn})
}
