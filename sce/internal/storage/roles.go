// Package storage describes the project's and the baseline's S3 buckets:
// their roles, the bucket policy of each role and their lifecycle rules.
// The hardened Bucket component itself is public in package sce; this
// package gives it its policy documents and rules.
package storage

// Bucket roles: the purpose of a bucket, part of its name. Package sce
// exports them as its BucketRole enum.
const (
	// DataIn receives the PHI researchers upload.
	DataIn = "data-in"
	// Output holds results produced inside the environment.
	Output = "output"
	// Logs holds the audit trail (Object Lock).
	Logs = "logs"
	// Ancillary holds non-PHI material (software, reference data).
	Ancillary = "ancillary"
	// AccessLogs is the target of S3 server access logging (SSE-S3).
	AccessLogs = "access-logs"
	// Config holds AWS Config's history and snapshots (baseline).
	Config = "config"
	// Archive keeps what projects leave at close-out (baseline).
	Archive = "archive"
	// Egress holds the results the airlock released, for the named
	// recipients only; its objects expire.
	Egress = "egress"
)

// Protected reports whether a project bucket of role holds PHI or audit
// evidence and so is Protect'ed: only close-out lifts that, on purpose.
func Protected(role string) bool { return role != Ancillary }
