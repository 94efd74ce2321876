package operations

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// Scheduler targets: the EC2 API called directly by EventBridge Scheduler.
const (
	stopInstancesTarget  = "arn:aws:scheduler:::aws-sdk:ec2:stopInstances"
	startInstancesTarget = "arn:aws:scheduler:::aws-sdk:ec2:startInstances"
)

// WorkingHours are the project's working hours (sce:schedule), validated.
type WorkingHours struct {
	// TimeZone is the IANA time zone of Stop and Start.
	TimeZone string
	// Days are the working days, in cron day-of-week form ("MON-FRI").
	Days string
	// Stop and Start are the times since midnight the instances (and the
	// warehouse) stop and, with AutoStart, start.
	Stop, Start time.Duration
	// AutoStart starts the instances (and resumes the warehouse) at Start
	// on working days.
	AutoStart bool
}

// ScheduleArgs are the inputs of Schedule.
type ScheduleArgs struct {
	WorkingHours
	// KeyArn is the project key, which encrypts the instances' volumes.
	KeyArn pulumi.StringOutput
	// Instances are the instances stopped and started.
	Instances Instances
	// Suspended disables the schedules, so nothing starts a suspended project.
	Suspended bool
}

// Schedule stops the project's instances after working hours and, with
// AutoStart, starts them again.
func Schedule(s scope.Scope, a ScheduleArgs) error {
	pit := s.Names.PIT
	policy := a.KeyArn.ApplyT(func(arn string) (string, error) { return schedulerPolicy(s.Names, pit, arn) }).(pulumi.StringOutput)
	role, rolePolicy, err := iamrole.ForService(s, "scheduler-role", "scheduler.amazonaws.com", nil, policy)
	if err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	ids := a.Instances.IDs()
	if err := schedule(s, a, "stop-instances", stopInstancesTarget, a.Stop, ids, role.Arn, rolePolicy); err != nil {
		return err
	}
	if a.AutoStart {
		return schedule(s, a, "start-instances", startInstancesTarget, a.Start, ids, role.Arn, rolePolicy)
	}
	return nil
}

// schedule creates one schedule that calls target with the instance IDs at
// the time at on the working days, in the schedule's time zone.
func schedule(s scope.Scope, a ScheduleArgs, role, target string, at time.Duration, ids pulumi.StringArrayOutput, roleArn pulumi.StringInput, after pulumi.Resource) error {
	input := ids.ApplyT(func(ids []string) (string, error) {
		data, err := json.Marshal(map[string][]string{"InstanceIds": ids})
		return string(data), err
	}).(pulumi.StringOutput)
	state := "ENABLED"
	if a.Suspended {
		state = "DISABLED"
	}
	name := s.Names.Logical(role)
	_, err := scheduler.NewSchedule(s.Ctx, name, &scheduler.ScheduleArgs{
		Name:                       pulumi.String(name),
		Description:                pulumi.String(fmt.Sprintf("%s the instances of project %s", strings.Split(role, "-")[0], s.Names.PIT)),
		ScheduleExpression:         pulumi.String(cronExpression(at, a.Days)),
		ScheduleExpressionTimezone: pulumi.String(a.TimeZone),
		FlexibleTimeWindow:         &scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")},
		State:                      pulumi.String(state),
		Target:                     &scheduler.ScheduleTargetArgs{Arn: pulumi.String(target), RoleArn: roleArn, Input: input},
	}, s.Opts(pulumi.DependsOn([]pulumi.Resource{after}))...)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", role, err)
	}
	return nil
}

// cronExpression is the EventBridge Scheduler cron for the time at (since
// midnight) on days.
func cronExpression(at time.Duration, days string) string {
	return fmt.Sprintf("cron(%d %d ? * %s *)", int(at.Minutes())%60, int(at.Hours()), days)
}

// schedulerPolicy lets the scheduler stop and start only instances tagged
// with the project's PIT. Starting an instance whose volumes are encrypted
// with a customer key needs a grant on that key for EC2.
func schedulerPolicy(n naming.Namer, pit, keyArn string) (string, error) {
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "StopStartProjectInstances", Effect: iamdoc.Allow, Action: []string{"ec2:StopInstances", "ec2:StartInstances"},
			Resource:  n.ARN("ec2", "instance/*"),
			Condition: iamdoc.Conditions{"StringEquals": {"aws:ResourceTag/" + tags.PIT: pit}}},
		iamdoc.Statement{Sid: "LetEC2UseTheProjectKeyOnStart", Effect: iamdoc.Allow, Action: "kms:CreateGrant", Resource: keyArn,
			Condition: iamdoc.Conditions{"Bool": {"kms:GrantIsForAWSResource": "true"}}},
	)
}
