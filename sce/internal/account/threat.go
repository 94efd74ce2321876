package account

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/securityhub"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// securityHubStandards are the Security Hub standards the baseline
// subscribes to, by slug and ARN path (after "arn:<partition>:securityhub:<region>::").
func securityHubStandards() []struct{ slug, path string } {
	return []struct{ slug, path string }{
		{"fsbp-standard", "standards/aws-foundational-security-best-practices/v/1.0.0"},
		{"cis-standard", "standards/cis-aws-foundations-benchmark/v/3.0.0"},
	}
}

// ThreatDetection enables GuardDuty, then its S3 protection, and
// Security Hub, then its standards subscriptions (each after what it
// configures, as AWS requires).
func ThreatDetection(s scope.Scope) error {
	for _, step := range []func(scope.Scope) error{guardDuty, securityHub} {
		if err := step(s); err != nil {
			return fmt.Errorf("threat detection: %w", err)
		}
	}
	return nil
}

func guardDuty(b scope.Scope) error {
	name := b.Names.Logical("guardduty")
	detector, err := guardduty.NewDetector(b.Ctx, name, &guardduty.DetectorArgs{
		Enable:                     pulumi.Bool(true),
		FindingPublishingFrequency: pulumi.String("FIFTEEN_MINUTES"),
		Tags:                       b.Tags(name),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("guardduty detector: %w", err)
	}
	if _, err := guardduty.NewDetectorFeature(b.Ctx, name+"-s3-protection", &guardduty.DetectorFeatureArgs{
		DetectorId: detector.ID(),
		Name:       pulumi.String("S3_DATA_EVENTS"),
		Status:     pulumi.String("ENABLED"),
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{detector}))...); err != nil {
		return fmt.Errorf("guardduty s3 protection: %w", err)
	}
	return nil
}

// securityHub enables Security Hub without its default standards (the
// subscriptions below manage them) and with consolidated control findings.
func securityHub(b scope.Scope) error {
	hub, err := securityhub.NewAccount(b.Ctx, b.Names.Logical("security-hub"), &securityhub.AccountArgs{
		EnableDefaultStandards:  pulumi.Bool(false),
		AutoEnableControls:      pulumi.Bool(true),
		ControlFindingGenerator: pulumi.String("SECURITY_CONTROL"),
	}, b.Opts()...)
	if err != nil {
		return fmt.Errorf("security hub: %w", err)
	}
	for _, std := range securityHubStandards() {
		arn := fmt.Sprintf("arn:%s:securityhub:%s::%s", b.Names.Partition, b.Names.Region, std.path)
		if _, err := securityhub.NewStandardsSubscription(b.Ctx, b.Names.Logical(std.slug), &securityhub.StandardsSubscriptionArgs{
			StandardsArn: pulumi.String(arn),
		}, b.Opts(pulumi.DependsOn([]pulumi.Resource{hub}))...); err != nil {
			return fmt.Errorf("security hub %s: %w", std.slug, err)
		}
	}
	return nil
}
