package sce

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// Scheduler targets: the EC2 API called directly by EventBridge Scheduler.
const (
	stopInstancesTarget  = "arn:aws:scheduler:::aws-sdk:ec2:stopInstances"
	startInstancesTarget = "arn:aws:scheduler:::aws-sdk:ec2:startInstances"
)

// buildSchedule stops the project's instances after working hours and,
// with AutoStart, starts them again. Schedules are disabled while the
// project is suspended, so nothing starts a suspended project.
func (b *builder) buildSchedule() error {
	s := b.args.Schedule
	if s == nil {
		return nil
	}
	policy := b.key.Arn.ApplyT(func(arn string) (string, error) { return schedulerPolicy(b.Names, b.pit, arn) }).(pulumi.StringOutput)
	role, rolePolicy, err := iamrole.ForService(b.Scope, "scheduler-role", "scheduler.amazonaws.com", nil, policy)
	if err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	ids := b.instanceIDs()
	if err := b.schedule("stop-instances", stopInstancesTarget, s.Stop, ids, role.Arn, rolePolicy); err != nil {
		return err
	}
	if s.AutoStart {
		return b.schedule("start-instances", startInstancesTarget, s.Start, ids, role.Arn, rolePolicy)
	}
	return nil
}

// schedule creates one schedule that calls target with the instance IDs at
// hhmm on the working days, in the schedule's time zone.
func (b *builder) schedule(role, target, hhmm string, ids pulumi.StringArrayOutput, roleArn pulumi.StringInput, after pulumi.Resource) error {
	input := ids.ApplyT(func(ids []string) (string, error) {
		data, err := json.Marshal(map[string][]string{"InstanceIds": ids})
		return string(data), err
	}).(pulumi.StringOutput)
	state := "ENABLED"
	if b.args.Suspended {
		state = "DISABLED"
	}
	name := b.Names.Logical(role)
	_, err := scheduler.NewSchedule(b.Ctx, name, &scheduler.ScheduleArgs{
		Name:                       pulumi.String(name),
		Description:                pulumi.String(fmt.Sprintf("%s the instances of project %s", strings.Split(role, "-")[0], b.pit)),
		ScheduleExpression:         pulumi.String(cronExpression(hhmm, b.args.Schedule.Days)),
		ScheduleExpressionTimezone: pulumi.String(b.args.Schedule.TimeZone),
		FlexibleTimeWindow:         &scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")},
		State:                      pulumi.String(state),
		Target:                     &scheduler.ScheduleTargetArgs{Arn: pulumi.String(target), RoleArn: roleArn, Input: input},
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{after}))...)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", role, err)
	}
	return nil
}

// cronExpression is the EventBridge Scheduler cron for hh:mm (validated)
// on days.
func cronExpression(hhmm, days string) string {
	d, _ := clock(hhmm)
	return fmt.Sprintf("cron(%d %d ? * %s *)", int(d.Minutes())%60, int(d.Hours()), days)
}

// instanceIDs are the bastion and the workers.
func (b *builder) instanceIDs() pulumi.StringArrayOutput {
	ids := pulumi.StringArray{b.compute.bastion.ID().ToStringOutput()}
	for _, w := range b.compute.workers {
		ids = append(ids, w.ID().ToStringOutput())
	}
	return ids.ToStringArrayOutput()
}

// schedulerPolicy lets the scheduler stop and start only instances tagged
// with the project's PIT. Starting an instance whose volumes are encrypted
// with a customer key needs a grant on that key for EC2.
func schedulerPolicy(n naming.Namer, pit, keyArn string) (string, error) {
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "StopStartProjectInstances", Effect: iamdoc.Allow, Action: []string{"ec2:StopInstances", "ec2:StartInstances"},
			Resource:  n.ARN("ec2", "instance/*"),
			Condition: iamdoc.Conditions{"StringEquals": {"aws:ResourceTag/" + TagPIT: pit}}},
		iamdoc.Statement{Sid: "LetEC2UseTheProjectKeyOnStart", Effect: iamdoc.Allow, Action: "kms:CreateGrant", Resource: keyArn,
			Condition: iamdoc.Conditions{"Bool": {"kms:GrantIsForAWSResource": "true"}}},
	)
}
