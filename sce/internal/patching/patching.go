// Package patching keeps a project's instances patched and inventoried
// through AWS Systems Manager: a patch baseline for the image's operating
// system registered for the project's patch group, a maintenance window
// with an AWS-RunPatchBaseline install task, a daily scan association, a
// software inventory association, and an alert to the project's topic when
// an instance's patch compliance turns non-compliant.
package patching

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// Fixed parts of the patching setup.
const (
	// OperatingSystem is the patch baseline's OS: the image sce launches.
	OperatingSystem = "AMAZON_LINUX_2023"
	// RunPatchBaseline is the AWS document that scans and installs.
	RunPatchBaseline = "AWS-RunPatchBaseline"
	// GatherInventory is the AWS document that records installed software.
	GatherInventory = "AWS-GatherSoftwareInventory"
	// WindowHours is how long the maintenance window is open.
	WindowHours = 2
	// WindowCutoffHours is how long before the window closes no new task starts.
	WindowCutoffHours = 1
	// WindowDelay is how long after the schedule's start the window opens,
	// so the instances have booted and their agent is online.
	WindowDelay = 30 * time.Minute
	// UnscheduledWindow is the weekly window of a project without a
	// working-hours schedule (its instances run all the time), in UTC.
	UnscheduledWindow = "cron(0 4 ? * SUN *)"
	// ComplianceRuleSlug names the rule forwarding patch non-compliance.
	ComplianceRuleSlug = "patch-compliance"
)

// Window is when the maintenance window opens, in TimeZone.
type Window struct {
	// Schedule is the window's cron expression.
	Schedule string
	// TimeZone is the IANA zone of Schedule.
	TimeZone string
}

// Args are the inputs of Patching.
type Args struct {
	// ApproveAfterDays is how many days after release a security or bug-fix
	// update is approved.
	ApproveAfterDays int
	// Window is when the weekly install runs.
	Window Window
	// InstanceIDs are the project's instances, whose compliance changes alert.
	InstanceIDs pulumi.StringArrayOutput
	// Topic is the project's alert topic.
	Topic pulumi.StringInput
}

// ScheduledWindow places the weekly window on the first working day of
// days: WindowDelay after start when the schedule starts the instances
// (hasStart), otherwise so that it closes one hour before stop, when
// instances started by hand are most likely running. ok is false when the
// window does not fit between start (or midnight) and stop.
func ScheduledWindow(timeZone, days string, hasStart bool, start, stop time.Duration) (w Window, ok bool) {
	open := stop - (WindowHours+1)*time.Hour
	if hasStart {
		open = start + WindowDelay
	}
	if open < 0 || open+WindowHours*time.Hour > stop {
		return Window{}, false
	}
	day := days
	for i, c := range days {
		if c == '-' || c == ',' {
			day = days[:i]
			break
		}
	}
	return Window{Schedule: fmt.Sprintf("cron(%d %d ? * %s *)", int(open.Minutes())%60, int(open.Hours()), day), TimeZone: timeZone}, true
}

// Patching creates the patch baseline and patch group, the maintenance
// window with its target and install task, the daily scan and inventory
// associations, and the rule that alerts on patch non-compliance.
func Patching(s scope.Scope, a Args) error {
	baseline, err := patchBaseline(s, a.ApproveAfterDays)
	if err != nil {
		return err
	}
	if _, err := ssm.NewPatchGroup(s.Ctx, s.Names.Logical("patch-group"), &ssm.PatchGroupArgs{
		BaselineId: baseline.ID(), PatchGroup: pulumi.String(s.Names.PIT),
	}, s.Opts()...); err != nil {
		return fmt.Errorf("patching: patch group: %w", err)
	}
	if err := window(s, a.Window); err != nil {
		return err
	}
	if err := associations(s); err != nil {
		return err
	}
	return complianceAlert(s, a.InstanceIDs, a.Topic)
}

