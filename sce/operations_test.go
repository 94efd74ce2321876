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
	tSchedule = awstype.SchedulerSchedule
	tBudget   = awstype.BudgetsBudget
	tState    = awstype.EC2TransitGatewayInstanceState
)

func TestScheduleStopsAndStartsProjectInstances(t *testing.T) {
	p := hipaaPlan(t)
	ids := []any{p.Outputs["bastionInstanceId"], p.Outputs["workerInstanceIds"].([]any)[0]}
	role := res(t, p, tRole, "hipaa-scheduler-role")
	for name, want := range map[string][2]string{
		"hipaa-stop-instances":  {"cron(0 19 ? * MON-FRI *)", "arn:aws:scheduler:::aws-sdk:ec2:stopInstances"},
		"hipaa-start-instances": {"cron(0 8 ? * MON-FRI *)", "arn:aws:scheduler:::aws-sdk:ec2:startInstances"},
	} {
		s := res(t, p, tSchedule, name)
		in := s.Inputs
		assert.Equal(t, name, in["name"])
		assert.Equal(t, want[0], in["scheduleExpression"], name)
		assert.Equal(t, "America/Los_Angeles", in["scheduleExpressionTimezone"])
		assert.Equal(t, map[string]any{"mode": "OFF"}, in["flexibleTimeWindow"])
		assert.Equal(t, "ENABLED", in["state"])
		target := in["target"].(map[string]any)
		assert.Equal(t, want[1], target["arn"], name)
		assert.Equal(t, "arn:aws:iam::123456789012:role/hipaa-scheduler-role", target["roleArn"])
		var input map[string][]any
		require.NoError(t, json.Unmarshal([]byte(target["input"].(string)), &input))
		assert.Equal(t, map[string][]any{"InstanceIds": ids}, input, "the bastion and every worker")
		assert.Contains(t, s.Dependencies, urnOf(t, p, tAttach, "hipaa-scheduler-role-policy-attachment"))
		assert.Contains(t, s.PropertyDependencies["target"], role.URN)
	}
	assert.Len(t, p.Find(tSchedule), 2)
	assert.Empty(t, p.Find(tState), "with a schedule, an up never starts or stops instances itself")

	trust := statements(t, doc(t, role.Inputs["assumeRolePolicy"]))
	assert.Equal(t, map[string]any{"Service": "scheduler.amazonaws.com"}, trust["AssumeRoleFromscheduler.amazonaws.com"]["Principal"])
	st := statements(t, doc(t, res(t, p, tIAMPolicy, "hipaa-scheduler-role-policy").Inputs["policy"]))
	assert.Equal(t, asJSON(t, map[string]any{
		"StopStartProjectInstances": map[string]any{"Sid": "StopStartProjectInstances", "Effect": "Allow",
			"Action": []string{"ec2:StopInstances", "ec2:StartInstances"}, "Resource": "arn:aws:ec2:us-west-2:123456789012:instance/*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:ResourceTag/sce:pit": "hipaa"}}},
		"LetEC2UseTheProjectKeyOnStart": map[string]any{"Sid": "LetEC2UseTheProjectKeyOnStart", "Effect": "Allow",
			"Action": "kms:CreateGrant", "Resource": p.Outputs["kmsKeyArn"],
			"Condition": map[string]any{"Bool": map[string]any{"kms:GrantIsForAWSResource": "true"}}},
	}), asJSON(t, st))
}

func TestScheduleWithoutAutoStart(t *testing.T) {
	p := omopPlan(t)
	assert.Equal(t, []string{"omop-stop-instances"}, names(p, tSchedule))
	assert.Equal(t, "cron(0 20 ? * MON-FRI *)", res(t, p, tSchedule, "omop-stop-instances").Inputs["scheduleExpression"])
}

func TestWithoutScheduleInstancesAreKeptRunning(t *testing.T) {
	p := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Schedule = nil })
	assert.Empty(t, p.Find(tSchedule))
	assert.Empty(t, names(p, tRole+"-scheduler"))
	for _, name := range []string{"hipaa-bastion", "hipaa-worker-1"} {
		s := res(t, p, tState, name+"-state")
		assert.Equal(t, "running", s.Inputs["state"])
		assert.Equal(t, []string{urnOf(t, p, tInstance, name)}, s.PropertyDependencies["instanceId"])
	}
}

func TestBudget(t *testing.T) {
	p := hipaaPlan(t)
	b := res(t, p, tBudget, "hipaa-budget")
	emails := []any{"sce-security@example.edu", "k.researcher@example.edu"}
	assert.Equal(t, asJSON(t, map[string]any{
		"name": "hipaa-budget", "budgetType": "COST", "limitAmount": "3000.00", "limitUnit": "USD", "timeUnit": "MONTHLY",
		"costFilters": []map[string]any{{"name": "TagKeyValue", "values": []string{"user:sce:pit$hipaa"}}},
		"notifications": []map[string]any{
			{"notificationType": "FORECASTED", "comparisonOperator": "GREATER_THAN", "threshold": 80, "thresholdType": "PERCENTAGE", "subscriberEmailAddresses": emails},
			{"notificationType": "ACTUAL", "comparisonOperator": "GREATER_THAN", "threshold": 100, "thresholdType": "PERCENTAGE", "subscriberEmailAddresses": emails},
		},
		"tags": b.Inputs["tags"],
	}), asJSON(t, b.Inputs))
}

func TestSuspendTouchesNoProtectedResource(t *testing.T) {
	normal := hipaaPlan(t)
	suspended := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Suspended = true })
	byURN := func(p *plan.Plan) map[string]plan.Resource {
		m := map[string]plan.Resource{}
		for _, r := range p.Resources {
			m[r.URN] = r
		}
		return m
	}
	before, after := byURN(normal), byURN(suspended)
	var removed, added []string
	for urn, r := range before {
		if _, ok := after[urn]; !ok {
			removed = append(removed, r.Name)
		}
	}
	for urn, r := range after {
		if _, ok := before[urn]; !ok {
			added = append(added, r.Name)
		}
	}
	assert.ElementsMatch(t, []string{"hipaa-nat", "hipaa-nat-eip", "hipaa-private-default-route"}, removed)
	assert.ElementsMatch(t, []string{"hipaa-bastion-state", "hipaa-worker-1-state"}, added)
	protected := 0
	for urn, r := range before {
		if r.Options.Protect {
			protected++
			require.Contains(t, after, urn, "suspend removes no protected resource")
			assert.Equal(t, r.Inputs, after[urn].Inputs, "suspend changes no input of protected %s", r.Name)
			assert.Equal(t, r.Options, after[urn].Options, r.Name)
		}
	}
	assert.Equal(t, 13, protected, "key, five buckets (all but ancillary) and their replicas, the data volume and the backup vault: suspend keeps backups")
	for _, name := range []string{"hipaa-bastion-state", "hipaa-worker-1-state"} {
		assert.Equal(t, "stopped", res(t, suspended, tState, name).Inputs["state"])
	}
	for _, s := range suspended.Find(tSchedule) {
		assert.Equal(t, "DISABLED", s.Inputs["state"], "nothing starts a suspended project")
	}
	assert.Equal(t, "", suspended.Outputs["natPublicIp"])
}
