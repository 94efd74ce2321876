package policy_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

// intendedAdvisories are the advisory rules the shipped stacks trip on
// purpose; each is documented in its rule's config (schema/config-schema.json).
var intendedAdvisories = map[string]bool{"stack_warn_ec2_public_instance": true}

// TestShippedStacks: every stack in stacks/ (projects and the account
// baseline) has no mandatory violation, and only intended advisories.
func TestShippedStacks(t *testing.T) {
	pack := loadPack(t)
	plans, err := shippedPlans()
	require.NoError(t, err)
	require.Contains(t, plans, "hipaa")
	require.Contains(t, plans, "omop")
	for name := range plans {
		t.Run(name, func(t *testing.T) {
			res, err := pack.Check(context.Background(), shipped(t, name), nil)
			require.NoError(t, err)
			assert.Zero(t, res.Count(policy.Mandatory), "%v", res.Violations)
			for _, v := range res.Violations {
				assert.True(t, intendedAdvisories[v.Rule], "unintended advisory: %s: %s", v.Rule, v.Message)
			}
		})
	}
}

// TestHipaaAdvisory: the one intended advisory of hipaa is the bastion.
func TestHipaaAdvisory(t *testing.T) {
	res, err := loadPack(t).Check(context.Background(), shipped(t, "hipaa"), nil)
	require.NoError(t, err)
	require.Len(t, res.Violations, 1)
	assert.Equal(t, policy.Violation{
		Rule: "stack_warn_ec2_public_instance", Title: "Internet-facing instances are reviewed exceptions",
		Level: policy.Advisory, URN: "urn:pulumi:hipaa::sce::pulumi:pulumi:Stack::sce-hipaa",
		Message: "Instance 'hipaa-bastion' is reachable from the internet: allowed as a bastion by config publicInstances",
		HIPAA:   []string{"164.312(a)(1)", "164.312(e)(1)"},
	}, res.Violations[0])
}

// unknownForms are the ways an unknown value reaches a rule: the offline
// plan's marker, Pulumi's wire sentinel, and the Computed wrapper the
// analyzer passes on with KeepUnknowns.
func unknownForms() map[string]any {
	return map[string]any{
		"plan":     plan.Unknown,
		"sentinel": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
		"computed": map[string]any{"Element": map[string]any{"V": ""}},
	}
}

// TestUnknownValuesNoViolation replaces every input that came from another
// resource (IDs, ARNs, names: what a real preview does not know yet) by an
// unknown value: no rule may report a mandatory violation.
func TestUnknownValuesNoViolation(t *testing.T) {
	pack := loadPack(t)
	for _, stack := range []string{"hipaa", "omop", "account"} {
		for form, unknown := range unknownForms() {
			t.Run(stack+"/"+form, func(t *testing.T) {
				plans, err := shippedPlans()
				require.NoError(t, err)
				if _, ok := plans[stack]; !ok {
					t.Skipf("no stack %s in stacks/", stack)
				}
				p := shipped(t, stack)
				n := 0
				for i := range p.Resources {
					for prop := range p.Resources[i].PropertyDependencies {
						p.Resources[i].Inputs[prop] = unknown
						n++
					}
				}
				require.Positive(t, n)
				res, err := pack.Check(context.Background(), p, nil)
				require.NoError(t, err)
				assert.Zero(t, res.Count(policy.Mandatory), "%v", res.Violations)
			})
		}
	}
}
