package closeout

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
)

// Report is the close-out report, written as JSON and Markdown into the
// archive next to MANIFEST.json and into the state directory.
type Report struct {
	// Version is the report format.
	Version int `json:"version"`
	// Stack, PIT and Project identify the study (title, PI, IRB, dates).
	Stack   string            `json:"stack"`
	PIT     string            `json:"pit"`
	Project map[string]string `json:"project"`
	// Operator closed the project out between Started and Finished.
	Operator string    `json:"operator"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Forced and Reason record a close-out before the study end date.
	Forced bool   `json:"forced"`
	Reason string `json:"reason,omitempty"`
	// Existed counts the stack's resources by type before close-out.
	Existed map[string]int `json:"existed"`
	// Archive is what was kept, and where.
	Archive ArchiveSummary `json:"archive"`
	// Emptied and Destroy are what was deleted.
	Emptied map[string]EmptyResult `json:"emptied"`
	Destroy DestroyResult          `json:"destroy"`
	// Trace is the proof that nothing else remains.
	Trace TraceResult `json:"trace"`
	// Steps are the steps' outcomes.
	Steps []StepRecord `json:"steps"`
}

// ReportKey is where the close-out report of project pit is in the
// archive, as Markdown; the JSON report is next to it.
func ReportKey(pit string) string { return reportPrefix(pit) + ".md" }

func reportPrefix(pit string) string { return pit + "/CLOSEOUT-REPORT" }

// report writes the report into the archive and the state directory.
func (r *runner) report(ctx context.Context) (string, error) {
	rep := r.buildReport()
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	md := []byte(rep.Markdown())
	prefix := reportPrefix(r.st.Outputs.PIT)
	for _, doc := range []struct {
		key, local, kind string
		data             []byte
	}{{prefix + ".json", r.paths.reportJSON, "application/json", append(js, '\n')}, {prefix + ".md", r.paths.reportMD, "text/markdown", md}} {
		if _, err := putDocument(ctx, r.env.S3, r.st.Outputs, doc.key, doc.kind, doc.data); err != nil {
			return "", err
		}
		if err := os.WriteFile(doc.local, doc.data, 0o600); err != nil {
			return "", fmt.Errorf("report: %w", err)
		}
	}
	return fmt.Sprintf("s3://%s/%s.md and .json, copies in %s", r.st.Outputs.ArchiveBucket, prefix, r.paths.reportMD), nil
}

func (r *runner) buildReport() *Report {
	s := r.st
	existed := map[string]int{}
	for _, res := range s.Existed {
		existed[res.Type]++
	}
	steps := append([]StepRecord(nil), s.Steps...)
	steps = append(steps, StepRecord{Name: StepReport, Status: statusDone, At: r.env.Now()})
	return &Report{
		Version: 1, Stack: s.Stack, PIT: s.Outputs.PIT, Project: s.Project, Operator: s.Operator, Started: s.Started,
		Finished: r.env.Now(), Forced: s.Force, Reason: s.Reason, Existed: existed, Archive: s.Archive,
		Emptied: s.Emptied, Destroy: s.Destroy, Trace: s.Trace, Steps: steps,
	}
}

// Markdown renders the report for people: what existed, what was kept
// where, what was destroyed, and the proof that nothing else remains.
func (rep *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Close-out report: project %s\n\n", rep.PIT)
	rep.markdownProject(&b)
	rep.markdownArchive(&b)
	rep.markdownDestroyed(&b)
	rep.markdownTrace(&b)
	b.WriteString("\n## Steps\n\n| step | status | at | result |\n| --- | --- | --- | --- |\n")
	for _, s := range rep.Steps {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", s.Name, s.Status, stamp(s.At), cell(s.Detail))
	}
	return b.String()
}

func (rep *Report) markdownProject(b *strings.Builder) {
	p := rep.Project
	fmt.Fprintf(b, "- Study: %s\n- Principal investigator: %s (%s)\n- IRB protocol: %s; study end date %s; data class %s\n",
		p["title"], p["principalInvestigator"], p["owner"], p["irbProtocol"], p["studyEndDate"], p["dataClass"])
	fmt.Fprintf(b, "- Stack %s, closed out by %s from %s to %s\n", rep.Stack, rep.Operator, stamp(rep.Started), stamp(rep.Finished))
	if rep.Forced {
		fmt.Fprintf(b, "- **Closed out before the study end date**, reason: %s\n", rep.Reason)
	}
}

func (rep *Report) markdownArchive(b *strings.Builder) {
	a := rep.Archive
	fmt.Fprintf(b, "\n## Archived\n\n%d objects, %d bytes, in s3://%s/%s/ encrypted with %s.\n", a.Objects, a.Bytes, a.Bucket, rep.PIT, a.KeyArn)
	fmt.Fprintf(b, "Manifest: s3://%s/%s, SHA-256 %s. Every archived object was read back and matched its SHA-256: %s.\n",
		a.Bucket, a.ManifestKey, a.ManifestSHA256, yesNo(a.Verified))
	if a.Rejected > 0 {
		fmt.Fprintf(b, "%d copies failed verification on the way and were copied again.\n", a.Rejected)
	}
	b.WriteString("\n| bucket | current objects | bytes | noncurrent versions | delete markers |\n| --- | --- | --- | --- | --- |\n")
	for _, role := range slices.Sorted(maps.Keys(a.Sources)) {
		c := a.Sources[role]
		fmt.Fprintf(b, "| %s | %d | %d | %d | %d |\n", role, c.Objects, c.Bytes, c.Noncurrent, c.DeleteMarkers)
	}
	b.WriteString("\nOnly current versions are archived: noncurrent versions, delete markers and the ancillary bucket (not PHI) are deleted.\n")
}

func (rep *Report) markdownDestroyed(b *strings.Builder) {
	fmt.Fprintf(b, "\n## Destroyed\n\n`pulumi destroy` removed the stack's %d resources (protection lifted from %d; %d attempts):\n\n",
		rep.Destroy.Destroyed, rep.Destroy.Unprotected, rep.Destroy.Attempts)
	for _, t := range slices.Sorted(maps.Keys(rep.Existed)) {
		fmt.Fprintf(b, "- %s: %d\n", t, rep.Existed[t])
	}
	b.WriteString("\n| bucket | versions deleted | delete markers deleted | archived while emptying |\n| --- | --- | --- | --- |\n")
	for _, role := range slices.Sorted(maps.Keys(rep.Emptied)) {
		e := rep.Emptied[role]
		fmt.Fprintf(b, "| %s | %d | %d | %d |\n", e.Bucket, e.Versions, e.DeleteMarkers, e.LateArchived)
	}
}

func (rep *Report) markdownTrace(b *strings.Builder) {
	b.WriteString("\n## Nothing else remains\n\n")
	for _, c := range rep.Trace.Checks {
		result := "none left"
		if len(c.Found) > 0 {
			result = "LEFT: " + strings.Join(c.Found, ", ")
		}
		fmt.Fprintf(b, "- %s: %s\n", c.Name, result)
	}
	fmt.Fprintf(b, "- The project KMS key is %s (AWS keeps a key for its waiting period; data encrypted with it is unreadable once it is deleted).\n",
		keySummary(rep.Trace))
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func cell(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }
