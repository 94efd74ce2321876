package egress

import (
	"strings"
	"time"

	"github.com/sce-dev/sce/sce"
)

// Prefixes of the airlock's documents: the ones the stack's bucket policies
// reserve for the airlock (package sce holds them for both).
const (
	// RequestsPrefix is where request manifests are kept in the output
	// bucket; no request may release anything under it.
	RequestsPrefix = sce.AirlockRequestsPrefix
	// DecisionsPrefix is where decisions are kept in the logs bucket.
	DecisionsPrefix = sce.AirlockDecisionsPrefix
	// ReceiptsPrefix is where the receipts of completed copies are kept in
	// the logs bucket.
	ReceiptsPrefix = sce.AirlockReceiptsPrefix
	// reservedPrefix is the output bucket's part the airlock owns.
	reservedPrefix = sce.AirlockOutputPrefix
	// maxKeyBytes is S3's longest key.
	maxKeyBytes = 1024
)

// Metadata the approval sets on each copy in the egress bucket, which makes
// the copy of a request's file recognisable when an approval resumes.
const (
	metaRequest = "sce-egress-request"
	metaSource  = "sce-source-version"
	metaSHA256  = "sce-sha256"
)

func requestKey(id string) string  { return RequestsPrefix + id + ".json" }
func decisionKey(id string) string { return DecisionsPrefix + id + ".json" }
func receiptKey(id string) string  { return ReceiptsPrefix + id + ".json" }

// egressKey is where a request's file is released: <id>/<key>.
func egressKey(id, key string) string { return id + "/" + key }

// idOf is the request ID of a document key under prefix (a manifest, a
// decision or a receipt), "" for another key.
func idOf(prefix, key string) string {
	name, ok := strings.CutPrefix(key, prefix)
	id, json := strings.CutSuffix(name, ".json")
	if !ok || !json || checkID(id) != nil {
		return ""
	}
	return id
}

// checkID refuses what cannot be a request ID: IDs are made by newID,
// YYYYMMDDTHHMMSSZ-<8 hex digits>.
func checkID(id string) error {
	const layout = "20060102T150405Z"
	stamp, suffix, ok := strings.Cut(id, "-")
	if _, err := time.Parse(layout, stamp); err != nil || !ok || len(suffix) != 8 || strings.Trim(suffix, "0123456789abcdef") != "" {
		return invalid("%q is not a request ID (like 20260302T101500Z-1a2b3c4d): see `sce egress review`", id)
	}
	return nil
}
