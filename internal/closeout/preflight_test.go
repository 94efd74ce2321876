package closeout

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// TestRefusesAWarehouseThatCannotBeSnapshotted: the destroy takes the
// warehouse's final snapshot, so close-out stops at preflight, before
// anything is copied or changed, while the cluster is not available, and
// for a suspended stack, whose schedule pauses the cluster every hour.
func TestRefusesAWarehouseThatCannotBeSnapshotted(t *testing.T) {
	tests := []struct {
		name      string
		suspended bool
		status    string
		want      string
		calls     []string
	}{
		{"paused", false, "paused", "close-out refused: the warehouse hipaa-warehouse is paused, and the destroy must take its final " +
			"snapshot from a running cluster: resume it (aws redshift resume-cluster --cluster-identifier hipaa-warehouse), wait until " +
			"it is available (aws redshift wait cluster-available --cluster-identifier hipaa-warehouse), then close out",
			[]string{"Outputs", "Config", "WarehouseStatus"}},
		{"pausing", false, "pausing", "close-out refused: the warehouse hipaa-warehouse is pausing, and the destroy must take its final " +
			"snapshot from a running cluster: resume it (aws redshift resume-cluster --cluster-identifier hipaa-warehouse), wait until " +
			"it is available (aws redshift wait cluster-available --cluster-identifier hipaa-warehouse), then close out",
			[]string{"Outputs", "Config", "WarehouseStatus"}},
		{"resuming", false, "resuming", "close-out refused: the warehouse hipaa-warehouse is resuming, not available, and the destroy " +
			"must take its final snapshot from an available cluster: wait until it is (aws redshift wait cluster-available " +
			"--cluster-identifier hipaa-warehouse), then close out",
			[]string{"Outputs", "Config", "WarehouseStatus"}},
		{"suspended", true, "available", "close-out refused: the stack is suspended (sce:suspended: true): its schedule " +
			"hipaa-keep-warehouse-paused pauses the warehouse hipaa-warehouse every hour, and the destroy must take the warehouse's " +
			"final snapshot from a running cluster; lift the suspend first (set sce:suspended: false, run pulumi up), resume the " +
			"warehouse (aws redshift resume-cluster --cluster-identifier hipaa-warehouse), then close out",
			[]string{"Outputs", "Config"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.stack.config.Warehouse, w.stack.config.Suspended = &sce.WarehouseArgs{}, tt.suspended
			w.retention.status = tt.status
			_, err := w.run()
			assert.EqualError(t, err, tt.want)
			assert.True(t, errors.Is(err, ErrRefused))
			assert.Equal(t, tt.calls, w.calls.all())
			assert.Empty(t, w.archived())
		})
	}
}

// TestClosesOutAnAvailableWarehouse: an available cluster, and a project
// without a warehouse even while suspended, pass preflight.
func TestClosesOutAnAvailableWarehouse(t *testing.T) {
	w := newWorld(t)
	w.stack.config.Warehouse = &sce.WarehouseArgs{}
	w.retention.status = "available"
	_, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, "hipaa-warehouse", w.retention.asked[0], "preflight asks for the project's cluster first")

	w = newWorld(t)
	w.stack.config.Suspended = true
	_, err = Run(context.Background(), w.env(), w.opts())
	require.NoError(t, err)
	assert.NotContains(t, w.calls.all(), "WarehouseStatus", "no warehouse, nothing to ask")
}

// TestAWarehousePausedDuringCloseOutStopsTheDestroy: preflight found the
// warehouse available, but a working-hours schedule paused it while the
// data was archived: close-out asks again right before the destroy, stops
// there with the same refusal (after archiving, before destroying), and a
// rerun once it is resumed finishes.
func TestAWarehousePausedDuringCloseOutStopsTheDestroy(t *testing.T) {
	w := newWorld(t)
	w.stack.config.Warehouse = &sce.WarehouseArgs{}
	w.retention.statuses = []string{"available", "paused"}
	_, err := w.run()
	assert.EqualError(t, err, "close-out refused: the warehouse hipaa-warehouse is paused, and the destroy must take its final "+
		"snapshot from a running cluster: resume it (aws redshift resume-cluster --cluster-identifier hipaa-warehouse), wait until "+
		"it is available (aws redshift wait cluster-available --cluster-identifier hipaa-warehouse), then close out")
	assert.True(t, errors.Is(err, ErrRefused))
	assert.NotContains(t, w.calls.all(), "Destroy")
	assert.Equal(t, w.want, w.archived(), "the archive is done before the destroy is refused")

	w.retention.statuses = []string{"available"}
	_, err = Run(context.Background(), w.env(), w.opts())
	require.NoError(t, err)
	assert.Contains(t, w.calls.all(), "Destroy")
}
