package sce

import (
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/storage"
)

// The airlock's names: what the environment creates for it and where the
// `sce egress` commands keep their documents. The stack's bucket policies
// and the commands read them from here, so they cannot drift apart.
const (
	// AirlockOutputPrefix is the output bucket's part the airlock owns: no
	// request may release anything under it.
	AirlockOutputPrefix = storage.AirlockOutputPrefix
	// AirlockRequestsPrefix is where request manifests are kept in the
	// output bucket: <id>.json, written once (If-None-Match).
	AirlockRequestsPrefix = storage.AirlockOutputPrefix + "requests/"
	// AirlockLogsPrefix is the logs bucket's part the airlock owns, which
	// only the approver role writes.
	AirlockLogsPrefix = storage.AirlockLogsPrefix
	// AirlockDecisionsPrefix is where decisions are kept in the logs
	// bucket: <id>.json, written once, under Object Lock.
	AirlockDecisionsPrefix = storage.AirlockLogsPrefix + "decisions/"
	// AirlockReceiptsPrefix is where the receipts of completed copies are
	// kept in the logs bucket: <id>.json, written once, under Object Lock.
	AirlockReceiptsPrefix = storage.AirlockLogsPrefix + "receipts/"
)

// ApproverRoleName is the name of project pit's airlock approver role,
// "<pit>-egress-approver": the role reviewers assume to approve or reject
// requests, and the only principal that writes the egress bucket.
func ApproverRoleName(pit string) string {
	return naming.Namer{PIT: pit}.Logical(storage.ApproverRole)
}
