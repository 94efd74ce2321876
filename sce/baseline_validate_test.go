package sce

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validBaselineArgs are the account stack's arguments: valid, the base
// every case mutates.
func validBaselineArgs() BaselineArgs {
	return BaselineArgs{
		Region: "us-west-2", Owner: "sce-security@example.edu",
		AlertEmails:  []string{"sce-security@example.edu"},
		AdminRoleArn: "arn:aws:iam::123456789012:role/sce-admin",
	}
}

// baselineErrors returns the problems ValidateBaseline found, as "key: message" lines.
func baselineErrors(t *testing.T, name string, a BaselineArgs) []string {
	t.Helper()
	err := ValidateBaseline(name, a)
	if err == nil {
		return nil
	}
	var verrs ValidationErrors
	require.True(t, errors.As(err, &verrs), "ValidateBaseline must return ValidationErrors, got %T", err)
	var out []string
	for _, e := range verrs {
		out = append(out, e.Error())
	}
	return out
}

func TestValidateBaselineAcceptsValidArgs(t *testing.T) {
	assert.Nil(t, baselineErrors(t, "account", validBaselineArgs()))
	a := validBaselineArgs()
	a.AdoptExistingRecorder = true
	a.ArchiveRetentionYears, a.LogRetentionDays, a.AuditLockDays, a.NoncurrentVersionDays = 100, 3653, 36500, 1
	assert.Nil(t, baselineErrors(t, "acct-2", a))
}

func TestValidateBaselineRules(t *testing.T) {
	cases := []struct {
		name     string
		baseline string
		mutate   func(*BaselineArgs)
		want     string
	}{
		{"region missing", "account", func(a *BaselineArgs) { a.Region = "" },
			"aws:region: is required: set it to the AWS region of the project, for example us-west-2"},
		{"name missing", "", func(*BaselineArgs) {},
			"sce:name: is required: a short name that prefixes the baseline's resources, such as account"},
		{"name uppercase", "Account", func(*BaselineArgs) {},
			`sce:name: "Account" must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'`},
		{"name double hyphen", "acc--t", func(*BaselineArgs) {},
			`sce:name: "acc--t" must not contain '--' (S3 reserves it in bucket names)`},
		{"name too long", "abcdefghijklmnopqrstuvwxyz0123", func(*BaselineArgs) {},
			`sce:name: "abcdefghijklmnopqrstuvwxyz0123" is too long: the S3 bucket name of a replica ` +
				`"abcdefghijklmnopqrstuvwxyz0123-access-logs-123456789012-us-west-2-replica" would have 73 characters, ` +
				`AWS allows 63; use at most 20 characters`},
		{"owner missing", "account", func(a *BaselineArgs) { a.Owner = "" },
			"sce:owner: is required: the accountable contact for the account's controls, usually the security team's e-mail"},
		{"owner not a tag value", "account", func(a *BaselineArgs) { a.Owner = "sec<team>" },
			`sce:owner: "sec<team>" becomes a tag value and may contain only letters, digits, spaces and _ . : / = + - @`},
		{"no alert e-mail", "account", func(a *BaselineArgs) { a.AlertEmails = nil },
			"sce:alertEmails: is required: at least one address that receives security alerts"},
		{"bad alert e-mail", "account", func(a *BaselineArgs) { a.AlertEmails = []string{"security"} },
			`sce:alertEmails[0]: "security" is not an e-mail address such as security@example.edu`},
		{"archive shorter than HIPAA", "account", func(a *BaselineArgs) { a.ArchiveRetentionYears = 5 },
			"sce:archiveRetentionYears: 5 years is less than the 6 years HIPAA requires documentation to be kept " +
				"(45 CFR 164.316(b)(2)(i)): use 6 to 100"},
		{"archive negative", "account", func(a *BaselineArgs) { a.ArchiveRetentionYears = -6 },
			"sce:archiveRetentionYears: -6 years is less than the 6 years HIPAA requires documentation to be kept " +
				"(45 CFR 164.316(b)(2)(i)): use 6 to 100"},
		{"archive beyond Object Lock", "account", func(a *BaselineArgs) { a.ArchiveRetentionYears = 101 },
			"sce:archiveRetentionYears: 101 years is longer than S3 Object Lock allows: use 6 to 100"},
		{"log retention not accepted", "account", func(a *BaselineArgs) { a.LogRetentionDays = 100 },
			"sce:logRetentionDays: 100 is not a retention CloudWatch Logs accepts: use one of 1, 3, 5, 7, 14, 30, 60, 90, " +
				"120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"},
		{"log retention too short", "account", func(a *BaselineArgs) { a.LogRetentionDays = 30 },
			"sce:logRetentionDays: 30 days is too short for audit review: use at least 90"},
		{"audit lock out of range", "account", func(a *BaselineArgs) { a.AuditLockDays = 36501 },
			"sce:auditLockDays: 36501 is outside the Object Lock range: use 1 to 36500 days"},
		{"noncurrent out of range", "account", func(a *BaselineArgs) { a.NoncurrentVersionDays = -1 },
			"sce:noncurrentVersionDays: -1 is outside the range S3 lifecycle accepts: use 1 to 36500 days"},
		{"admin role missing", "account", func(a *BaselineArgs) { a.AdminRoleArn = "" },
			"sce:adminRoleArn: is required: the ARN of the IAM role IT deploys and closes out with, for example arn:aws:iam::123456789012:role/sce-admin"},
		{"admin role not a role", "account", func(a *BaselineArgs) { a.AdminRoleArn = "arn:aws:iam::123456789012:user/admin" },
			`sce:adminRoleArn: "arn:aws:iam::123456789012:user/admin" is not an IAM role ARN: use arn:aws:iam::<account>:role/<name>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := validBaselineArgs()
			c.mutate(&a)
			assert.Equal(t, []string{c.want}, baselineErrors(t, c.baseline, a))
		})
	}
}

func TestValidateBaselineReportsEveryProblemAtOnce(t *testing.T) {
	got := baselineErrors(t, "", BaselineArgs{ArchiveRetentionYears: 1})
	assert.Equal(t, []string{
		"aws:region: is required: set it to the AWS region of the project, for example us-west-2",
		"sce:name: is required: a short name that prefixes the baseline's resources, such as account",
		"sce:owner: is required: the accountable contact for the account's controls, usually the security team's e-mail",
		"sce:alertEmails: is required: at least one address that receives security alerts",
		"sce:archiveRetentionYears: 1 year is less than the 6 years HIPAA requires documentation to be kept " +
			"(45 CFR 164.316(b)(2)(i)): use 6 to 100",
		"sce:adminRoleArn: is required: the ARN of the IAM role IT deploys and closes out with, for example arn:aws:iam::123456789012:role/sce-admin",
	}, got)
}

func TestBaselineDefaults(t *testing.T) {
	a := BaselineArgs{}.withDefaults()
	assert.Equal(t, 6, a.ArchiveRetentionYears)
	assert.Equal(t, DefaultLogRetentionDays, a.LogRetentionDays)
	assert.Equal(t, DefaultAuditLockDays, a.AuditLockDays)
	assert.Equal(t, DefaultNoncurrentVersionDays, a.NoncurrentVersionDays)
	assert.False(t, a.AdoptExistingRecorder, "the zero value creates the recorder")
}
