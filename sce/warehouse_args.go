package sce

import (
	"cmp"

	"github.com/sce-dev/sce/sce/internal/tags"
	"github.com/sce-dev/sce/sce/internal/warehouse"
)

// TagWarehouse marks the VPC of a project with a Redshift warehouse: its
// default tenancy is "default", because Redshift refuses dedicated-tenancy
// VPCs; every sce instance still asks for dedicated tenancy itself. The tag
// only claims the exception: the policy pack's stack rule
// stack_deny_vpc_tenancy_exception checks that the cluster is in the VPC
// and every instance there is dedicated.
const TagWarehouse = tags.Warehouse

// WarehouseArgs describe the optional Amazon Redshift warehouse
// (sce:warehouse), a provisioned cluster. Encryption with the project key,
// no public access, enhanced VPC routing, TLS only, audit logging and the
// managed admin secret have no switch: they are always on.
//
// Redshift Serverless is not offered: a workgroup needs subnets in three
// Availability Zones and an environment has two. Its arguments come back
// with a third, warehouse-only subnet when it is supported.
type WarehouseArgs struct {
	// NodeType is the node type of a provisioned cluster
	// (sce:warehouse.nodeType); empty means DefaultWarehouseNodeType.
	NodeType string
	// NodeCount is the number of nodes of a provisioned cluster
	// (sce:warehouse.nodeCount); zero means DefaultWarehouseNodeCount.
	NodeCount int
	// DatabaseName is the database created with the warehouse
	// (sce:warehouse.databaseName); empty means DefaultWarehouseDatabase.
	DatabaseName string
	// SnapshotRetentionDays keeps automated snapshots that many days
	// (sce:warehouse.snapshotRetentionDays), 7 to 35; zero means
	// DefaultWarehouseSnapshotRetentionDays.
	SnapshotRetentionDays int
}

// Defaults of the warehouse's optional fields.
const (
	DefaultWarehouseNodeType              = "ra3.xlplus"
	DefaultWarehouseNodeCount             = 2
	DefaultWarehouseDatabase              = "research"
	DefaultWarehouseSnapshotRetentionDays = 7
)

// WarehouseAdminUser is the warehouse's admin user; its password is made
// and kept by Secrets Manager, never by sce.
const WarehouseAdminUser = warehouse.AdminUser

// withDefaults returns a copy of w with every zero-valued field defaulted;
// nil stays nil (no warehouse).
func (w *WarehouseArgs) withDefaults() *WarehouseArgs {
	if w == nil {
		return nil
	}
	c := *w
	c.NodeType = cmp.Or(c.NodeType, DefaultWarehouseNodeType)
	c.NodeCount = cmp.Or(c.NodeCount, DefaultWarehouseNodeCount)
	c.DatabaseName = cmp.Or(c.DatabaseName, DefaultWarehouseDatabase)
	c.SnapshotRetentionDays = cmp.Or(c.SnapshotRetentionDays, DefaultWarehouseSnapshotRetentionDays)
	return &c
}
