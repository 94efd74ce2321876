package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sce-dev/sce/internal/english"
)

// writeJSON renders everything: the report's facts, the summaries, and the
// events, streamed one at a time.
func (r *Report) writeJSON(out io.Writer) error {
	bw := bufio.NewWriter(out)
	downloads, err := r.EgressDownloads()
	if err != nil {
		return err
	}
	var asked *[]Event // absent when not asked for, [] when there were none
	if downloads != nil {
		asked = &downloads
	}
	head, err := json.Marshal(struct {
		*Report
		Verify     string             `json:"verify"`
		Events     int                `json:"eventCount"`
		Principals []PrincipalSummary `json:"principals"`
		Objects    []ObjectSummary    `json:"objects"`
		Downloads  *[]Event           `json:"egressDownloads,omitempty"`
	}{r, r.VerifyStatus(), r.Len(), r.Principals(), r.Objects(), asked})
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"events":[`)
	first := true
	for e, err := range r.Events() {
		if err != nil {
			return err
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		line, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		bw.WriteString("\n")
		bw.Write(line)
	}
	bw.WriteString("\n]}\n")
	return flush(bw)
}

// writeMarkdown renders the report a compliance office reads: which PHI was
// used, by whom, when and from where, and how far the logs can be trusted.
func (r *Report) writeMarkdown(out io.Writer) error {
	bw := bufio.NewWriter(out)
	title := "S3 data access report"
	if r.Filter.PIT != "" {
		title = "PHI access report: project " + r.Filter.PIT
	}
	fmt.Fprintf(bw, "# %s\n\n", title)
	fmt.Fprintf(bw, "- Scope: %s\n- Sources: %s\n- Generated: %s by %s\n- Read: %s\n- Coverage: %s\n- Verification: %s\n",
		md(r.Filter.Describe()), md(strings.Join(r.Sources, ", ")), stamp(r.Generated), md(r.Build), r.headline(), r.CoverLine(), md(r.VerifyStatus()))
	if nf := r.NotFound(); nf != "" {
		fmt.Fprintf(bw, "- **Warning**: %s\n", md(nf))
	}
	if r.OutsideWindow != "" {
		fmt.Fprintf(bw, "- **Warning**: %s\n", md(r.OutsideWindow))
	}
	if nc := r.NotCovered(); nc != "" {
		fmt.Fprintf(bw, "- **Warning**: %s\n", md(nc))
	}
	for _, w := range r.FilterWarnings {
		fmt.Fprintf(bw, "- **Warning**: %s\n", md(w))
	}
	if note := r.ReplicationNote(); note != "" {
		fmt.Fprintf(bw, "- Replication: %s\n", md(note))
	}
	r.markdownIntegrity(bw)
	r.markdownSummaries(bw)
	r.writeReplicationMarkdown(bw)
	if err := r.writeEgressMarkdown(bw); err != nil {
		return err
	}
	fmt.Fprintf(bw, "\n## Events (%d)\n\n| time (UTC) | principal | action | object | from | result |\n| --- | --- | --- | --- | --- | --- |\n", r.Len())
	for e, err := range r.Events() {
		if err != nil {
			return err
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s |\n", stamp(e.Time), md(e.Principal), e.Action, md(object(e.Bucket, e.Key)), md(via(e)), result(e.ErrorCode))
	}
	return flush(bw)
}

func (r *Report) markdownIntegrity(bw *bufio.Writer) {
	bw.WriteString("\n## Integrity of the logs\n\n")
	for _, l := range r.VerifyLines() {
		fmt.Fprintf(bw, "- %s\n", md(l))
	}
	if n := len(r.Duplicates); n > 0 {
		fmt.Fprintf(bw, "\n%s %s found more than once (the same file through two sources, or a copy) and read once:\n\n",
			english.Plural(n, "file"), english.Agree(n, "was", "were"))
		for _, f := range r.Duplicates {
			fmt.Fprintf(bw, "- %s: %s\n", md(f.File), md(f.Detail))
		}
	}
	if skipped := r.skippedLines(); len(skipped) > 0 {
		fmt.Fprintf(bw, "\n%s %s skipped (not CloudTrail log or digest files):\n\n", english.Plural(r.OtherFiles, "other file"), english.Agree(r.OtherFiles, "was", "were"))
		for _, l := range skipped {
			fmt.Fprintf(bw, "- %s\n", md(l))
		}
	}
	if len(r.Malformed) == 0 {
		bw.WriteString("\nEvery log file read was complete and well-formed.\n")
		return
	}
	n := len(r.Malformed)
	fmt.Fprintf(bw, "\n%s %s malformed or truncated; the events read before the problem are included:\n\n", english.Plural(n, "log file"), english.IsAre(n))
	for _, f := range r.Malformed {
		fmt.Fprintf(bw, "- %s: %s\n", md(f.File), md(f.Detail))
	}
}

func (r *Report) markdownSummaries(bw *bufio.Writer) {
	principals := r.Principals()
	fmt.Fprintf(bw, "\n## By principal (%d)\n\n| principal | events | denied | objects | bytes out | first | last | actions |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n", len(principals))
	for _, p := range principals {
		fmt.Fprintf(bw, "| %s | %d | %d | %d | %d | %s | %s | %s |\n", md(p.Principal), p.Events, p.Denied, p.Objects, p.BytesOut, stamp(p.First), stamp(p.Last), actionList(p.Actions))
	}
	objects := r.Objects()
	fmt.Fprintf(bw, "\n## By object (%d)\n\n| object | events | denied | first | last | actions | principals |\n| --- | --- | --- | --- | --- | --- | --- |\n", len(objects))
	for _, o := range objects {
		fmt.Fprintf(bw, "| %s | %d | %d | %s | %s | %s | %s |\n", md(object(o.Bucket, o.Key)), o.Events, o.Denied, stamp(o.First), stamp(o.Last), actionList(o.Actions), md(strings.Join(o.Principals, ", ")))
	}
}

// md escapes text for a Markdown table cell; what is not printable is
// written as a Go escape (see printable). "<" is escaped so that a name
// pattern such as <account> is shown, not taken for an HTML tag.
func md(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", `\<`).Replace(printable(s))
}
