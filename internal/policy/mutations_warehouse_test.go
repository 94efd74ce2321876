package policy_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
)

// warehouseMutations are single changes to the omop plan (a project with a
// Redshift warehouse, whose VPC keeps default tenancy) that break the
// tenancy exception.
func warehouseMutations() []mutation {
	const exception = "stack_deny_vpc_tenancy_exception"
	noCluster := "VPC 'omop-vpc' has instance tenancy default for a Redshift warehouse (tag sce:warehouse) but holds no Redshift cluster"
	return []mutation{
		{name: "drop the warehouse, keep the VPC's default tenancy", needs: "omop-warehouse",
			apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "omop-warehouse") }, rule: exception, want: noCluster},
		{name: "launch the cluster in a subnet group outside the VPC", needs: "omop-warehouse", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "omop-warehouse", "clusterSubnetGroupName", nil)
			set(t, p, "omop-warehouse", "clusterSubnetGroupName", "elsewhere-subnets")
		}, rule: exception, want: noCluster},
		{name: "empty the warehouse's subnet group", needs: "omop-warehouse-subnets", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "omop-warehouse-subnets", "subnetIds", nil)
		}, rule: exception, want: noCluster},
		{name: "a worker on shared hardware", needs: "omop-worker-1", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "omop-worker-1", "tenancy", "default")
		}, rule: exception, want: "Instance 'omop-worker-1' has tenancy default in VPC 'omop-vpc' of instance tenancy default: it must ask for dedicated tenancy itself"},
		{name: "the bastion without a tenancy", needs: "omop-bastion", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "omop-bastion", "tenancy", nil)
		}, rule: exception, want: "Instance 'omop-bastion' has tenancy default in VPC 'omop-vpc' of instance tenancy default: it must ask for dedicated tenancy itself"},
		{name: "drop the VPC's claim of the exception", needs: "omop-vpc", apply: func(t *testing.T, p *plan.Plan) {
			delete(nested(t, p, "omop-vpc", "tags"), "sce:warehouse")
		}, rule: "deny_vpc_dedicated_tenancy", want: "VPC 'omop-vpc' has instance tenancy default: SCE instances run on dedicated hardware"},
	}
}

// TestWarehouseTenancyMutationsCaught applies each mutation alone to the
// omop plan and checks that the rule meant for it reports it (and did not
// before): the tag on the VPC is a claim, not proof.
func TestWarehouseTenancyMutationsCaught(t *testing.T) {
	pack := loadPack(t)
	base := shipped(t, "omop")
	vpc := resource(t, base, "omop-vpc")
	require.Equal(t, "default", vpc.Inputs["instanceTenancy"], "the omop plan has a warehouse, so its VPC keeps default tenancy")
	baseline, err := pack.Check(context.Background(), base, nil)
	require.NoError(t, err)
	require.Zero(t, baseline.Count("mandatory"), "the omop plan must pass before it is mutated")
	require.Empty(t, messages(baseline, "stack_deny_vpc_tenancy_exception"))
	for _, m := range warehouseMutations() {
		t.Run(m.name, func(t *testing.T) {
			p := clonePlan(base)
			require.True(t, has(p, m.needs), "the omop plan has no %s, which this mutation edits", m.needs)
			_, ok := pack.Rule(m.rule)
			require.True(t, ok, "no rule %s", m.rule)
			m.apply(t, p)
			res, err := pack.Check(context.Background(), p, nil)
			require.NoError(t, err)
			assert.Contains(t, messages(res, m.rule), m.want)
		})
	}
}
