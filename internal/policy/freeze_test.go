package policy_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

// TestConcurrentEvaluationsAgree: the evaluations of one plan run on every
// CPU and share the compiled pack, the evaluator's configuration and
// constant rules, and each resource's input. OPA sorts a set's members in
// place the first time it enumerates them, and its set intersection reads
// them without waiting for that: before sce sorted shared values first,
// the admin-only rule's set of actions, intersected for a bucket policy
// with literal actions while a policy with s3:* enumerated it, could lose
// a member, and the verdict changed from run to run. Each evaluation here
// computes the constants again, so their first use happens while the
// other evaluations run; its verdicts are those of the first evaluation.
// .ci/run runs this test under the race detector too, which reports such a
// read whenever the two happen close enough together.
func TestConcurrentEvaluationsAgree(t *testing.T) {
	p := mixedBucketPolicies(t, 4)
	pack := loadPack(t)
	var first []policy.Violation
	for i := range 40 {
		got, err := pack.WithNewConstants().Check(context.Background(), p, nil)
		require.NoError(t, err)
		if i == 0 {
			require.Len(t, got.Violations, 2*4, "each copy of the two policies fails deny_s3_tls_only only")
			first = got.Violations
			continue
		}
		assert.Equal(t, first, got.Violations, "evaluation %d", i)
	}
}

// mixedBucketPolicies is a plan of n copies of the passing fixture of
// deny_s3_admin_only_actions: a policy with literal actions and one with
// s3:* on a bucket not known yet.
func mixedBucketPolicies(t *testing.T, n int) *plan.Plan {
	t.Helper()
	cases, files := loadFixtures(t)
	for _, c := range cases {
		if c.Rule != "deny_s3_admin_only_actions" {
			continue
		}
		one := fixturePlan(t, c.Pass, files[c.file])
		p := clonePlan(one)
		p.Resources = nil
		for i := range n {
			for _, r := range clonePlan(one).Resources {
				r.Name = fmt.Sprintf("%s-%d", r.Name, i)
				r.URN = fmt.Sprintf("%s-%d", r.URN, i)
				p.Resources = append(p.Resources, r)
			}
		}
		return p
	}
	t.Fatal("no fixture for deny_s3_admin_only_actions")
	return nil
}