// patchBaseline approves security updates (compliance CRITICAL) and bug
// fixes (compliance MEDIUM) approveAfterDays after their release.
func patchBaseline(s scope.Scope, approveAfterDays int) (*ssm.PatchBaseline, error) {
	rule := func(classification, level string) ssm.PatchBaselineApprovalRuleInput {
		return ssm.PatchBaselineApprovalRuleArgs{
			ApproveAfterDays: pulumi.Int(approveAfterDays), ComplianceLevel: pulumi.String(level),
			PatchFilters: ssm.PatchBaselineApprovalRulePatchFilterArray{
				ssm.PatchBaselineApprovalRulePatchFilterArgs{Key: pulumi.String("CLASSIFICATION"), Values: pulumi.StringArray{pulumi.String(classification)}},
			},
		}
	}
	name := s.Names.Logical("patch-baseline")
	b, err := ssm.NewPatchBaseline(s.Ctx, name, &ssm.PatchBaselineArgs{
		Name:            pulumi.String(name),
		Description:     pulumi.String(fmt.Sprintf("Security and bug-fix updates for project %s, approved %s after release", s.Names.PIT, english.Plural(approveAfterDays, "day"))),
		OperatingSystem: pulumi.String(OperatingSystem),
		ApprovalRules:   ssm.PatchBaselineApprovalRuleArray{rule("Security", "CRITICAL"), rule("Bugfix", "MEDIUM")},
		Tags:            s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("patching: patch baseline: %w", err)
	}
	return b, nil
}

// projectTargets selects the managed instances tagged with the project's PIT.
func projectTargets(pit string) (key string, values []string) {
	return "tag:" + tags.PIT, []string{pit}
}

// window creates the maintenance window, its target (the instances tagged
// with the PIT) and the AWS-RunPatchBaseline install task, which reboots
// an instance only when an installed update needs it.
func window(s scope.Scope, w Window) error {
	name := s.Names.Logical("patch-window")
	mw, err := ssm.NewMaintenanceWindow(s.Ctx, name, &ssm.MaintenanceWindowArgs{
		Name: pulumi.String(name), Schedule: pulumi.String(w.Schedule), ScheduleTimezone: pulumi.String(w.TimeZone),
		Duration: pulumi.Int(WindowHours), Cutoff: pulumi.Int(WindowCutoffHours), AllowUnassociatedTargets: pulumi.Bool(false),
		Description: pulumi.String("Weekly patch install for project " + s.Names.PIT), Tags: s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return fmt.Errorf("patching: maintenance window: %w", err)
	}
	key, values := projectTargets(s.Names.PIT)
	target, err := ssm.NewMaintenanceWindowTarget(s.Ctx, name+"-target", &ssm.MaintenanceWindowTargetArgs{
		WindowId: mw.ID(), ResourceType: pulumi.String("INSTANCE"), Name: pulumi.String(name + "-target"),
		Targets: ssm.MaintenanceWindowTargetTargetArray{ssm.MaintenanceWindowTargetTargetArgs{Key: pulumi.String(key), Values: pulumi.ToStringArray(values)}},
	}, s.Opts()...)
	if err != nil {
		return fmt.Errorf("patching: maintenance window target: %w", err)
	}
	policy, err := windowPolicy(s.Names)
	if err != nil {
		return fmt.Errorf("patching: %w", err)
	}
	role, attachment, err := iamrole.ForService(s, "patch-window-role", "ssm.amazonaws.com", nil, pulumi.String(policy))
	if err != nil {
		return fmt.Errorf("patching: %w", err)
	}
	param := func(k, v string) ssm.MaintenanceWindowTaskTaskInvocationParametersRunCommandParametersParameterInput {
		return ssm.MaintenanceWindowTaskTaskInvocationParametersRunCommandParametersParameterArgs{Name: pulumi.String(k), Values: pulumi.StringArray{pulumi.String(v)}}
	}
	_, err = ssm.NewMaintenanceWindowTask(s.Ctx, name+"-install", &ssm.MaintenanceWindowTaskArgs{
		WindowId: mw.ID(), Name: pulumi.String(name + "-install"), TaskType: pulumi.String("RUN_COMMAND"), TaskArn: pulumi.String(RunPatchBaseline),
		Priority: pulumi.Int(1), MaxConcurrency: pulumi.String("1"), MaxErrors: pulumi.String("100%"), ServiceRoleArn: role.Arn,
		Targets: ssm.MaintenanceWindowTaskTargetArray{ssm.MaintenanceWindowTaskTargetArgs{Key: pulumi.String("WindowTargetIds"), Values: pulumi.StringArray{target.ID()}}},
		TaskInvocationParameters: ssm.MaintenanceWindowTaskTaskInvocationParametersArgs{
			RunCommandParameters: ssm.MaintenanceWindowTaskTaskInvocationParametersRunCommandParametersArgs{
				Parameters: ssm.MaintenanceWindowTaskTaskInvocationParametersRunCommandParametersParameterArray{
					param("Operation", "Install"), param("RebootOption", "RebootIfNeeded"),
				},
			},
		},
	}, s.Opts(pulumi.DependsOn([]pulumi.Resource{attachment}))...)
	if err != nil {
		return fmt.Errorf("patching: install task: %w", err)
	}
	return nil
}

// windowPolicy lets Systems Manager run AWS-RunPatchBaseline on the
// project's instances only, and follow the commands it sent.
func windowPolicy(n naming.Namer) (string, error) {
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "RunPatchBaselineDocument", Effect: iamdoc.Allow, Action: "ssm:SendCommand",
			Resource: fmt.Sprintf("arn:%s:ssm:%s::document/%s", n.Partition, n.Region, RunPatchBaseline)},
		iamdoc.Statement{Sid: "OnProjectInstancesOnly", Effect: iamdoc.Allow, Action: "ssm:SendCommand",
			Resource:  n.ARN("ec2", "instance/*"),
			Condition: iamdoc.Conditions{"StringEquals": {"aws:ResourceTag/" + tags.PIT: n.PIT}}},
		iamdoc.Statement{Sid: "FollowCommands", Effect: iamdoc.Allow, Resource: "*", Action: []string{
			"ssm:ListCommands", "ssm:ListCommandInvocations", "ssm:GetCommandInvocation", "ssm:CancelCommand", "ssm:DescribeInstanceInformation"}},
	)
}

