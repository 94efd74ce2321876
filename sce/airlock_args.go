package sce

import (
	"fmt"
	"regexp"
	"strings"
)

// AirlockArgs configure the project's airlock for results (sce:airlock):
// the egress bucket released results are copied to, the approver role that
// copies them, and who may read them. The zero value is the safe choice:
// released copies expire after DefaultAirlockExpireDays, only the admin role
// may assume the approver role, and no one but the approver role reads them.
type AirlockArgs struct {
	// ExpireDays is how long a released copy stays in the egress bucket
	// (sce:airlock.expireDays); zero means DefaultAirlockExpireDays.
	ExpireDays int
	// Reviewers are the IAM principals (IT reviewers) that may assume the
	// approver role (sce:airlock.reviewers); empty means the admin role.
	// Never a project worker role: a researcher could approve their own
	// request.
	Reviewers []string
	// Recipients are the IAM principals that may read released results
	// from the egress bucket (sce:airlock.recipients). They must be in the
	// project's account, the account of AdminRoleArn: the stack grants
	// them nothing, so their own IAM policies must allow the reads, and a
	// principal of another account would also need a bucket-policy Allow
	// and a key grant that sce does not create.
	Recipients []string
}

// Airlock defaults and limits.
const (
	DefaultAirlockExpireDays = 30
	// maxAirlockExpireDays is the longest a released copy is kept (one year).
	maxAirlockExpireDays = 365
)

// principalArnPattern matches an IAM role or user ARN.
var principalArnPattern = regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)/[\w+=,.@/-]+$`)

// withDefaults fills the zero-valued fields; reviewers default to admin.
func (a AirlockArgs) withDefaults(admin string) AirlockArgs {
	if a.ExpireDays == 0 {
		a.ExpireDays = DefaultAirlockExpireDays
	}
	if len(a.Reviewers) == 0 && admin != "" {
		a.Reviewers = []string{admin}
	}
	return a
}

// validateAirlock checks the airlock's settings (after defaults) for the
// project pit whose admin role is adminRoleArn: no reviewer may be one of
// the project's instance roles, and every recipient must be in the admin
// role's account.
func validateAirlock(errs *ValidationErrors, pit, adminRoleArn string, a AirlockArgs) {
	if a.ExpireDays < 1 || a.ExpireDays > maxAirlockExpireDays {
		errs.add("airlock.expireDays", "is %d: keep released results 1 to %d days", a.ExpireDays, maxAirlockExpireDays)
	}
	first := map[string]int{}
	for i, r := range a.Reviewers {
		key := fmt.Sprintf("airlock.reviewers[%d]", i)
		j, twice := firstListing(first, r, i)
		switch {
		case r == adminRoleArn && !isRoleArn(r):
			// the admin role (the reviewers' default): reported once, as sce:adminRoleArn
		case !principalArnPattern.MatchString(r):
			errs.add(key, "%q is not an IAM role or user ARN: use arn:aws:iam::<account>:role/<name>", r)
		case twice:
			errs.add(key, "%q is already airlock.reviewers[%d]: list each reviewer once", r, j)
		case instanceRolePattern(pit).MatchString(r):
			errs.add(key, "%q is a role of the project's instances: researchers could approve their own requests; name IT's reviewers", r)
		case strings.HasSuffix(r, ":role/"+ApproverRoleName(pit)):
			errs.add(key, "%q is the approver role itself: name the IT principals that assume it", r)
		}
	}
	validateRecipients(errs, adminRoleArn, a.Recipients)
}

// validateRecipients checks that each recipient is an IAM role or user of
// the project's account. The stack learns the account it deploys into
// only after validation (from the AWS provider), so it takes it from
// sce:adminRoleArn, the role that deploys the stack; with no valid admin
// role (already an error) the accounts are not compared.
func validateRecipients(errs *ValidationErrors, adminRoleArn string, recipients []string) {
	project := arnAccount(adminRoleArn)
	first := map[string]int{}
	for i, r := range recipients {
		key := fmt.Sprintf("airlock.recipients[%d]", i)
		j, twice := firstListing(first, r, i)
		switch {
		case !principalArnPattern.MatchString(r):
			errs.add(key, "%q is not an IAM role or user ARN: use arn:aws:iam::<account>:role/<name>", r)
		case twice:
			errs.add(key, "%q is already airlock.recipients[%d]: list each recipient once", r, j)
		case project != "" && arnAccount(r) != project:
			errs.add(key, "%q is in account %s, not the project's account %s (the account of sce:adminRoleArn): the stack grants "+
				"recipients nothing, so another account's principal could not read the egress bucket; name a role or user of "+
				"account %s that the recipient assumes", r, arnAccount(r), project, project)
		}
	}
}

// firstListing records that item i of a list of principal ARNs is arn and
// reports the item that listed it first, if another did. IAM names are
// unique regardless of case, so ARNs that differ only in case are the same
// principal.
func firstListing(first map[string]int, arn string, i int) (j int, twice bool) {
	k := strings.ToLower(arn)
	if j, twice = first[k]; !twice {
		first[k] = i
	}
	return j, twice
}

// arnAccount is the account ID of an IAM role or user ARN, "" for anything
// else.
func arnAccount(arn string) string {
	if !principalArnPattern.MatchString(arn) {
		return ""
	}
	return strings.Split(arn, ":")[4]
}

// instanceRolePattern matches the project's bastion and worker roles.
func instanceRolePattern(pit string) *regexp.Regexp {
	return regexp.MustCompile(`:role/` + regexp.QuoteMeta(pit) + `-(worker|bastion)-role$`)
}
