package policy_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

// TestTypeIndexKeepsVerdicts: asking each resource only about the rules of
// its type gives exactly the violations of asking it about every rule, on
// the shipped stacks, every pass and fail fixture and every mutation of the
// hipaa plan.
func TestTypeIndexKeepsVerdicts(t *testing.T) {
	indexed := loadPack(t)
	full := indexed.WithoutTypeIndex()
	same := func(t *testing.T, name string, p *plan.Plan, over policy.Config) {
		t.Helper()
		want, err := full.Check(context.Background(), p, over)
		require.NoError(t, err, name)
		got, err := indexed.Check(context.Background(), p, over)
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
	plans, err := shippedPlans()
	require.NoError(t, err)
	for name := range plans {
		same(t, "stack "+name, shipped(t, name), nil)
	}
	cases, files := loadFixtures(t)
	for _, c := range cases {
		same(t, caseName(c)+" pass", fixturePlan(t, c.Pass, files[c.file]), c.Config)
		same(t, caseName(c)+" fail", fixturePlan(t, c.Fail, files[c.file]), c.Config)
	}
	base := shipped(t, "hipaa")
	for _, group := range [][]mutation{storageMutations(), auditMutations(), networkMutations(),
		keyAndIdentityMutations(), computeMutations(), airlockMutations(), operationsMutations()} {
		for _, m := range group {
			p := clonePlan(base)
			m.apply(t, p)
			same(t, "mutation "+m.name, p, nil)
		}
	}
}
