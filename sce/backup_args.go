package sce

// BackupArgs configure the project's AWS Backup plan (sce:backup). The zero
// value is the safe choice: daily recovery points kept DefaultBackupMinRetentionDays,
// monthly ones kept DefaultBackupMonthlyRetentionDays, in a locked vault.
type BackupArgs struct {
	// MinRetentionDays is how long daily recovery points are kept and the
	// vault lock's minimum retention (sce:backup.minRetentionDays); zero
	// means DefaultBackupMinRetentionDays. At least 35.
	MinRetentionDays int
	// MonthlyRetentionDays is how long the monthly recovery points are kept
	// (sce:backup.monthlyRetentionDays); zero means
	// DefaultBackupMonthlyRetentionDays. At least MinRetentionDays.
	MonthlyRetentionDays int
}

// Backup defaults and limits.
const (
	DefaultBackupMinRetentionDays     = 35
	DefaultBackupMonthlyRetentionDays = 365
	// minBackupRetentionDays is the shortest retention the HIPAA
	// conformance pack's backup plan check accepts.
	minBackupRetentionDays = 35
	// maxBackupRetentionDays is the longest retention AWS Backup accepts (100 years).
	maxBackupRetentionDays = 36500
)

// withDefaults fills the zero-valued retentions.
func (b BackupArgs) withDefaults() BackupArgs {
	if b.MinRetentionDays == 0 {
		b.MinRetentionDays = DefaultBackupMinRetentionDays
	}
	if b.MonthlyRetentionDays == 0 {
		b.MonthlyRetentionDays = DefaultBackupMonthlyRetentionDays
	}
	return b
}

// validateBackup checks the retentions (after defaults).
func validateBackup(errs *ValidationErrors, b BackupArgs) {
	if b.MinRetentionDays < minBackupRetentionDays || b.MinRetentionDays > maxBackupRetentionDays {
		errs.add("backup.minRetentionDays", "is %d: keep daily recovery points %d to %d days (the HIPAA conformance pack requires at least %d)",
			b.MinRetentionDays, minBackupRetentionDays, maxBackupRetentionDays, minBackupRetentionDays)
	}
	if b.MonthlyRetentionDays < b.MinRetentionDays || b.MonthlyRetentionDays > maxBackupRetentionDays {
		errs.add("backup.monthlyRetentionDays", "is %d: keep monthly recovery points at least sce:backup.minRetentionDays (%d) and at most %d days",
			b.MonthlyRetentionDays, b.MinRetentionDays, maxBackupRetentionDays)
	}
}
