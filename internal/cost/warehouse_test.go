package cost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
)

// warehousePlan is a project in us-west-2 with one Redshift cluster of inputs.
func warehousePlan(inputs map[string]any) *plan.Plan {
	return fixturePlan(map[string]string{"aws:region": "us-west-2", "sce:schedule": weekdaySchedule},
		res(typeRedshiftCluster, "t-warehouse", inputs))
}

// linesOf maps each line's item to the line.
func linesOf(lines []Line) map[string]Line {
	out := map[string]Line{}
	for _, l := range lines {
		out[l.Item] = l
	}
	return out
}

func TestWarehouseRA3(t *testing.T) {
	est := estimate(t, warehousePlan(map[string]any{"nodeType": "ra3.xlplus", "numberOfNodes": 2.0,
		"automatedSnapshotRetentionPeriod": 7.0, "skipFinalSnapshot": false, "finalSnapshotIdentifier": "t-warehouse-final"}))
	lines := linesOf(est.Lines)
	// 2 nodes * $1.086: none while suspended (paused), 238.33 working
	// hours = $517.66 (paused after them), 730 h = $1,585.56; 100 GB * $0.024.
	assert.Equal(t, map[string]PerColumn{
		"warehouse t-warehouse nodes":               {0, 517.66, 1585.56},
		"warehouse t-warehouse managed storage":     {2.40, 2.40, 2.40},
		"warehouse t-warehouse automated snapshots": {0, 0, 0},
	}, costsOf(est.Lines))
	assert.Equal(t, "2 × ra3.xlplus, paused while suspended and outside working hours; 0 / 238.33 / 730 h",
		lines["warehouse t-warehouse nodes"].Detail)
	assert.Equal(t, "$1.086/node-hour", lines["warehouse t-warehouse nodes"].Rate)
	assert.Equal(t, "100 GB, also while paused (sce:usage.warehouseStorageGb)", lines["warehouse t-warehouse managed storage"].Detail)
	assert.Equal(t, "kept 7 days: free up to 35 days, 0 GB billed", lines["warehouse t-warehouse automated snapshots"].Detail)
	assert.Equal(t, []GroupCost{{Group: "warehouse", Monthly: 2.40, What: []string{"warehouse managed storage"}}}, est.WhileSuspended)
	assert.Contains(t, est.Assumptions, "sce:usage.warehouseStorageGb = 100 GB (default)")
	assert.Contains(t, est.Assumptions, "after close-out, the warehouse's final snapshot t-warehouse-final (about 100 GB, "+
		"sce:usage.warehouseStorageGb) costs $2.40 a month at $0.024/GB-month until it is deleted; it is not in the columns above")
	assert.Contains(t, est.Assumptions, "the warehouse runs the instances' hours: sce:schedule pauses it at stop (and resumes it at start "+
		"with autoStart), sce:suspended keeps it paused; paused, it pays for storage only")
	assert.Contains(t, est.Sources, "redshift")
	assert.Empty(t, est.Unknown)
}

func TestWarehouseSnapshotsBeyondFreeDays(t *testing.T) {
	p := warehousePlan(map[string]any{"nodeType": "ra3.4xlarge", "numberOfNodes": 2.0, "automatedSnapshotRetentionPeriod": 36.0,
		"skipFinalSnapshot": true})
	p.Config["sce:usage"] = `{"warehouseStorageGb":1000}`
	est := estimate(t, p)
	assert.Equal(t, map[string]PerColumn{
		"warehouse t-warehouse nodes":               {0, 1553.93, 4759.60}, // 2 * $3.26 * 238.33 h or 730 h
		"warehouse t-warehouse managed storage":     {24, 24, 24},
		"warehouse t-warehouse automated snapshots": {24, 24, 24},
	}, costsOf(est.Lines))
	assert.Equal(t, "kept 36 days, beyond the 35 free: 1,000 GB (sce:usage.warehouseStorageGb)",
		linesOf(est.Lines)["warehouse t-warehouse automated snapshots"].Detail)
	for _, a := range est.Assumptions {
		assert.NotContains(t, a, "final snapshot", "skipFinalSnapshot: no final snapshot to pay for")
	}
}

func TestWarehouseSingleDC2Node(t *testing.T) {
	est := estimate(t, warehousePlan(map[string]any{"nodeType": "dc2.large"}))
	assert.Equal(t, map[string]PerColumn{
		"warehouse t-warehouse nodes":               {0, 59.58, 182.50}, // one node, the provider's default: $0.25 * 238.33 h or 730 h
		"warehouse t-warehouse automated snapshots": {0, 0, 0},          // one day, the provider's default
	}, costsOf(est.Lines), "no managed storage on DC2: its storage is in the node price")
}

func TestWarehouseWithoutScheduleRunsAlwaysOn(t *testing.T) {
	p := warehousePlan(map[string]any{"nodeType": "ra3.xlplus", "numberOfNodes": 2.0})
	delete(p.Config, "sce:schedule")
	est := estimate(t, p)
	l := linesOf(est.Lines)["warehouse t-warehouse nodes"]
	assert.Equal(t, PerColumn{0, 1585.56, 1585.56}, l.Monthly, "no working hours: the warehouse runs around the clock unless suspended")
	assert.Equal(t, "2 × ra3.xlplus, paused while suspended and outside working hours; 0 / 730 / 730 h", l.Detail)
}

func TestWarehouseUnknownNodeType(t *testing.T) {
	est := estimate(t, warehousePlan(map[string]any{"nodeType": "ra3.large", "numberOfNodes": 2.0}))
	l := linesOf(est.Lines)["warehouse t-warehouse nodes"]
	assert.Equal(t, Columns{false, true, true}, l.Unknown, "paused, the unknown node price costs nothing")
	assert.Equal(t, []string{"warehouse t-warehouse nodes: no price for redshift.node.ra3.large in us-west-2"}, est.Unknown)
	assert.Equal(t, Columns{false, true, true}, est.Total.AtLeast)
}

func TestWarehouseTypesAreFreeOrPriced(t *testing.T) {
	tab, err := DefaultTable()
	require.NoError(t, err)
	for _, typ := range []string{awstype.RedshiftLogging, awstype.RedshiftParameterGroup,
		awstype.RedshiftSubnetGroup, awstype.BackupVault, awstype.BackupSelection,
		awstype.BackupVaultLockConfiguration} {
		assert.Contains(t, tab.Free, typ)
	}
	assert.NotContains(t, tab.Free, typeVpcEndpoint, "interface endpoints cost: the estimate prices the type")
}
