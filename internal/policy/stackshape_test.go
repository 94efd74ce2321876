package policy_test

import (
	"context"
	"os"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

// stackshape_test.go: in a real preview the analyzer's stack rules see each
// resource's outputs (what the provider reports), not its inputs. Every
// stack rule must reach the same verdict on three shapes of one plan: the
// inputs (what sce evaluates), the mock outputs (inputs plus computed
// attributes, all known), and a first preview's outputs (inputs plus
// computed attributes not known yet).

// previewOutputs is p with each resource's outputs as a first preview
// reports them: its inputs, and every attribute only the provider computes
// unknown.
func previewOutputs(p *plan.Plan) *plan.Plan {
	q := *p
	q.Resources = make([]plan.Resource, len(p.Resources))
	for i, r := range p.Resources {
		outs := map[string]any{}
		for k := range r.Outputs {
			outs[k] = plan.Unknown
		}
		for k, v := range r.Inputs {
			outs[k] = v
		}
		r.Outputs = outs
		q.Resources[i] = r
	}
	return &q
}

// sameStackVerdicts asserts that the stack rules judge p's inputs, mock
// outputs, preview outputs and provider outputs alike (a first preview's
// as assertFirstPreview allows), and returns the verdicts and the rules a
// first preview reports less of.
func sameStackVerdicts(t *testing.T, pack *policy.Pack, cfg policy.Config, p *plan.Plan) (map[string][]string, []string) {
	t.Helper()
	ctx := context.Background()
	onInputs, err := pack.StackVerdicts(ctx, cfg, policy.StackInput(p))
	require.NoError(t, err)
	onOutputs, err := pack.StackVerdicts(ctx, cfg, policy.StackOutputsInput(p))
	require.NoError(t, err)
	onPreview, err := pack.StackVerdicts(ctx, cfg, policy.StackOutputsInput(previewOutputs(p)))
	require.NoError(t, err)
	assert.Equal(t, onInputs, onOutputs, "stack rules on inputs (expected) and on mock outputs (actual)")
	assert.Equal(t, onInputs, onPreview, "stack rules on inputs (expected) and on preview outputs (actual)")
	onExisting, err := pack.StackVerdicts(ctx, cfg, policy.StackOutputsInput(existingOutputs(p)))
	require.NoError(t, err)
	assert.Equal(t, onInputs, onExisting, "stack rules on inputs (expected) and on an existing stack's provider outputs (actual)")
	onFirst, err := pack.StackVerdicts(ctx, cfg, policy.StackOutputsInput(firstPreviewOutputs(p)))
	require.NoError(t, err)
	return onInputs, assertFirstPreview(t, onInputs, onFirst)
}

// TestStackRulesSameOnOutputsShipped: the shipped stacks, whose plans
// record the mock outputs of every custom resource.
func TestStackRulesSameOnOutputsShipped(t *testing.T) {
	pack := loadPack(t)
	plans, err := shippedPlans()
	require.NoError(t, err)
	for name := range plans {
		t.Run(name, func(t *testing.T) {
			p := shipped(t, name)
			for _, r := range p.Resources {
				if r.Custom {
					require.NotEmpty(t, r.Outputs, "%s has no outputs in the plan", r.URN)
				}
			}
			cfg, err := pack.Config(p, nil)
			require.NoError(t, err)
			got, _ := sameStackVerdicts(t, pack, cfg, p)
			if name == "hipaa" { // its one intended advisory (TestHipaaAdvisory)
				assert.Equal(t, []string{"stack_warn_ec2_public_instance"}, sortedRuleNames(got))
			}
		})
	}
}

// TestStackRulesSameOnOutputsFixtures: each stack rule's passing and
// failing fixture, with the outputs the mocks give its resources; the
// failing fixture still fails on outputs. Every rule of
// undecidedOnFirstPreview does report less on some fixture's first preview.
func TestStackRulesSameOnOutputsFixtures(t *testing.T) {
	pack := loadPack(t)
	cases, files := loadFixtures(t)
	n := 0
	less := map[string]bool{}
	for _, c := range cases {
		if r, _ := pack.Rule(c.Rule); r.Scope != policy.StackScope {
			continue
		}
		n++
		t.Run(caseName(c), func(t *testing.T) {
			cfg := pack.Defaults().Merge(c.Config)
			for _, raw := range [][]byte{c.Pass, c.Fail} {
				p := fixturePlan(t, raw, files[c.file])
				for i, r := range p.Resources {
					p.Resources[i].Outputs = plan.MockOutputs(p.Project, p.Stack, "us-west-2", r)
				}
				_, reduced := sameStackVerdicts(t, pack, cfg, p)
				for _, rule := range reduced {
					less[rule] = true
				}
			}
			p := fixturePlan(t, c.Fail, files[c.file])
			for i, r := range p.Resources {
				p.Resources[i].Outputs = plan.MockOutputs(p.Project, p.Stack, "us-west-2", r)
			}
			got, err := pack.StackVerdicts(context.Background(), cfg, policy.StackOutputsInput(p))
			require.NoError(t, err)
			assert.ElementsMatch(t, c.Want, got[c.Rule], "failing fixture on outputs")
		})
	}
	assert.Positive(t, n, "stack rule fixtures")
	assert.Equal(t, undecidedOnFirstPreview, sortedRuleNames(boolKeys(less)),
		"the rules that report less on a first preview (undecidedOnFirstPreview and docs/policy-pack.md name them)")
}

// boolKeys is set as verdicts without messages, for sortedRuleNames.
func boolKeys(set map[string]bool) map[string][]string {
	out := make(map[string][]string, len(set))
	for k := range set {
		out[k] = nil
	}
	return out
}

// sortedRuleNames are the rules of verdicts, sorted.
func sortedRuleNames(verdicts map[string][]string) []string {
	names := make([]string, 0, len(verdicts))
	for name := range verdicts {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// undecidedOnFirstPreview are the stack rules that read an attribute the
// provider computes where the program leaves it out (a bucket's
// objectLockEnabled, an instance's tenancy): a first preview does not know
// it yet, and rules do not decide on unknown values, so these report less
// there than on the program's inputs. docs/policy-pack.md names them.
var undecidedOnFirstPreview = []string{
	"stack_deny_s3_audit_object_lock",
	"stack_deny_s3_object_lock",
	"stack_deny_vpc_tenancy_exception",
}

// assertFirstPreview asserts that a first preview's verdicts are those of
// the inputs, but for fewer messages of undecidedOnFirstPreview's rules:
// never a message the inputs do not have. It returns the rules that report
// less.
func assertFirstPreview(t *testing.T, onInputs, onFirst map[string][]string) []string {
	t.Helper()
	for rule, msgs := range onFirst {
		assert.Subset(t, onInputs[rule], msgs, "%s on a first preview's provider outputs reports what the inputs do not", rule)
	}
	var less []string
	for rule, msgs := range onInputs {
		if len(onFirst[rule]) < len(msgs) {
			assert.Contains(t, undecidedOnFirstPreview, rule, "%s reports less on a first preview's provider outputs", rule)
			less = append(less, rule)
		}
	}
	return less
}

// TestUndecidedOnFirstPreviewDocumented: docs/policy-pack.md names every
// rule a first preview cannot decide.
func TestUndecidedOnFirstPreviewDocumented(t *testing.T) {
	data, err := os.ReadFile("../../docs/policy-pack.md")
	require.NoError(t, err)
	for _, rule := range undecidedOnFirstPreview {
		assert.Contains(t, string(data), "`"+rule+"`")
	}
}

// TestRemovedCompanionNotHiddenByReadBackOutputs: for a bucket that exists,
// Pulumi gives the stack rules its stored outputs, which carry the policy
// and loggings the provider read from AWS while the bucket's BucketPolicy
// and BucketLoggingV2 existed. Removing those two resources from the
// program is still a violation, as `sce plan` reports it.
func TestRemovedCompanionNotHiddenByReadBackOutputs(t *testing.T) {
	ctx := context.Background()
	pack := loadPack(t)
	p := shipped(t, "hipaa")
	cfg, err := pack.Config(p, nil)
	require.NoError(t, err)
	onInputs, err := pack.StackVerdicts(ctx, cfg, policy.StackInput(p))
	require.NoError(t, err)
	existing := withReadBackBucketSettings(existingOutputs(p))
	onExisting, err := pack.StackVerdicts(ctx, cfg, policy.StackOutputsInput(existing))
	require.NoError(t, err)
	assert.Equal(t, onInputs, onExisting, "stack rules on inputs (expected) and on an existing stack's read-back outputs (actual)")

	drop(t, existing, "hipaa-data-in-policy")
	drop(t, existing, "hipaa-data-in-logging")
	bucket := bucketV2(t, existing, "hipaa-data-in")
	require.NotEmpty(t, bucket.Outputs["policy"], "the stored outputs keep the policy read from AWS")
	require.NotEmpty(t, bucket.Outputs["loggings"], "the stored outputs keep the loggings read from AWS")
	got, err := pack.StackVerdicts(ctx, cfg, policy.StackOutputsInput(existing))
	require.NoError(t, err)
	assert.Equal(t, []string{"S3 bucket 'hipaa-data-in' has no bucket policy resource"}, got["stack_deny_s3_bucket_policy"])
	assert.Equal(t, []string{"S3 bucket 'hipaa-data-in' does not log server access (no logging resource)"}, got["stack_deny_s3_access_logging"])
}

// bucketV2 is p's BucketV2 named name (its component has the same name).
func bucketV2(t *testing.T, p *plan.Plan, name string) plan.Resource {
	t.Helper()
	for _, r := range p.Resources {
		if r.Type == awstype.S3BucketV2 && r.Name == name {
			return r
		}
	}
	t.Fatalf("the plan has no bucket %q", name)
	return plan.Resource{}
}
