package stacks_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
)

// Type tokens the tests of this package look for.
const (
	typeInstance      = awstype.EC2Instance
	typeNat           = awstype.EC2NatGateway
	typeSchedule      = awstype.SchedulerSchedule
	typeInstanceState = awstype.EC2TransitGatewayInstanceState
)

// TestProjectConfigReachesTheEnvironment changes one key of the hipaa stack
// at a time and checks that the Environment got the matching argument.
func TestProjectConfigReachesTheEnvironment(t *testing.T) {
	cases := []struct {
		key, value string
		check      func(t *testing.T, p *plan.Plan)
	}{
		{"sce:amiId", "ami-0fedcba9876543210", func(t *testing.T, p *plan.Plan) {
			require.Len(t, p.Find(typeInstance), 2)
			for _, inst := range p.Find(typeInstance) {
				assert.Equal(t, "ami-0fedcba9876543210", inst.Inputs["ami"], inst.Name)
				assert.Empty(t, inst.Options.IgnoreChanges, inst.Name)
			}
		}},
		{"sce:workers", `{"count":0}`, func(t *testing.T, p *plan.Plan) {
			require.Len(t, p.Find(typeInstance), 1)
			assert.Equal(t, "hipaa-bastion", p.Find(typeInstance)[0].Name)
		}},
		{"sce:suspended", "true", func(t *testing.T, p *plan.Plan) {
			assert.Empty(t, p.Find(typeNat))
			for _, s := range p.Find(typeInstanceState) {
				assert.Equal(t, "stopped", s.Inputs["state"], s.Name)
			}
			assert.Len(t, p.Find(typeInstanceState), 2)
		}},
		{"sce:schedule", "", func(t *testing.T, p *plan.Plan) {
			assert.Empty(t, p.Find(typeSchedule))
			assert.Len(t, p.Find(typeInstanceState), 2, "without a schedule an up keeps the instances running")
		}},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			p, err := planWithChanges(t, "hipaa", map[string]string{c.key: c.value})
			require.NoError(t, err)
			c.check(t, p)
		})
	}
	shipped := shippedPlan(t, "hipaa")
	assert.Len(t, shipped.Find(typeInstance), 2, "the shipped stack: a bastion and one worker")
	assert.Len(t, shipped.Find(typeNat), 1)
	assert.Len(t, shipped.Find(typeSchedule), 2)
	assert.Empty(t, shipped.Find(typeInstanceState))
}
