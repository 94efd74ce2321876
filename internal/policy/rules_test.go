package policy_test

import (
	"context"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/policies"
)

// loadPack compiles the embedded pack.
func loadPack(t testing.TB) *policy.Pack {
	t.Helper()
	pack, err := policy.Load(policies.FS())
	require.NoError(t, err)
	return pack
}

// evaluator prepares pack with its defaults and over.
func evaluator(t testing.TB, pack *policy.Pack, over policy.Config) *policy.Evaluator {
	t.Helper()
	e, err := pack.NewEvaluator(context.Background(), pack.Defaults().Merge(over))
	require.NoError(t, err)
	return e
}

// TestRuleFixtures runs, for every rule, its passing fixture (no message of
// that rule) and its failing one (exactly the wanted messages).
func TestRuleFixtures(t *testing.T) {
	pack := loadPack(t)
	cases, files := loadFixtures(t)
	covered := map[string]string{}
	for _, c := range cases {
		_, ok := pack.Rule(c.Rule)
		require.True(t, ok, "%s: %q is not a rule of the pack", c.file, c.Rule)
		require.Empty(t, covered[c.Rule], "%s: second case for %s (first in %s)", c.file, c.Rule, covered[c.Rule])
		covered[c.Rule] = c.file
	}
	var missing []string
	for _, r := range pack.Rules {
		if covered[r.Name] == "" {
			missing = append(missing, r.Name)
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing, "rules without pass and fail fixtures in policies/testdata")

	defaults := evaluator(t, pack, nil)
	for _, c := range cases {
		t.Run(caseName(c), func(t *testing.T) {
			e := defaults
			if c.Config != nil {
				e = evaluator(t, pack, c.Config)
			}
			f := files[c.file]
			pass, err := e.Evaluate(context.Background(), fixturePlan(t, c.Pass, f))
			require.NoError(t, err)
			assert.Empty(t, messages(pass, c.Rule), "passing fixture")
			fail, err := e.Evaluate(context.Background(), fixturePlan(t, c.Fail, f))
			require.NoError(t, err)
			want := append([]string(nil), c.Want...)
			sort.Strings(want)
			assert.Equal(t, want, messages(fail, c.Rule), "failing fixture")
		})
	}
}
