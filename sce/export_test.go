package sce

// Internals that the tests of package sce_test check against the plans.
// They are exported only in test builds.
var (
	ConfigRules            = configRuleSpecs
	AccountPasswordPolicy  = accountPasswordPolicy
	RecorderImportCommands = recorderImportCommands
	BaselineBucketRoles    = baselineBucketRoles
)

// Types of the internals above, for the tests.
type (
	PasswordPolicy = passwordPolicySpec
)
