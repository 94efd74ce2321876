// Package account creates the account-wide controls of the account
// baseline that no project has: the account's defaults (EBS encryption by
// default, the account-level S3 public access block, the IAM password
// policy, an IAM Access Analyzer) and threat detection (GuardDuty with S3
// protection, Security Hub with its standards).
package account

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/accessanalyzer"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// AccessAnalyzerSlug names the account's IAM Access Analyzer: "<name>-access-analyzer".
const AccessAnalyzerSlug = "access-analyzer"

// PasswordPolicySpec is the IAM account password policy the baseline sets.
type PasswordPolicySpec struct {
	// MinimumLength is the shortest password accepted.
	MinimumLength int
	// ReusePrevention is how many previous passwords cannot be reused.
	ReusePrevention int
	// MaxAgeDays is how long a password is valid.
	MaxAgeDays int
}

// PasswordPolicy is the baseline's IAM password policy: 14
// characters with every character class, 24 remembered passwords, 90 days.
// The conformance pack's iam-password-policy rule checks the same values.
func PasswordPolicy() PasswordPolicySpec {
	return PasswordPolicySpec{MinimumLength: 14, ReusePrevention: 24, MaxAgeDays: 90}
}

// defaults builds the account's defaults of one scope.
type defaults struct {
	scope.Scope
	keyArn pulumi.StringOutput
}

// Defaults sets the account's defaults: EBS encryption by
// default with the baseline key (keyArn), the account-level S3 public access block,
// the IAM password policy and an IAM Access Analyzer for the account.
func Defaults(s scope.Scope, keyArn pulumi.StringOutput) error {
	b := defaults{Scope: s, keyArn: keyArn}
	steps := []func() error{b.ebsDefaults, b.s3PublicAccessBlock, b.passwordPolicy, b.accessAnalyzer}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("account defaults: %w", err)
		}
	}
	return nil
}

func (b defaults) ebsDefaults() error {
	if _, err := ebs.NewEncryptionByDefault(b.Ctx, b.Names.Logical("ebs-encryption-by-default"), &ebs.EncryptionByDefaultArgs{
		Enabled: pulumi.Bool(true),
	}, b.Opts()...); err != nil {
		return fmt.Errorf("ebs encryption by default: %w", err)
	}
	if _, err := ebs.NewDefaultKmsKey(b.Ctx, b.Names.Logical("ebs-default-key"), &ebs.DefaultKmsKeyArgs{
		KeyArn: b.keyArn,
	}, b.Opts()...); err != nil {
		return fmt.Errorf("ebs default key: %w", err)
	}
	return nil
}

func (b defaults) s3PublicAccessBlock() error {
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

func (b defaults) passwordPolicy() error {
	p := PasswordPolicy()
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

func (b defaults) accessAnalyzer() error {
	name := b.Names.Logical(AccessAnalyzerSlug)
	if _, err := accessanalyzer.NewAnalyzer(b.Ctx, name, &accessanalyzer.AnalyzerArgs{
		AnalyzerName: pulumi.String(name),
		Type:         pulumi.String("ACCOUNT"),
		Tags:         b.Tags(name),
	}, b.Opts()...); err != nil {
		return fmt.Errorf("access analyzer: %w", err)
	}
	return nil
}
