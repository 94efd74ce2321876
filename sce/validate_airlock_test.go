package sce

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAirlockDefaults(t *testing.T) {
	a := validArgs().withDefaults()
	assert.Equal(t, AirlockArgs{ExpireDays: DefaultAirlockExpireDays, Reviewers: []string{"arn:aws:iam::123456789012:role/sce-admin"}}, a.Airlock,
		"released copies expire after 30 days; without reviewers only the admin role assumes the approver role")
}

func TestValidateAirlock(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*AirlockArgs)
		want   []string
	}{
		{"named reviewers and recipients", func(a *AirlockArgs) {
			a.ExpireDays, a.Reviewers = 365, []string{"arn:aws:iam::123456789012:role/it-reviewer", "arn:aws:iam::123456789012:user/jsmith"}
			a.Recipients = []string{"arn:aws:iam::123456789012:role/journal-data-desk", "arn:aws:iam::123456789012:user/editor"}
		}, nil},
		{"recipient in another account", func(a *AirlockArgs) {
			a.Recipients = []string{"arn:aws:iam::123456789012:role/journal-data-desk", "arn:aws:iam::210987654321:role/journal-data-desk"}
		}, []string{`sce:airlock.recipients[1]: "arn:aws:iam::210987654321:role/journal-data-desk" is in account 210987654321, ` +
			"not the project's account 123456789012 (the account of sce:adminRoleArn): the stack grants recipients nothing, so " +
			"another account's principal could not read the egress bucket; name a role or user of account 123456789012 that the recipient assumes"}},
		{"expiry too long", func(a *AirlockArgs) { a.ExpireDays = 366 },
			[]string{"sce:airlock.expireDays: is 366: keep released results 1 to 365 days"}},
		{"negative expiry", func(a *AirlockArgs) { a.ExpireDays = -1 },
			[]string{"sce:airlock.expireDays: is -1: keep released results 1 to 365 days"}},
		{"reviewer not an ARN", func(a *AirlockArgs) { a.Reviewers = []string{"jsmith"} },
			[]string{`sce:airlock.reviewers[0]: "jsmith" is not an IAM role or user ARN: use arn:aws:iam::<account>:role/<name>`}},
		{"worker role as reviewer", func(a *AirlockArgs) {
			a.Reviewers = []string{"arn:aws:iam::123456789012:role/it-reviewer", "arn:aws:iam::123456789012:role/hipaa-worker-role"}
		}, []string{`sce:airlock.reviewers[1]: "arn:aws:iam::123456789012:role/hipaa-worker-role" is a role of the project's instances: ` +
			"researchers could approve their own requests; name IT's reviewers"}},
		{"bastion role as reviewer", func(a *AirlockArgs) { a.Reviewers = []string{"arn:aws:iam::123456789012:role/hipaa-bastion-role"} },
			[]string{`sce:airlock.reviewers[0]: "arn:aws:iam::123456789012:role/hipaa-bastion-role" is a role of the project's instances: ` +
				"researchers could approve their own requests; name IT's reviewers"}},
		{"approver role as its own reviewer", func(a *AirlockArgs) { a.Reviewers = []string{"arn:aws:iam::123456789012:role/hipaa-egress-approver"} },
			[]string{`sce:airlock.reviewers[0]: "arn:aws:iam::123456789012:role/hipaa-egress-approver" is the approver role itself: ` +
				"name the IT principals that assume it"}},
		{"reviewer twice", func(a *AirlockArgs) {
			a.Reviewers = []string{"arn:aws:iam::123456789012:role/it-reviewer", "arn:aws:iam::123456789012:user/jsmith",
				"arn:aws:iam::123456789012:role/IT-Reviewer"}
		}, []string{`sce:airlock.reviewers[2]: "arn:aws:iam::123456789012:role/IT-Reviewer" is already airlock.reviewers[0]: list each reviewer once`}},
		{"recipient twice", func(a *AirlockArgs) {
			a.Recipients = []string{"arn:aws:iam::123456789012:role/journal-data-desk", "arn:aws:iam::123456789012:role/journal-data-desk"}
		}, []string{`sce:airlock.recipients[1]: "arn:aws:iam::123456789012:role/journal-data-desk" is already airlock.recipients[0]: list each recipient once`}},
		{"recipient not an ARN", func(a *AirlockArgs) { a.Recipients = []string{"arn:aws:s3:::journal"} },
			[]string{`sce:airlock.recipients[0]: "arn:aws:s3:::journal" is not an IAM role or user ARN: use arn:aws:iam::<account>:role/<name>`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := validArgs()
			c.mutate(&a.Airlock)
			assert.Equal(t, c.want, fieldErrors(t, "hipaa", a))
		})
	}
}

// TestRecipientAccountNeedsAValidAdminRole: without a valid admin role the
// project's account is unknown at validation; only the admin role is
// reported, not every recipient, nor the reviewers it stands for by default.
func TestRecipientAccountNeedsAValidAdminRole(t *testing.T) {
	a := validArgs()
	a.AdminRoleArn = "sce-admin"
	a.Airlock.Recipients = []string{"arn:aws:iam::210987654321:role/journal-data-desk"}
	assert.Equal(t, []string{`sce:adminRoleArn: "sce-admin" is not an IAM role ARN: use arn:aws:iam::<account>:role/<name>`},
		fieldErrors(t, "hipaa", a))
	a.Airlock.Reviewers = []string{"sce-admin", "it-reviewer"}
	assert.Equal(t, []string{`sce:adminRoleArn: "sce-admin" is not an IAM role ARN: use arn:aws:iam::<account>:role/<name>`,
		`sce:airlock.reviewers[1]: "it-reviewer" is not an IAM role or user ARN: use arn:aws:iam::<account>:role/<name>`},
		fieldErrors(t, "hipaa", a), "a reviewer other than the admin role is still checked")
}
