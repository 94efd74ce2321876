package sce

import "github.com/sce-dev/sce/sce/internal/audit"

// Internals that the tests of package sce_test check against the plans.
// They are exported only in test builds.
var (
	ConfigRules            = audit.RuleSpecs
	AccountPasswordPolicy  = accountPasswordPolicy
	RecorderImportCommands = recorderImportCommands
	BaselineBucketRoles    = baselineBucketRoles
)

// Types of the internals above, for the tests.
type (
	PasswordPolicy = passwordPolicySpec
)
