package sce

import "github.com/sce-dev/sce/sce/internal/audit"

// Internals that the tests of package sce_test check against the plans.
// They are exported only in test builds.
var (
	ConfigRules = audit.RuleSpecs
)
