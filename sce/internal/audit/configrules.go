package audit

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/tags"
)

// RuleSpec is one AWS Config managed rule the project deploys, scoped to
// the project's resources by a tag.
type RuleSpec struct {
	// Slug names the rule: "<pit>-<slug>".
	Slug string
	// Identifier is the AWS managed rule identifier.
	Identifier string
	// ScopeTag is the tag key whose value must be the PIT.
	ScopeTag string
	// Description says what the rule checks.
	Description string
	// Params are the rule's input parameters; "${kmsKeyArn}" stands for the project key ARN.
	Params map[string]string
}

// keyArnParam in Params is replaced by the project key's ARN.
const keyArnParam = "${kmsKeyArn}"

// sshRuleSlug is the rule whose findings are remediated automatically.
const sshRuleSlug = "restricted-ssh"

// RuleSpecs returns the project's Config rules. Rules need the account's
// configuration recorder, which belongs to the baseline stack.
func RuleSpecs() []RuleSpec {
	return []RuleSpec{
		{"encrypted-volumes", "ENCRYPTED_VOLUMES", tags.PIT, "EBS volumes are encrypted with the project key", map[string]string{"kmsId": keyArnParam}},
		{"ec2-imdsv2", "EC2_IMDSV2_CHECK", tags.PIT, "instances require IMDSv2 tokens", nil},
		{sshRuleSlug, "INCOMING_SSH_DISABLED", tags.PIT, "no security group allows SSH from 0.0.0.0/0", nil},
		{"restricted-common-ports", "RESTRICTED_INCOMING_TRAFFIC", tags.PIT, "no security group opens database or RDP ports to the internet",
			map[string]string{"blockedPort1": "3389", "blockedPort2": "3306", "blockedPort3": "5432", "blockedPort4": "1433", "blockedPort5": "1521"}},
		{"s3-tls-only", "S3_BUCKET_SSL_REQUESTS_ONLY", tags.PIT, "bucket policies deny requests without TLS", nil},
		{"s3-public-access-prohibited", "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", tags.PIT, "buckets block all public access", nil},
		{"s3-versioning", "S3_BUCKET_VERSIONING_ENABLED", tags.PIT, "buckets keep object versions", nil},
		{"s3-default-kms", "S3_DEFAULT_ENCRYPTION_KMS", tags.DataBucket, "data buckets encrypt with the project key by default", map[string]string{"kmsKeyArns": keyArnParam}},
		{"s3-logging", "S3_BUCKET_LOGGING_ENABLED", tags.DataBucket, "data buckets write server access logs", nil},
		{"default-sg-closed", "VPC_DEFAULT_SECURITY_GROUP_CLOSED", tags.PIT, "the VPC's default security group has no rules", nil},
		{"private-no-public-ip", "EC2_INSTANCE_NO_PUBLIC_IP", tags.Private, "instances in the private subnet have no public IP", nil},
		{"private-subnet-no-auto-public-ip", "SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED", tags.Private, "the private subnet does not assign public IPs", nil},
	}
}

// LongestRuleSlug is the longest rule slug, for name-length validation.
func LongestRuleSlug() string {
	longest := ""
	for _, r := range RuleSpecs() {
		if len(r.Slug) > len(longest) {
			longest = r.Slug
		}
	}
	return longest
}

// ConfigRules creates the project's Config rules, their parameters naming
// the project key keyArn, and the automatic remediation of SSH open to the
// world.
func ConfigRules(s scope.Scope, keyArn pulumi.StringOutput) error {
	rules := map[string]*cfg.Rule{}
	for _, r := range RuleSpecs() {
		rule, err := configRule(s, keyArn, r)
		if err != nil {
			return err
		}
		rules[r.Slug] = rule
	}
	return sshRemediation(s, rules[sshRuleSlug])
}

// configRule creates the Config rule r, scoped to the project's PIT.
func configRule(s scope.Scope, keyArn pulumi.StringOutput, r RuleSpec) (*cfg.Rule, error) {
	name := s.Names.ConfigRule(r.Slug)
	args := &cfg.RuleArgs{
		Name:        pulumi.String(name),
		Description: pulumi.String(r.Description),
		Source:      &cfg.RuleSourceArgs{Owner: pulumi.String("AWS"), SourceIdentifier: pulumi.String(r.Identifier)},
		Scope:       &cfg.RuleScopeArgs{TagKey: pulumi.String(r.ScopeTag), TagValue: pulumi.String(s.Names.PIT)},
		Tags:        s.Tags(name),
	}
	if len(r.Params) > 0 {
		args.InputParameters = keyArn.ApplyT(func(arn string) (string, error) { return ruleParams(r.Params, arn) }).(pulumi.StringOutput)
	}
	rule, err := cfg.NewRule(s.Ctx, name, args, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("config rule %s: %w", r.Slug, err)
	}
	return rule, nil
}

// ruleParams renders rule parameters as JSON with the key ARN filled in.
func ruleParams(params map[string]string, keyArn string) (string, error) {
	out := map[string]string{}
	for k, v := range params {
		if v == keyArnParam {
			v = keyArn
		}
		out[k] = v
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("config rule parameters: %w", err)
	}
	return string(b), nil
}
