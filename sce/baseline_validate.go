package sce

import (
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/sce/internal/naming/limits"
)

// Limits of the archive's Object Lock retention, in years.
const (
	// MinArchiveRetentionYears is how long HIPAA requires documentation to
	// be kept (45 CFR 164.316(b)(2)(i)): the least the baseline configures
	// and close-out requires of the archive's default retention.
	MinArchiveRetentionYears = 6
	// maxArchiveRetentionYears is the longest retention S3 Object Lock allows.
	maxArchiveRetentionYears = 100
)

// ValidateBaseline checks every argument of NewBaseline and returns all
// problems at once as ValidationErrors, each naming its config key and the
// fix; nil if valid. Defaults are applied first, so zero-valued optional
// fields pass.
func ValidateBaseline(name string, args BaselineArgs) error {
	a := args.withDefaults()
	var errs ValidationErrors
	validateRegion(&errs, a.Region)
	validateIdentifier(&errs, "name", name, "a short name that prefixes the baseline's resources, such as account",
		a.Region, limits.Baseline)
	requireTag(&errs, "owner", a.Owner, "the accountable contact for the account's controls, usually the security team's e-mail")
	validateEmails(&errs, a.AlertEmails)
	validateRetention(&errs, a.LogRetentionDays, a.AuditLockDays, a.NoncurrentVersionDays)
	switch y := a.ArchiveRetentionYears; {
	case y < MinArchiveRetentionYears:
		errs.add("archiveRetentionYears", "%s is less than the %d years HIPAA requires documentation to be kept "+
			"(45 CFR 164.316(b)(2)(i)): use %d to %d", english.Plural(y, "year"), MinArchiveRetentionYears, MinArchiveRetentionYears, maxArchiveRetentionYears)
	case y > maxArchiveRetentionYears:
		errs.add("archiveRetentionYears", "%d years is longer than S3 Object Lock allows: use %d to %d",
			y, MinArchiveRetentionYears, maxArchiveRetentionYears)
	}
	validateAdminRole(&errs, a.AdminRoleArn)
	return errs.orNil()
}
