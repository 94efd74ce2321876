package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/sce-dev/sce/internal/egress"
	"github.com/sce-dev/sce/internal/english"
)

// writeRequest says what was requested and what happens next.
func writeRequest(w io.Writer, m egress.Manifest) {
	fmt.Fprintf(w, "request %s: %s, %s, under s3://%s/%s, by %s\n", m.ID, english.Plural(len(m.Files), "file"), english.Plural(m.Bytes(), "byte"), m.Bucket, m.Prefix, m.Requester)
	fmt.Fprintf(w, "manifest: s3://%s/%s%s.json\n", m.Bucket, egress.RequestsPrefix, m.ID)
	writeFiles(w, m.Files)
	fmt.Fprintf(w, "\nNothing has left the environment. A reviewer (not you) runs:\n  sce egress review %s\n  sce egress approve %s %s --reason \"...\"   (or reject)\n", m.PIT, m.PIT, m.ID)
}

// writeFiles lists a request's files.
func writeFiles(w io.Writer, files []egress.File) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  KEY\tVERSION\tBYTES\tSHA-256")
	for _, f := range files {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\n", printableKey(f.Key), f.VersionID, f.Size, f.SHA256)
	}
	_ = tw.Flush()
}

// writeReview lists the pending requests with their files.
func writeReview(w io.Writer, pit string, all []egress.Entry) {
	n := 0
	for _, e := range all {
		if e.Status() != egress.StatusPending {
			continue
		}
		n++
		m := e.Manifest
		fmt.Fprintf(w, "request %s, %s, by %s: %s, %s, under s3://%s/%s\n  reason: %s\n",
			printableKey(m.ID), stampOf(m.RequestedAt), printableKey(m.Requester), english.Plural(len(m.Files), "file"), english.Plural(m.Bytes(), "byte"), m.Bucket, printableKey(m.Prefix), printableKey(m.Reason))
		writeFiles(w, m.Files)
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%d pending of %s in project %s", n, english.Plural(len(all), "request"), pit)
	if n > 0 {
		fmt.Fprintf(w, ": sce egress approve|reject %s <request-id> --reason \"...\"", pit)
	}
	fmt.Fprintln(w)
}

// writeApproved says what an approval did and where its records are.
func writeApproved(w io.Writer, p egress.Project, out egress.Outcome, lock egress.Retention) {
	d := out.Decision
	if out.Resumed {
		fmt.Fprintf(w, "request %s was approved by %s at %s; this run resumed it\n", d.RequestID, d.Reviewer, stampOf(d.DecidedAt))
	} else {
		fmt.Fprintf(w, "request %s approved by %s at %s\n", d.RequestID, d.Reviewer, stampOf(d.DecidedAt))
	}
	fmt.Fprintf(w, "%s copied now, %d copied by an earlier run, to s3://%s/%s/\n", english.Plural(out.Copied, "file"), out.AlreadyCopied, out.Receipt.Bucket, d.RequestID)
	fmt.Fprintf(w, "decision: s3://%s/%s%s.json\nreceipt:  s3://%s/%s%s.json\n", p.Logs, egress.DecisionsPrefix, d.RequestID, p.Logs, egress.ReceiptsPrefix, d.RequestID)
	fmt.Fprintf(w, "(written once; Object Lock %s, %s from when each was written)\n", lock.Mode, english.Plural(lock.Days, "day"))
}

// writeRejected says that nothing was copied and where the decision is.
func writeRejected(w io.Writer, p egress.Project, d egress.Decision, lock egress.Retention) {
	fmt.Fprintf(w, "request %s rejected by %s at %s; nothing was copied\n", d.RequestID, d.Reviewer, stampOf(d.DecidedAt))
	fmt.Fprintf(w, "decision: s3://%s/%s%s.json (written once; Object Lock %s, %s)\n", p.Logs, egress.DecisionsPrefix, d.RequestID, lock.Mode, english.Plural(lock.Days, "day"))
}

// historyEntry is one request of sce egress list --format json.
type historyEntry struct {
	Status   string           `json:"status"`
	Request  egress.Manifest  `json:"request"`
	Decision *egress.Decision `json:"decision"`
	Receipt  *egress.Receipt  `json:"receipt"`
}

// writeHistory lists every request: a table, or everything as JSON.
func writeHistory(w io.Writer, pit string, all []egress.Entry, format string) error {
	if format == "json" {
		out := make([]historyEntry, 0, len(all))
		for _, e := range all {
			d := e.Decision
			if d != nil {
				cp := *d
				cp.Manifest = egress.Manifest{} // the request is printed once
				d = &cp
			}
			out = append(out, historyEntry{Status: e.Status(), Request: e.Manifest, Decision: d, Receipt: e.Receipt})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("write the history: %w", err)
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "REQUEST\tSTATUS\tREQUESTED\tREQUESTER\tFILES\tBYTES\tDECIDED\tREVIEWER\tCOPIES")
	for _, e := range all {
		m := e.Manifest
		decided, reviewer, copies := "-", "-", "-"
		if e.Decision != nil {
			decided, reviewer = stampOf(e.Decision.DecidedAt), e.Decision.Reviewer
		}
		if e.Receipt != nil {
			copies = strconv.Itoa(len(e.Receipt.Copies))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", printableKey(m.ID), e.Status(), stampOf(m.RequestedAt),
			printableKey(m.Requester), len(m.Files), m.Bytes(), decided, printableKey(reviewer), copies)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write the history: %w", err)
	}
	fmt.Fprintf(w, "%s in project %s; each request's files and reasons: sce egress list %s --format json\n", english.Plural(len(all), "request"), pit, pit)
	return nil
}

func stampOf(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// printableKey quotes a key or text that holds characters a terminal
// would interpret.
func printableKey(s string) string {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\t' {
			return strconv.Quote(s)
		}
	}
	return s
}
