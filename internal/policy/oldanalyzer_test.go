package policy_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/policy"
)

// TestOldAnalyzerFiresNoRule backs what docs/policy-pack.md says of the
// v0.1.0 analyzer: on the failing fixtures of the resource rules, the rules
// its letters-only name pattern recognizes do report violations when given
// the v1.x input, and report nothing at all on its own input (properties
// only, no __type): an old analyzer passes a broken stack.
func TestOldAnalyzerFiresNoRule(t *testing.T) {
	pack := loadPack(t)
	cases, files := loadFixtures(t)
	n, withCurrentInput := 0, 0
	for _, c := range cases {
		if r, _ := pack.Rule(c.Rule); r.Scope != policy.ResourceScope || len(c.Want) == 0 {
			continue
		}
		n++
		for _, r := range fixturePlan(t, c.Fail, files[c.file]).Resources {
			got, err := pack.OldAnalyzerVerdicts(context.Background(), policy.OldAnalyzerInput(r))
			require.NoError(t, err)
			assert.Empty(t, got, "%s: %s", c.Rule, r.Name)
			current, err := pack.OldAnalyzerVerdicts(context.Background(), policy.ResourceInput(r))
			require.NoError(t, err)
			withCurrentInput += len(current)
		}
	}
	assert.Greater(t, n, 40, "resource rules with a failing fixture")
	assert.Positive(t, withCurrentInput, "violations of the letters-only rules on the v1.x input")
}
