package cost

import (
	"fmt"
	"strings"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/stacks"
)

// freeAutomatedSnapshotDays is how long a provisioned Redshift cluster keeps
// automated snapshots without a charge (prices.yaml, source redshift).
const freeAutomatedSnapshotDays = 35

// priceWarehouses prices each provisioned Redshift cluster: its node hours
// (the instances' hours: suspend keeps it paused and the working-hours
// schedule pauses and resumes it with the instances), its managed storage
// (RA3 node types) and its automated snapshots beyond the free storage.
func priceWarehouses(e *estimator) {
	for _, r := range e.plan.Find(typeRedshiftCluster) {
		e.priceWarehouse(r)
	}
}

func (e *estimator) priceWarehouse(r plan.Resource) {
	typ := str(r.Inputs, "nodeType")
	nodes, ok := num(r.Inputs, "numberOfNodes")
	if !ok {
		nodes = 1 // the provider's default, a single-node cluster
	}
	hours := e.hours.PerMonth
	e.add("warehouse", "warehouse "+r.Name+" nodes",
		fmt.Sprintf("%s × %s, paused while suspended and outside working hours; %s", formatCount(nodes), typ, hoursDetail(hours)),
		"redshift.node."+typ, scale(hours, nodes))
	if strings.HasPrefix(typ, "ra3.") {
		gb := e.usage.WarehouseStorageGB
		e.add("warehouse", "warehouse "+r.Name+" managed storage",
			formatCount(gb)+" GB, also while paused ("+stacks.UsageKey(stacks.UsageWarehouseStorageGB)+")", "redshift.managedStorage", all(gb))
	}
	e.priceWarehouseSnapshots(r)
}

// priceWarehouseSnapshots prices automated snapshots kept longer than the
// free days as one more copy of the warehouse's data; within them, they
// cost nothing.
func (e *estimator) priceWarehouseSnapshots(r plan.Resource) {
	days, ok := num(r.Inputs, "automatedSnapshotRetentionPeriod")
	if !ok {
		days = 1 // the provider's default
	}
	if days <= freeAutomatedSnapshotDays {
		e.add("warehouse", "warehouse "+r.Name+" automated snapshots",
			fmt.Sprintf("kept %s days: free up to %d days, 0 GB billed", formatCount(days), freeAutomatedSnapshotDays),
			"redshift.snapshotStorage", all(0))
		return
	}
	gb := e.usage.WarehouseStorageGB
	e.add("warehouse", "warehouse "+r.Name+" automated snapshots",
		fmt.Sprintf("kept %s days, beyond the %d free: %s GB (%s)", formatCount(days), freeAutomatedSnapshotDays, formatCount(gb),
			stacks.UsageKey(stacks.UsageWarehouseStorageGB)),
		"redshift.snapshotStorage", all(gb))
}

// finalSnapshotNote says what a warehouse's final snapshot costs after
// close-out, when the project's own lines are gone; "" without a warehouse.
func (e *estimator) finalSnapshotNotes() []string {
	var out []string
	for _, r := range e.plan.Find(typeRedshiftCluster) {
		id := str(r.Inputs, "finalSnapshotIdentifier")
		if r.Inputs["skipFinalSnapshot"] == true || id == "" {
			continue
		}
		gb := e.usage.WarehouseStorageGB
		cost := "at a price the table does not have"
		if p, ok := e.table.Price(e.region, "redshift.snapshotStorage"); ok {
			cost = "$" + formatAmount(p.Of(gb)) + " a month at " + p.String()
		}
		out = append(out, fmt.Sprintf("after close-out, the warehouse's final snapshot %s (about %s GB, %s) "+
			"costs %s until it is deleted; it is not in the columns above", id, formatCount(gb), stacks.UsageKey(stacks.UsageWarehouseStorageGB), cost))
	}
	return out
}
