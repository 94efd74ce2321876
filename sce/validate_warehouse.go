package sce

import (
	"regexp"
	"slices"
	"strings"
)

// warehouseNodeTypes are the provisioned node types sce accepts: the RA3
// (managed storage) and DC2 families current at the time of writing.
func warehouseNodeTypes() []string {
	return []string{"ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge", "dc2.large", "dc2.8xlarge"}
}

// Limits of the warehouse's settings.
const (
	maxWarehouseNodes        = 32
	minWarehouseSnapshotDays = 7
	maxWarehouseSnapshotDays = 35
)

// databaseNamePattern is a Redshift database name: lowercase letter first,
// then lowercase letters, digits and underscores, at most 64 characters.
const databaseNamePattern = `^[a-z][a-z0-9_]{0,63}$`

// validateWarehouse checks sce:warehouse (already defaulted); nil is valid.
func validateWarehouse(errs *ValidationErrors, w *WarehouseArgs) {
	if w == nil {
		return
	}
	validateWarehouseNodes(errs, w)
	switch {
	case !regexp.MustCompile(databaseNamePattern).MatchString(w.DatabaseName):
		errs.add("warehouse.databaseName", "%q is not a Redshift database name: start with a lowercase letter, use only a-z, 0-9 and '_', at most 64 characters", w.DatabaseName)
	case isRedshiftReserved(w.DatabaseName):
		errs.add("warehouse.databaseName", "%q is a Redshift reserved word, which Redshift refuses as the database name: "+
			"choose another, for example %s_db or the default %s", w.DatabaseName, w.DatabaseName, DefaultWarehouseDatabase)
	}
	if w.SnapshotRetentionDays < minWarehouseSnapshotDays || w.SnapshotRetentionDays > maxWarehouseSnapshotDays {
		errs.add("warehouse.snapshotRetentionDays", "%d is out of range: automated snapshots are kept %d to %d days", w.SnapshotRetentionDays, minWarehouseSnapshotDays, maxWarehouseSnapshotDays)
	}
}

// validateWarehouseNodes checks a provisioned cluster's node type and count.
func validateWarehouseNodes(errs *ValidationErrors, w *WarehouseArgs) {
	if !slices.Contains(warehouseNodeTypes(), w.NodeType) {
		errs.add("warehouse.nodeType", "%q is not a Redshift node type sce supports: use one of %s", w.NodeType, strings.Join(warehouseNodeTypes(), ", "))
	}
	if w.NodeCount < 1 || w.NodeCount > maxWarehouseNodes {
		errs.add("warehouse.nodeCount", "%d is out of range: a cluster has 1 to %d nodes", w.NodeCount, maxWarehouseNodes)
	}
}
