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
	// from the egress bucket (sce:airlock.recipients).
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
// project pit: no reviewer may be one of the project's instance roles.
func validateAirlock(errs *ValidationErrors, pit string, a AirlockArgs) {
	if a.ExpireDays < 1 || a.ExpireDays > maxAirlockExpireDays {
		errs.add("airlock.expireDays", "is %d: keep released results 1 to %d days", a.ExpireDays, maxAirlockExpireDays)
	}
	for i, r := range a.Reviewers {
		key := fmt.Sprintf("airlock.reviewers[%d]", i)
		switch {
		case !principalArnPattern.MatchString(r):
			errs.add(key, "%q is not an IAM role or user ARN: use arn:aws:iam::<account>:role/<name>", r)
		case instanceRolePattern(pit).MatchString(r):
			errs.add(key, "%q is a role of the project's instances: researchers could approve their own requests; name IT's reviewers", r)
		case strings.HasSuffix(r, ":role/"+ApproverRoleName(pit)):
			errs.add(key, "%q is the approver role itself: name the IT principals that assume it", r)
		}
	}
	for i, r := range a.Recipients {
		if !principalArnPattern.MatchString(r) {
			errs.add(fmt.Sprintf("airlock.recipients[%d]", i), "%q is not an IAM role or user ARN: use arn:aws:iam::<account>:role/<name>", r)
		}
	}
}

// instanceRolePattern matches the project's bastion and worker roles.
func instanceRolePattern(pit string) *regexp.Regexp {
	return regexp.MustCompile(`:role/` + regexp.QuoteMeta(pit) + `-(worker|bastion)-role$`)
}