// associations creates the daily scan (AWS-RunPatchBaseline, Operation
// Scan: reports missing updates, installs nothing) and the daily software
// inventory of the project's instances.
func associations(s scope.Scope) error {
	key, values := projectTargets(s.Names.PIT)
	targets := ssm.AssociationTargetArray{ssm.AssociationTargetArgs{Key: pulumi.String(key), Values: pulumi.ToStringArray(values)}}
	for _, a := range []struct {
		slug, document string
		params         pulumi.StringMap
	}{
		{"patch-scan", RunPatchBaseline, pulumi.StringMap{"Operation": pulumi.String("Scan")}},
		{"inventory", GatherInventory, nil},
	} {
		name := s.Names.Logical(a.slug)
		if _, err := ssm.NewAssociation(s.Ctx, name, &ssm.AssociationArgs{
			AssociationName: pulumi.String(name), Name: pulumi.String(a.document), ScheduleExpression: pulumi.String("rate(1 day)"),
			Parameters: a.params, Targets: targets, Tags: s.Tags(name),
		}, s.Opts()...); err != nil {
			return fmt.Errorf("patching: %s association: %w", a.slug, err)
		}
	}
	return nil
}

// ComplianceEventPattern matches Systems Manager's events that an instance
// of ids became non-compliant with its patch baseline. Systems Manager
// publishes no CloudWatch metric of patch compliance; this event is how
// the change reaches the alert topic.
func ComplianceEventPattern(ids []string) map[string]any {
	return map[string]any{
		"source":      []string{"aws.ssm"},
		"detail-type": []string{"Configuration Compliance State Change"},
		"detail": map[string]any{
			"resource-type": []string{"managed-instance"}, "resource-id": ids,
			"compliance-type": []string{"Patch"}, "compliance-status": []string{"non_compliant"},
		},
	}
}

// complianceAlert forwards the project instances' patch non-compliance to
// the alert topic.
func complianceAlert(s scope.Scope, ids pulumi.StringArrayOutput, topic pulumi.StringInput) error {
	pattern := ids.ApplyT(func(ids []string) (string, error) {
		doc, err := json.Marshal(ComplianceEventPattern(ids))
		return string(doc), err
	}).(pulumi.StringOutput)
	name := s.Names.Logical(ComplianceRuleSlug)
	rule, err := cloudwatch.NewEventRule(s.Ctx, name, &cloudwatch.EventRuleArgs{
		Name: pulumi.String(name), Description: pulumi.String("An instance of project " + s.Names.PIT + " is missing approved updates"),
		EventPattern: pattern, Tags: s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return fmt.Errorf("patching: compliance rule: %w", err)
	}
	if _, err := cloudwatch.NewEventTarget(s.Ctx, name+"-target", &cloudwatch.EventTargetArgs{
		Rule: rule.Name, Arn: topic, TargetId: pulumi.String("alert-topic"),
	}, s.Opts()...); err != nil {
		return fmt.Errorf("patching: compliance target: %w", err)
	}
	return nil
}
