package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/accessanalyzer"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/securityhub"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// passwordPolicySpec is the IAM account password policy the baseline sets.
type passwordPolicySpec struct {
	// MinimumLength is the shortest password accepted.
	MinimumLength int
	// ReusePrevention is how many previous passwords cannot be reused.
	ReusePrevention int
	// MaxAgeDays is how long a password is valid.
	MaxAgeDays int
}

// accountPasswordPolicy is the baseline's IAM password policy: 14
// characters with every character class, 24 remembered passwords, 90 days.
// The conformance pack's iam-password-policy rule checks the same values.
func accountPasswordPolicy() passwordPolicySpec {
	return passwordPolicySpec{MinimumLength: 14, ReusePrevention: 24, MaxAgeDays: 90}
}

// securityHubStandards are the Security Hub standards the baseline
// subscribes to, by slug and ARN path (after "arn:<partition>:securityhub:<region>::").
func securityHubStandards() []struct{ slug, path string } {
	return []struct{ slug, path string }{
		{"fsbp-standard", "standards/aws-foundational-security-best-practices/v/1.0.0"},
		{"cis-standard", "standards/cis-aws-foundations-benchmark/v/3.0.0"},
	}
}

// buildAccountDefaults sets the account's defaults: EBS encryption by
// default with the baseline key, the account-level S3 public access block,
// the IAM password policy and an IAM Access Analyzer for the account.
func (b *baselineBuilder) buildAccountDefaults() error {
	steps := []func() error{b.ebsDefaults, b.s3PublicAccessBlock, b.passwordPolicy, b.accessAnalyzer}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("account defaults: %w", err)
		}
	}
	return nil
}

func (b *baselineBuilder) ebsDefaults() error {
	if _, err := ebs.NewEncryptionByDefault(b.Ctx, b.Names.Logical("ebs-encryption-by-default"), &ebs.EncryptionByDefaultArgs{
		Enabled: pulumi.Bool(true),
	}, b.Opts()...); err != nil {
		return fmt.Errorf("ebs encryption by default: %w", err)
	}
	if _, err := ebs.NewDefaultKmsKey(b.Ctx, b.Names.Logical("ebs-default-key"), &ebs.DefaultKmsKeyArgs{
		KeyArn: b.key.Arn,
	}, b.Opts()...); err != nil {
		return fmt.Errorf("ebs default key: %w", err)
	}
	return nil
}

func (b *baselineBuilder) s3PublicAccessBlock() error {
	if _, err := s3.NewAccountPublicAccessBlock(b.Ctx, b.Names.Logical("s3-public-access-block"), &s3.AccountPublicAccessBlockArgs{
		AccountId:             pulumi.String(b.Names.Account),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, b.Opts()...); err != nil {
		return fmt.Errorf("s3 account public access block: %w", err)
	}
	return nil
}

func (b *baselineBuilder) passwordPolicy() error {
	p := accountPasswordPolicy()
	if _, err := iam.NewAccountPasswordPolicy(b.Ctx, b.Names.Logical("password-policy"), &iam.AccountPasswordPolicyArgs{
		MinimumPasswordLength:      pulumi.Int(p.MinimumLength),
		RequireLowercaseCharacters: pulumi.Bool(true),
		RequireUppercaseCharacters: pulumi.Bool(true),
		RequireNumbers:             pulumi.Bool(true),
		RequireSymbols:             pulumi.Bool(true),
		PasswordReusePrevention:    pulumi.Int(p.ReusePrevention),
		MaxPasswordAge:             pulumi.Int(p.MaxAgeDays),
		AllowUsersToChangePassword: pulumi.Bool(true),
	}, b.Opts()...); err != nil {
		return fmt.Errorf("password policy: %w", err)
	}
	return nil
}

func (b *baselineBuilder) accessAnalyzer() error {
	name := b.Names.Logical(accessAnalyzerSlug)
	if _, err := accessanalyzer.NewAnalyzer(b.Ctx, name, &accessanalyzer.AnalyzerArgs{
		AnalyzerName: pulumi.String(name),
		Type:         pulumi.String("ACCOUNT"),
		Tags:         b.Tags(name),
	}, b.Opts()...); err != nil {
		return fmt.Errorf("access analyzer: %w", err)
	}
	return nil
}

// buildThreatDetection enables GuardDuty, then its S3 protection, and
// Security Hub, then its standards subscriptions (each after what it
// configures, as AWS requires).
func (b *baselineBuilder) buildThreatDetection() error {
	for _, step := range []func() error{b.guardDuty, b.securityHub} {
		if err := step(); err != nil {
			return fmt.Errorf("threat detection: %w", err)
		}
	}
	return nil
}

func (b *baselineBuilder) guardDuty() error {
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
func (b *baselineBuilder) securityHub() error {
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
