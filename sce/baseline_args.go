package sce

import "cmp"

// BaselineArgs are the typed inputs of NewBaseline, the controls that exist
// once per AWS account and region. The zero value of every optional field
// is the secure choice; the mandatory controls have no switch at all.
type BaselineArgs struct {
	// Region is the AWS region of the stack (aws:region). The baseline's
	// regional controls (Config, GuardDuty, Security Hub, EBS encryption by
	// default, Access Analyzer) cover this region; the trail covers all.
	Region string
	// Owner is the accountable contact for the account's controls, usually
	// the security team's e-mail (sce:owner); tag sce:owner.
	Owner string
	// AlertEmails receive the account's security alerts (sce:alertEmails). At least one.
	AlertEmails []string
	// AdminRoleArn is the IAM role IT deploys with and archives projects with
	// at close-out (sce:adminRoleArn): the only principal that may read or
	// write the archive bucket.
	AdminRoleArn string
	// AdoptExistingRecorder, when true, leaves the account's existing AWS
	// Config recorder and delivery channel alone instead of creating them
	// (sce:adoptExistingRecorder); the stack then says how to import them.
	AdoptExistingRecorder bool
	// ArchiveRetentionYears is the Object Lock (COMPLIANCE) retention of the
	// archive bucket (sce:archiveRetentionYears); zero means
	// DefaultArchiveRetentionYears.
	ArchiveRetentionYears int
	// LogRetentionDays is the CloudWatch Logs retention of the account trail
	// (sce:logRetentionDays); zero means DefaultLogRetentionDays.
	LogRetentionDays int
	// AuditLockDays is the Object Lock (GOVERNANCE) default retention of the
	// trail's logs bucket (sce:auditLockDays); zero means DefaultAuditLockDays.
	AuditLockDays int
	// NoncurrentVersionDays is how long noncurrent versions are kept in the
	// logs, config and access-log buckets (sce:noncurrentVersionDays); zero
	// means DefaultNoncurrentVersionDays. The archive keeps every version.
	NoncurrentVersionDays int
}

// Defaults applied by NewBaseline to zero-valued optional fields (the other
// defaults are shared with EnvironmentArgs).
const (
	// DefaultArchiveRetentionYears is how long HIPAA requires documentation
	// to be kept: six years (45 CFR 164.316(b)(2)(i)).
	DefaultArchiveRetentionYears = 6
)

// ArchiveRetentionYears is the archive retention a baseline configured
// with configured years applies: DefaultArchiveRetentionYears when it is 0.
func ArchiveRetentionYears(configured int) int {
	return cmp.Or(configured, DefaultArchiveRetentionYears)
}

// withDefaults returns a copy of a with every zero-valued optional field
// set to its documented default.
func (a BaselineArgs) withDefaults() BaselineArgs {
	a.ArchiveRetentionYears = ArchiveRetentionYears(a.ArchiveRetentionYears)
	a.LogRetentionDays = cmp.Or(a.LogRetentionDays, DefaultLogRetentionDays)
	a.AuditLockDays = cmp.Or(a.AuditLockDays, DefaultAuditLockDays)
	a.NoncurrentVersionDays = cmp.Or(a.NoncurrentVersionDays, DefaultNoncurrentVersionDays)
	return a
}
