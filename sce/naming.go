package sce

import "github.com/sce-dev/sce/sce/internal/storage"

// BucketRole is the purpose of one of the project's S3 buckets; it is part of
// the bucket's name.
type BucketRole string

const (
	// BucketDataIn receives the PHI researchers upload.
	BucketDataIn BucketRole = storage.DataIn
	// BucketOutput holds results produced inside the environment.
	BucketOutput BucketRole = storage.Output
	// BucketLogs holds the audit trail: CloudTrail and VPC flow logs (Object Lock).
	BucketLogs BucketRole = storage.Logs
	// BucketAncillary holds non-PHI material (software, reference data).
	BucketAncillary BucketRole = storage.Ancillary
	// BucketAccessLogs is the target of S3 server access logging (SSE-S3, as S3 requires).
	BucketAccessLogs BucketRole = storage.AccessLogs
	// BucketEgress holds the results the airlock released, readable only by
	// the named recipients; its objects expire (sce:airlock.expireDays).
	BucketEgress BucketRole = storage.Egress
)

// BucketRoles lists every bucket the environment creates, in creation order:
// the access-log target first, because every other bucket logs to it. Each
// call returns a new slice.
func BucketRoles() []BucketRole {
	return []BucketRole{BucketAccessLogs, BucketLogs, BucketDataIn, BucketOutput, BucketAncillary, BucketEgress}
}

// PHI reports whether the bucket may hold PHI and so is read only through the
// project's S3 endpoint and has its object access recorded by CloudTrail.
func (r BucketRole) PHI() bool { return r == BucketDataIn || r == BucketOutput }

// Bucket roles of the account baseline (it also has BucketAccessLogs and
// BucketLogs, which hold the account trail).
const (
	// BucketConfig receives AWS Config's configuration history and snapshots.
	BucketConfig BucketRole = storage.Config
	// BucketArchive keeps what projects leave at close-out (Object Lock, COMPLIANCE).
	BucketArchive BucketRole = storage.Archive
)

// StackKind is the kind of stack a name prefix belongs to: a project's
// PIT or the account baseline's name.
type StackKind string

const (
	// ProjectStack is a project's stack (its names start with its PIT).
	ProjectStack StackKind = "project"
	// BaselineStack is the account baseline's stack (its names start with
	// its sce:name).
	BaselineStack StackKind = "baseline"
)

// SharedName is a resource name two stacks of one account can both build
// when one's name prefix is p and the other's p-<word>.
type SharedName struct {
	// Name is the name, with %s for p.
	Name string
	// Shorter and Longer are the kinds of the stacks with the prefixes p
	// and p-<word> for which the names meet; "" is either kind.
	Shorter, Longer StackKind
}

// PITWordsThatShareNames maps each word w for which two stacks whose names
// start with p and p-w can give two resources the same name (p's
// <w>-<rest> is p-w's <rest>, or p's <w> is p-w itself) to that name: p's
// access-log bucket is p-access's log bucket, the role of a project p's
// warehouse schedule is project p-warehouse's scheduler role, and a
// baseline p's archive key alias is the key alias of a stack p-archive. Each
// call returns a new map; a test of package stacks derives the words and
// kinds from the names the shipped stacks build.
func PITWordsThatShareNames() map[string]SharedName {
	return map[string]SharedName{
		"access":    {Name: "%s-" + string(BucketAccessLogs) + "-<account>-<region>"},
		"archive":   {Name: "alias/%s-archive", Shorter: BaselineStack},
		"warehouse": {Name: "%s-warehouse-scheduler-role", Shorter: ProjectStack, Longer: ProjectStack},
	}
}
