package sce_test

import (
	"testing"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/sce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Type tokens of the patching tests.
const (
	tPatchBaseline = awstype.SSMPatchBaseline
	tPatchGroup    = awstype.SSMPatchGroup
	tWindow        = awstype.SSMMaintenanceWindow
	tWindowTarget  = awstype.SSMMaintenanceWindowTarget
	tWindowTask    = awstype.SSMMaintenanceWindowTask
	tAssociation   = awstype.SSMAssociation
)

// TestPatchBaseline: security updates (CRITICAL) and bug fixes (MEDIUM)
// of Amazon Linux 2023, approved sce:patching.approveAfterDays after
// release, registered for the patch group the instances' "Patch Group" tag
// names.
func TestPatchBaseline(t *testing.T) {
	for _, c := range []struct {
		days, want int
	}{{0, 7}, {14, 14}} {
		p := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Patching.ApproveAfterDays = c.days })
		require.Len(t, p.Find(tPatchBaseline), 1)
		b := res(t, p, tPatchBaseline, "hipaa-patch-baseline")
		assert.Equal(t, "hipaa-patch-baseline", b.Inputs["name"])
		assert.Equal(t, "AMAZON_LINUX_2023", b.Inputs["operatingSystem"])
		rule := func(class, level string) map[string]any {
			return map[string]any{"approveAfterDays": c.want, "complianceLevel": level,
				"patchFilters": []any{map[string]any{"key": "CLASSIFICATION", "values": []any{class}}}}
		}
		assert.Equal(t, asJSON(t, []any{rule("Security", "CRITICAL"), rule("Bugfix", "MEDIUM")}), b.Inputs["approvalRules"])
		g := res(t, p, tPatchGroup, "hipaa-patch-group")
		assert.Equal(t, "hipaa", g.Inputs["patchGroup"])
		assert.Equal(t, []string{b.URN}, g.PropertyDependencies["baselineId"])
		for _, inst := range p.Find(tInstance) {
			assert.Equal(t, "hipaa", inst.Inputs["tags"].(map[string]any)["Patch Group"], inst.Name)
		}
	}
}

// TestPatchWindowSchedule: the weekly window opens inside the working
// hours, in the schedule's own time zone (Systems Manager follows its
// daylight saving time), on the first working day.
func TestPatchWindowSchedule(t *testing.T) {
	for _, c := range []struct {
		name         string
		schedule     *sce.ScheduleArgs
		cron, tzname string
	}{
		{"no schedule: instances always run", nil, "cron(0 4 ? * SUN *)", "UTC"},
		{"autoStart: 30 minutes after the start", &sce.ScheduleArgs{TimeZone: "America/New_York", Days: "MON-FRI",
			Start: "08:00", Stop: "19:00", AutoStart: true}, "cron(30 8 ? * MON *)", "America/New_York"},
		{"no autoStart: closing an hour before the stop", &sce.ScheduleArgs{TimeZone: "America/New_York", Days: "MON-FRI",
			Start: "08:00", Stop: "19:00"}, "cron(0 16 ? * MON *)", "America/New_York"},
		{"first day of a list", &sce.ScheduleArgs{TimeZone: "Europe/Berlin", Days: "WED,FRI",
			Start: "07:15", Stop: "18:00", AutoStart: true}, "cron(45 7 ? * WED *)", "Europe/Berlin"},
		{"first day of a wrapping range", &sce.ScheduleArgs{TimeZone: "Australia/Sydney", Days: "FRI-MON",
			Stop: "20:00"}, "cron(0 17 ? * FRI *)", "Australia/Sydney"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Schedule = c.schedule })
			w := res(t, p, tWindow, "hipaa-patch-window")
			assert.Equal(t, c.cron, w.Inputs["schedule"])
			assert.Equal(t, c.tzname, w.Inputs["scheduleTimezone"])
			assert.Equal(t, float64(2), w.Inputs["duration"])
			assert.Equal(t, float64(1), w.Inputs["cutoff"])
			assert.Equal(t, false, w.Inputs["allowUnassociatedTargets"])
		})
	}
}

// TestPatchWindowMustFitTheSchedule: a schedule too short for the window
// is refused, naming the key, once (a schedule already wrong on its own
// gets only its own error).
func TestPatchWindowMustFitTheSchedule(t *testing.T) {
	a := hipaaArgs()
	a.Schedule = &sce.ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI", Start: "08:00", Stop: "10:00", AutoStart: true}
	assert.EqualError(t, sce.Validate(hipaaPIT, a), "invalid configuration:\n  sce:schedule.stop: \"10:00\" leaves no room "+
		"for the 2-hour patch window, which opens 30 minutes after sce:schedule.start with autoStart (3 hours before the "+
		"stop without it) and closes by the stop: keep at least 2h30 between start and stop, or stop at 03:00 or later")
	a.Schedule = &sce.ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI", Stop: "02:00"}
	assert.EqualError(t, sce.Validate(hipaaPIT, a), "invalid configuration:\n  sce:schedule.stop: \"02:00\" leaves no room "+
		"for the 2-hour patch window, which opens 30 minutes after sce:schedule.start with autoStart (3 hours before the "+
		"stop without it) and closes by the stop: keep at least 2h30 between start and stop, or stop at 03:00 or later")
	a.Schedule = &sce.ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI", Start: "08:00", Stop: "10:30", AutoStart: true}
	assert.NoError(t, sce.Validate(hipaaPIT, a), "08:30 to 10:30 fits exactly")
	a.Patching.ApproveAfterDays = 361
	assert.EqualError(t, sce.Validate(hipaaPIT, a), "invalid configuration:\n  sce:patching.approveAfterDays: is 361: "+
		"approve updates 1 to 360 days after their release, for example 7")
}

