package policy_test

import (
	"context"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

// TestPreparedOncePerPack: evaluators of one pack share its prepared
// queries whatever their settings, and each still evaluates with its own
// settings, also at the same time.
func TestPreparedOncePerPack(t *testing.T) {
	pack := loadPack(t)
	p := shipped(t, "hipaa")
	cfg, err := pack.Config(p, nil)
	require.NoError(t, err)
	own, err := pack.NewEvaluator(context.Background(), cfg)
	require.NoError(t, err)
	require.Zero(t, pack.PreparedQueries(), "queries are prepared when a plan needs them")
	_, err = own.Evaluate(context.Background(), p)
	require.NoError(t, err)
	prepared := pack.PreparedQueries()
	require.Positive(t, prepared)
	narrow, err := pack.NewEvaluator(context.Background(), cfg.Merge(policy.Config{
		"deny_sg_ssh_source": {Properties: map[string]any{"allowedSshCidrs": []any{"192.0.2.0/24"}}}}))
	require.NoError(t, err)

	results := make([]*policy.Result, 2)
	var wg sync.WaitGroup
	for i, e := range []*policy.Evaluator{own, narrow} {
		wg.Go(func() {
			res, err := e.Evaluate(context.Background(), p)
			assert.NoError(t, err)
			results[i] = res
		})
	}
	wg.Wait()
	assert.Equal(t, prepared, pack.PreparedQueries(), "other settings, same rules: nothing prepared again")
	assert.Empty(t, messages(results[0], "deny_sg_ssh_source"))
	assert.Equal(t, []string{
		"Security group rule 'hipaa-bastion-ssh-in-1' rule allows SSH from 198.51.100.0/24, outside the allowed blocks 192.0.2.0/24",
		"Security group rule 'hipaa-bastion-ssh-in-2' rule allows SSH from 203.0.113.0/25, outside the allowed blocks 192.0.2.0/24",
	}, messages(results[1], "deny_sg_ssh_source"))

	disabled, err := pack.NewEvaluator(context.Background(), cfg.Merge(policy.Config{"deny_tags_pit": {EnforcementLevel: policy.Disabled}}))
	require.NoError(t, err)
	res, err := disabled.Evaluate(context.Background(), p)
	require.NoError(t, err)
	assert.Greater(t, pack.PreparedQueries(), prepared, "another set of rules is prepared once more")
	r, ok := findRule(res, "deny_tags_pit")
	require.True(t, ok)
	assert.Equal(t, policy.Disabled, r.Level)
}

// TestInputValues: the inputs Evaluate builds are the values of
// ResourceInput and StackInput, secrets and dependencies included.
func TestInputValues(t *testing.T) {
	withSecret := &plan.Plan{Stack: "s", Resources: []plan.Resource{
		{URN: "urn:a", Type: "aws:s3/bucketV2:BucketV2", Name: "a", Inputs: map[string]any{
			"bucket": "a", "tags": map[string]any{"sce:pit": plan.Secret{Value: "p"}}, "type": "shadowed"}},
		{URN: "urn:b", Type: "aws:s3/bucketPolicy:BucketPolicy", Name: "b", Inputs: map[string]any{"bucket": "[unknown]"},
			Dependencies: []string{"urn:a"}, PropertyDependencies: map[string][]string{"bucket": {"urn:a"}},
			Options: plan.Options{Protect: true, IgnoreChanges: []string{"policy"}}},
	}}
	for name, p := range map[string]*plan.Plan{"hipaa": shipped(t, "hipaa"), "secret and dependencies": withSecret} {
		want, err := ast.InterfaceToValue(policy.StackInput(p))
		require.NoError(t, err)
		got, err := policy.StackValue(p)
		require.NoError(t, err)
		assert.Zero(t, want.Compare(got), "%s:\nwant %v\ngot  %v", name, want, got)
		for _, r := range p.Resources {
			want, err := ast.InterfaceToValue(policy.ResourceInput(r))
			require.NoError(t, err)
			got, err := policy.ResourceValue(r)
			require.NoError(t, err)
			assert.Zero(t, want.Compare(got), "%s %s:\nwant %v\ngot  %v", name, r.Name, want, got)
		}
	}
}

// TestEvaluateRefusesInputThatIsNotJSON: a value OPA cannot read is an
// error naming the resource, not a panic.
func TestEvaluateRefusesInputThatIsNotJSON(t *testing.T) {
	pack := loadPack(t)
	e, err := pack.NewEvaluator(context.Background(), pack.Defaults())
	require.NoError(t, err)
	p := &plan.Plan{Project: "sce", Stack: "s", Resources: []plan.Resource{
		{URN: "urn:a", Type: "aws:s3/bucketV2:BucketV2", Name: "a", Inputs: map[string]any{"tags": make(chan int)}}}}
	_, err = e.Evaluate(context.Background(), p)
	assert.EqualError(t, err, "evaluate urn:a: inputs: ast: interface conversion: json: unsupported type: chan int")
}

func findRule(res *policy.Result, name string) (policy.Rule, bool) {
	for _, r := range res.Rules {
		if r.Name == name {
			return r, true
		}
	}
	return policy.Rule{}, false
}
