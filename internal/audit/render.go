package audit

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sce-dev/sce/internal/english"
)

// Formats are the output formats Write accepts, in a new slice.
func Formats() []string { return []string{"table", "csv", "json", "markdown"} }

// Write renders the report in format: table (for people), csv (one row per
// event), json (everything) or markdown (the report for a compliance office).
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "table":
		return r.writeTable(w)
	case "csv":
		return r.writeCSV(w)
	case "json":
		return r.writeJSON(w)
	case "markdown":
		return r.writeMarkdown(w)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
}

// headline is the one-line summary every format starts with.
func (r *Report) headline() string {
	return fmt.Sprintf("%s; %s, %s read; %s; %s skipped; %s skipped (read once); %d malformed or truncated",
		english.Plural(r.Len(), "event"), english.Plural(r.LogFiles, "log file"), english.Plural(r.Records, "record"), english.Plural(r.DigestFiles, "digest file"),
		english.Plural(r.OtherFiles, "other file"), english.Plural(len(r.Duplicates), "duplicate file"), len(r.Malformed))
}

// NotFound says, when no S3 data event of the logs is on a bucket asked
// for, which ones, with the closest bucket name seen; "" otherwise.
func (r *Report) NotFound() string {
	if r.BucketsNotFound == nil {
		return ""
	}
	names := make([]string, len(r.BucketsNotFound))
	for i, b := range r.BucketsNotFound {
		names[i] = b
		if near, ok := r.NearestBuckets[b]; ok {
			names[i] += " (did you mean " + near + "?)"
		}
	}
	lead := "none of the searched buckets appears in the logs"
	if n, all := len(r.BucketsNotFound), len(r.Filter.searched()); n < all {
		lead = fmt.Sprintf("%d of the %d searched buckets %s not appear in the logs", n, all, english.Agree(n, "does", "do"))
	}
	return fmt.Sprintf("%s: no S3 data event of the %s (%s) is on %s",
		lead, english.Plural(r.LogFiles, "log file"), english.Plural(r.Records, "record"), orList(names))
}

// verificationLines says what --verify found, one fact per line.
func (v *Verification) lines() []string {
	status := v.status()
	out := []string{fmt.Sprintf("%s: %d of %s verified (SHA-256) against %s; %d missing, %d altered, %d unlisted, %d not yet digested, %s, %s in the window",
		status, v.Verified, english.Plural(v.Listed, "listed log file"), english.Plural(v.DigestFiles, "digest file"), len(v.Missing), len(v.Altered), len(v.Unlisted),
		len(v.Pending), english.Plural(len(v.Chain), "digest-chain problem"), english.Plural(len(v.Gaps), "gap"))}
	out = append(out, "signatures: "+v.Signatures, "window: "+v.Window.String())
	for _, group := range []struct {
		label string
		list  []Finding
	}{{"missing", v.Missing}, {"altered", v.Altered}, {"unlisted", v.Unlisted}, {"chain", v.Chain}, {"signature", v.BadSignatures}} {
		for _, f := range group.list {
			out = append(out, fmt.Sprintf("%s: %s: %s", group.label, f.File, f.Detail))
		}
	}
	for _, g := range v.Gaps {
		out = append(out, "gap: "+g.String())
	}
	for _, n := range v.Notes {
		out = append(out, "note: "+n)
	}
	return out
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// object names an event's object, or its bucket for a bucket-level call.
func object(bucket, key string) string {
	if key == "" {
		return bucket + " (bucket)"
	}
	return bucket + "/" + key
}

// result is "ok" or the error code of a failed call.
func result(errorCode string) string {
	if errorCode == "" {
		return "ok"
	}
	return errorCode
}

// via is where a call came from: the VPC endpoint and address.
func via(e Event) string {
	if e.VPCEndpoint != "" {
		return e.VPCEndpoint + " (" + e.SourceIP + ")"
	}
	return e.SourceIP
}