// TestPatchInstallTask: the window's target is every instance tagged with
// the PIT; its one task runs AWS-RunPatchBaseline Install (rebooting only
// when an update needs it), one instance at a time, as a role Systems
// Manager assumes that may send only that document to the project's
// instances.
func TestPatchInstallTask(t *testing.T) {
	p := hipaaPlan(t)
	window := urnOf(t, p, tWindow, "hipaa-patch-window")
	target := res(t, p, tWindowTarget, "hipaa-patch-window-target")
	assert.Equal(t, "INSTANCE", target.Inputs["resourceType"])
	assert.Equal(t, asJSON(t, []any{map[string]any{"key": "tag:sce:pit", "values": []string{"hipaa"}}}), target.Inputs["targets"])
	assert.Equal(t, []string{window}, target.PropertyDependencies["windowId"])

	task := res(t, p, tWindowTask, "hipaa-patch-window-install")
	assert.Equal(t, "RUN_COMMAND", task.Inputs["taskType"])
	assert.Equal(t, "AWS-RunPatchBaseline", task.Inputs["taskArn"])
	assert.Equal(t, "1", task.Inputs["maxConcurrency"])
	assert.Equal(t, asJSON(t, map[string]any{"runCommandParameters": map[string]any{"parameters": []any{
		map[string]any{"name": "Operation", "values": []string{"Install"}},
		map[string]any{"name": "RebootOption", "values": []string{"RebootIfNeeded"}}}}}), task.Inputs["taskInvocationParameters"])
	assert.Equal(t, []string{target.URN}, task.PropertyDependencies["targets"])
	role := res(t, p, tRole, "hipaa-patch-window-role")
	assert.Equal(t, []string{role.URN}, task.PropertyDependencies["serviceRoleArn"])
	assert.Contains(t, task.Dependencies, urnOf(t, p, tAttach, "hipaa-patch-window-role-policy-attachment"),
		"the role has its permissions before the task can run")

	trust := statements(t, doc(t, role.Inputs["assumeRolePolicy"]))
	require.Len(t, trust, 1)
	for _, st := range trust {
		assert.Equal(t, map[string]any{"Service": "ssm.amazonaws.com"}, st["Principal"])
		assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": "123456789012"}}, st["Condition"])
	}
	pol := statements(t, doc(t, res(t, p, tIAMPolicy, "hipaa-patch-window-role-policy").Inputs["policy"]))
	want := map[string]map[string]any{
		"RunPatchBaselineDocument": {"Effect": "Allow", "Action": "ssm:SendCommand",
			"Resource": "arn:aws:ssm:us-west-2::document/AWS-RunPatchBaseline"},
		"OnProjectInstancesOnly": {"Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "arn:aws:ec2:us-west-2:123456789012:instance/*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:ResourceTag/sce:pit": "hipaa"}}},
		"FollowCommands": {"Effect": "Allow", "Resource": "*", "Action": []any{"ssm:ListCommands", "ssm:ListCommandInvocations",
			"ssm:GetCommandInvocation", "ssm:CancelCommand", "ssm:DescribeInstanceInformation"}},
	}
	require.Len(t, pol, len(want))
	for sid, w := range want {
		w["Sid"] = sid
		assert.Equal(t, asJSON(t, w), any(pol[sid]), sid)
	}
}

// TestPatchAssociations: a daily scan (reports, installs nothing) and a
// daily software inventory of the instances tagged with the PIT.
func TestPatchAssociations(t *testing.T) {
	p := hipaaPlan(t)
	require.Len(t, p.Find(tAssociation), 2)
	targets := asJSON(t, []any{map[string]any{"key": "tag:sce:pit", "values": []string{"hipaa"}}})
	scan := res(t, p, tAssociation, "hipaa-patch-scan")
	assert.Equal(t, "AWS-RunPatchBaseline", scan.Inputs["name"])
	assert.Equal(t, map[string]any{"Operation": "Scan"}, scan.Inputs["parameters"])
	assert.Equal(t, "rate(1 day)", scan.Inputs["scheduleExpression"])
	assert.Equal(t, targets, scan.Inputs["targets"])
	inv := res(t, p, tAssociation, "hipaa-inventory")
	assert.Equal(t, "AWS-GatherSoftwareInventory", inv.Inputs["name"])
	assert.NotContains(t, inv.Inputs, "parameters")
	assert.Equal(t, "rate(1 day)", inv.Inputs["scheduleExpression"])
	assert.Equal(t, targets, inv.Inputs["targets"])
}

// TestPatchComplianceAlert: Systems Manager's patch non-compliance events
// of the project's own instances reach the alert topic.
func TestPatchComplianceAlert(t *testing.T) {
	p := hipaaPlan(t)
	rule := res(t, p, tEventRule, "hipaa-patch-compliance")
	pattern := doc(t, rule.Inputs["eventPattern"])
	ids := pattern["detail"].(map[string]any)["resource-id"].([]any)
	require.Len(t, ids, 2, "the bastion and the worker")
	for _, id := range ids {
		assert.Regexp(t, `^i-[0-9a-f]{17}$`, id)
	}
	assert.Equal(t, []string{urnOf(t, p, tInstance, "hipaa-bastion"), urnOf(t, p, tInstance, "hipaa-worker-1")},
		rule.PropertyDependencies["eventPattern"], "the IDs are the project's instances'")
	assert.Equal(t, map[string]any{
		"source": []any{"aws.ssm"}, "detail-type": []any{"Configuration Compliance State Change"},
		"detail": map[string]any{"resource-type": []any{"managed-instance"}, "resource-id": ids,
			"compliance-type": []any{"Patch"}, "compliance-status": []any{"non_compliant"}},
	}, pattern)
	tgt := res(t, p, tEventTgt, "hipaa-patch-compliance-target")
	assert.Equal(t, "arn:aws:sns:us-west-2:123456789012:hipaa-alerts", tgt.Inputs["arn"])
	assert.Equal(t, []string{rule.URN}, tgt.PropertyDependencies["rule"])
	assert.Equal(t, []string{urnOf(t, p, tTopic, "hipaa-alerts")}, tgt.PropertyDependencies["arn"])
}

// TestManagementEndpoints: interface endpoints with private DNS in the
// private subnets for the services the instances call, behind a group that
// admits HTTPS from the VPC's block only; KMS only where instances call it.
// The endpoints of Systems Manager, CloudWatch Logs and KMS admit only the
// account's principals (and AWS services); the message channels keep
// AWS's default policy.
func TestManagementEndpoints(t *testing.T) {
	for _, c := range []struct {
		name     string
		change   func(a *sce.EnvironmentArgs)
		services []string
	}{
		{"bastion", func(*sce.EnvironmentArgs) {}, []string{"ec2messages", "logs", "ssm", "ssmmessages"}},
		{"session-manager", func(a *sce.EnvironmentArgs) { a.Access, a.Network.AllowedSSHCidrs = sce.AccessSessionManager, nil },
			[]string{"ec2messages", "kms", "logs", "ssm", "ssmmessages"}},
		{"egress none", func(a *sce.EnvironmentArgs) { a.Egress.Mode = sce.EgressNone },
			[]string{"ec2messages", "kms", "logs", "ssm", "ssmmessages"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := hipaaVariant(t, c.change)
			sg := res(t, p, tSG, "hipaa-endpoints-sg")
			subnet := urnOf(t, p, tSubnet, "hipaa-private-subnet")
			var got []string
			for _, ep := range p.Find(tEndpoint) {
				if ep.Name == "hipaa-s3-endpoint" {
					continue
				}
				svc := ep.Name[len("hipaa-") : len(ep.Name)-len("-endpoint")]
				got = append(got, svc)
				assert.Equal(t, "com.amazonaws.us-west-2."+svc, ep.Inputs["serviceName"])
				assert.Equal(t, "Interface", ep.Inputs["vpcEndpointType"])
				assert.Equal(t, true, ep.Inputs["privateDnsEnabled"])
				assert.Equal(t, []string{subnet}, ep.PropertyDependencies["subnetIds"])
				assert.Equal(t, []string{sg.URN}, ep.PropertyDependencies["securityGroupIds"])
				if svc == "ssmmessages" || svc == "ec2messages" {
					assert.NotContains(t, ep.Inputs, "policy", svc)
					continue
				}
				assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[
					{"Sid":"OnlyThisAccountsPrincipals","Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
					 "Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}},
					{"Sid":"AWSServicePrincipals","Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
					 "Condition":{"Bool":{"aws:PrincipalIsAWSService":"true"}}}]}`, ep.Inputs["policy"].(string), svc)
			}
			assert.Equal(t, c.services, got)
			var rules []string
			for _, r := range p.Find(tSGIn) {
				if r.PropertyDependencies["securityGroupId"][0] == sg.URN {
					rules = append(rules, r.Name)
					assert.Equal(t, "10.20.0.0/16", r.Inputs["cidrIpv4"])
					assert.Equal(t, float64(443), r.Inputs["fromPort"])
					assert.Equal(t, float64(443), r.Inputs["toPort"])
				}
			}
			assert.Equal(t, []string{"hipaa-endpoints-sg-https-in"}, rules)
			for _, r := range p.Find(tSGOut) {
				assert.NotEqual(t, sg.URN, r.PropertyDependencies["securityGroupId"][0], "an endpoint never connects out")
			}
		})
	}
}
