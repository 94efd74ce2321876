package sce

import (
	"cmp"
	"slices"

	"github.com/sce-dev/sce/sce/internal/tags"
	"github.com/sce-dev/sce/sce/internal/warehouse"
)

// TagWarehouse marks the VPC of a project with a Redshift warehouse: its
// default tenancy is "default", because Redshift refuses dedicated-tenancy
// VPCs; every sce instance still asks for dedicated tenancy itself.
const TagWarehouse = tags.Warehouse

// WarehouseKind is how the project's Amazon Redshift warehouse runs.
type WarehouseKind string

const (
	// WarehouseProvisioned is a provisioned cluster of NodeCount nodes of
	// NodeType (the zero value's choice).
	WarehouseProvisioned WarehouseKind = "provisioned"
	// WarehouseServerless is Redshift Serverless (a namespace and a
	// workgroup of BaseCapacity RPUs). sce refuses it today: a workgroup
	// needs subnets in three Availability Zones, an SCE has at most two.
	WarehouseServerless WarehouseKind = "serverless"
)

// WarehouseKinds lists every WarehouseKind, in the order the documentation
// shows them (a new slice on each call: callers cannot change the list).
func WarehouseKinds() []WarehouseKind {
	return []WarehouseKind{WarehouseProvisioned, WarehouseServerless}
}

// Valid reports whether k is one of WarehouseKinds.
func (k WarehouseKind) Valid() bool { return slices.Contains(WarehouseKinds(), k) }

// WarehouseArgs describe the optional Amazon Redshift warehouse
// (sce:warehouse). Encryption with the project key, no public access,
// enhanced VPC routing, TLS only, audit logging and the managed admin
// secret have no switch: they are always on.
type WarehouseArgs struct {
	// Kind is provisioned or serverless (sce:warehouse.kind); the zero value
	// means WarehouseProvisioned.
	Kind WarehouseKind
	// NodeType is the node type of a provisioned cluster
	// (sce:warehouse.nodeType); empty means DefaultWarehouseNodeType.
	NodeType string
	// NodeCount is the number of nodes of a provisioned cluster
	// (sce:warehouse.nodeCount); zero means DefaultWarehouseNodeCount.
	NodeCount int
	// BaseCapacity is a serverless workgroup's base capacity in RPUs
	// (sce:warehouse.baseCapacity); zero means DefaultWarehouseBaseCapacity.
	BaseCapacity int
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
	DefaultWarehouseBaseCapacity          = 8
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
	c.Kind = cmp.Or(c.Kind, WarehouseProvisioned)
	c.NodeType = cmp.Or(c.NodeType, DefaultWarehouseNodeType)
	c.NodeCount = cmp.Or(c.NodeCount, DefaultWarehouseNodeCount)
	c.BaseCapacity = cmp.Or(c.BaseCapacity, DefaultWarehouseBaseCapacity)
	c.DatabaseName = cmp.Or(c.DatabaseName, DefaultWarehouseDatabase)
	c.SnapshotRetentionDays = cmp.Or(c.SnapshotRetentionDays, DefaultWarehouseSnapshotRetentionDays)
	return &c
}
