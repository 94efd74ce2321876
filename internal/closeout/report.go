package closeout

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/sce"
)

// Report is the close-out report, written as JSON and Markdown into the
// archive next to MANIFEST.json and into the state directory.
type Report struct {
	// Version is the report format.
	Version int `json:"version"`
	// Build is the sce build that wrote the report; Builds every build
	// that ran a step, in order (module version and commit).
	Build  string   `json:"build"`
	Builds []string `json:"builds"`
	// Stack, PIT and Project identify the study (title, PI, IRB, dates).
	Stack   string            `json:"stack"`
	PIT     string            `json:"pit"`
	Project map[string]string `json:"project"`
	// Instance names the project instance in the archive.
	Instance string `json:"instance"`
	// Operator started the close-out, Operators are every AWS identity that
	// ran a step; it ran between Started and Finished.
	Operator  string    `json:"operator"`
	Operators []string  `json:"operators"`
	Started   time.Time `json:"started"`
	Finished  time.Time `json:"finished"`
	// LockBreaks are the stale locks broken on the way, and why.
	LockBreaks []BrokenLock `json:"lockBreaks"`
	// Forced and Reason record a close-out before the study end date.
	Forced bool   `json:"forced"`
	Reason string `json:"reason,omitempty"`
	// Existed counts the stack's resources by type before close-out,
	// Pulumi's own (the stack, providers, components) included; Destroyed
	// the AWS resources `pulumi destroy` deleted, Retained those it dropped
	// from the stack but left in the account (retainOnDelete).
	Existed   map[string]int `json:"existed"`
	Destroyed map[string]int `json:"destroyed"`
	Retained  map[string]int `json:"retained"`
	// Archive is what was kept, and where; Storage the copies' storage
	// classes when the report was written.
	Archive ArchiveSummary `json:"archive"`
	Storage Storage        `json:"storage"`
	// Emptied and Destroy are what was deleted.
	Emptied map[string]EmptyResult `json:"emptied"`
	Destroy DestroyResult          `json:"destroy"`
	// Trace is the proof that nothing else remains.
	Trace TraceResult `json:"trace"`
	// Steps are the steps' outcomes.
	Steps []StepRecord `json:"steps"`
}

// report writes the report into the archive and the state directory.
func (r *runner) report(ctx context.Context) (string, error) {
	storage, err := r.observeStorage(ctx)
	if err != nil {
		return "", err
	}
	rep := r.buildReport(storage)
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	md := []byte(rep.Markdown())
	prefix := r.st.layout().report()
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

func (r *runner) buildReport(storage Storage) *Report {
	s := r.st
	gone, kept := splitRetained(s.Existed)
	// The report's own row is done: a failed attempt before this one is
	// not listed beside it.
	steps := slices.DeleteFunc(slices.Clone(s.Steps), func(rec StepRecord) bool { return rec.Name == StepReport })
	steps = append(steps, StepRecord{Name: StepReport, Status: statusDone, At: r.env.Now()})
	return &Report{
		Version: reportVersion, Build: r.env.Build.Line(), Builds: nonNilStrings(s.Builds), Stack: s.Stack, PIT: s.Outputs.PIT,
		Instance: s.Instance, Project: s.Project, Operator: s.Operator, Operators: s.Operators, Started: s.Started, Finished: r.env.Now(),
		LockBreaks: nonNilBreaks(s.LockBreaks), Forced: s.Force, Reason: s.Reason, Existed: countTypes(s.Existed),
		Destroyed: countTypes(gone), Retained: countTypes(kept), Archive: s.Archive, Storage: storage, Emptied: s.Emptied,
		Destroy: s.Destroy, Trace: s.Trace, Steps: steps,
	}
}

// countTypes counts resources by type.
func countTypes(res []Resource) map[string]int {
	out := map[string]int{}
	for _, r := range res {
		out[r.Type]++
	}
	return out
}

// reportVersion is the report's format: 3 adds the builds, destroyed and
// retained by type, where and when the no-trace searches ran, and what
// they cannot see; 4 counts the copies whose source's user metadata the
// manifest keeps (archive.sourceMetadataInManifest).
const reportVersion = 4

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilBreaks(b []BrokenLock) []BrokenLock {
	if b == nil {
		return []BrokenLock{}
	}
	return b
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
	fmt.Fprintf(b, "- Stack %s (instance %s), closed out by %s from %s to %s\n", rep.Stack, rep.Instance, strings.Join(rep.Operators, ", "),
		stamp(rep.Started), stamp(rep.Finished))
	fmt.Fprintf(b, "- Report written by %s; steps run by %s\n", rep.Build, strings.Join(rep.Builds, "; "))
	if rep.Forced {
		fmt.Fprintf(b, "- **Closed out before the study end date**, reason: %s\n", rep.Reason)
	}
	for _, l := range rep.LockBreaks {
		fmt.Fprintf(b, "- The lock of %s (host %s, taken %s) was broken by %s at %s: %s\n", l.Owner, l.Host, stamp(l.Acquired), l.By, stamp(l.At), l.Reason)
	}
}

func (rep *Report) markdownArchive(b *strings.Builder) {
	a := rep.Archive
	fmt.Fprintf(b, "\n## Archived\n\n%s, %s, in s3://%s/%s encrypted with %s.\n", english.Plural(a.Objects, "object"), english.Plural(a.Bytes, "byte"), a.Bucket, a.Prefix, a.KeyArn)
	fmt.Fprintf(b, "Manifest: s3://%s/%s, SHA-256 %s. Every copy's SHA-256 checksum, stored by S3, matched the source's content: %s.\n",
		a.Bucket, a.ManifestKey, a.ManifestSHA256, yesNo(a.Verified))
	fmt.Fprintf(b, "Each source read was checked against: %s.\n", checkSummary(a.Checks))
	rep.markdownSourceMetadata(b)
	if a.Superseded > 0 {
		fmt.Fprintf(b, "%s of the same keys (the source changed between runs, or a log group was exported again before the destroy) %s kept as noncurrent versions; the manifest lists %s under superseded.\n",
			english.Count(a.Superseded, "earlier copy", "earlier copies"), english.IsAre(a.Superseded), english.Agree(a.Superseded, "it", "them"))
	}
	if a.Rejected > 0 {
		fmt.Fprintf(b, "%s failed verification on the way and %s copied again.\n", english.Count(a.Rejected, "copy", "copies"), english.Agree(a.Rejected, "was", "were"))
	}
	rep.markdownStorage(b)
	b.WriteString("\n| bucket | current objects | bytes | noncurrent versions | delete markers |\n| --- | --- | --- | --- | --- |\n")
	for _, role := range slices.Sorted(maps.Keys(a.Sources)) {
		c := a.Sources[role]
		fmt.Fprintf(b, "| %s | %d | %d | %d | %d |\n", role, c.Objects, c.Bytes, c.Noncurrent, c.DeleteMarkers)
	}
	b.WriteString("\nOnly current versions are archived: noncurrent versions, delete markers and the ancillary bucket (not PHI) are deleted.\n")
	rep.markdownLogGroups(b)
}

// markdownSourceMetadata counts the copies whose source's user metadata
// the manifest keeps instead.
func (rep *Report) markdownSourceMetadata(b *strings.Builder) {
	n := rep.Archive.SourceMetadataInManifest
	if n == 0 {
		return
	}
	fmt.Fprintf(b, "%s %s sce's metadata but not %s source's user metadata, which with sce's would pass S3's 2 KB limit on an object's metadata: "+
		"the manifest keeps it, under sourceMetadata, and the copy's %s says so.\n",
		english.Count(n, "copy", "copies"), english.Agree(n, "carries", "carry"), english.Agree(n, "its", "their"), metaInManifest)
}

// markdownLogGroups lists the log groups exported, with their events.
func (rep *Report) markdownLogGroups(b *strings.Builder) {
	groups := rep.Archive.LogGroups
	if len(groups) == 0 {
		b.WriteString("\nThe stack's state recorded no CloudWatch log group: none was exported.\n")
		return
	}
	fmt.Fprintf(b, "\nThe stack's %s, deleted by the destroy, %s exported first, every event from the first CloudWatch Logs still held "+
		"to the export's end (events logged later are not archived), as gzipped JSON lines (%s):\n\n"+
		"| log group | events | bytes | events until | archive key |\n| --- | --- | --- | --- | --- |\n",
		english.Plural(len(groups), "log group"), english.Agree(len(groups), "was", "were"), logEventSummary(groups))
	for _, g := range groups {
		fmt.Fprintf(b, "| %s | %d | %d | %s | %s |\n", g.Name, g.Events, g.Bytes, g.Until, g.Key)
	}
}

func (rep *Report) markdownDestroyed(b *strings.Builder) {
	fmt.Fprintf(b, "\n## Destroyed\n\n`pulumi destroy` deleted %s AWS %s of the stack (protection lifted from %d; %s):\n\n",
		strconv.Itoa(rep.Destroy.Destroyed), english.Agree(rep.Destroy.Destroyed, "resource", "resources"), rep.Destroy.Unprotected,
		english.Plural(rep.Destroy.Attempts, "attempt"))
	writeTypes(b, rep.Destroyed)
	if rep.Destroy.Retained > 0 {
		fmt.Fprintf(b, "\n%s marked retainOnDelete %s dropped from the stack but kept in the account, not destroyed:\n\n",
			english.Plural(rep.Destroy.Retained, "resource"), english.Agree(rep.Destroy.Retained, "was", "were"))
		writeTypes(b, rep.Retained)
	}
	b.WriteString("\n| bucket | versions deleted | delete markers deleted | archived while emptying |\n| --- | --- | --- | --- |\n")
	for _, role := range slices.Sorted(maps.Keys(rep.Emptied)) {
		e := rep.Emptied[role]
		fmt.Fprintf(b, "| %s | %d | %d | %d |\n", e.Bucket, e.Versions, e.DeleteMarkers, e.LateArchived)
	}
}

// writeTypes lists counts by type, one line each, in type order.
func writeTypes(b *strings.Builder, counts map[string]int) {
	for _, t := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(b, "- %s: %d\n", t, counts[t])
	}
}

func (rep *Report) markdownTrace(b *strings.Builder) {
	t := rep.Trace
	fmt.Fprintf(b, "\n## Nothing else remains\n\nLooked in AWS account %s, region %s; the KMS key and the traces kept on purpose at %s.\n\n",
		orUnknown(t.Account), orUnknown(t.Region), stamp(t.At))
	for _, c := range t.Checks {
		result := "none left"
		if len(c.Found) > 0 {
			result = "LEFT: " + strings.Join(c.Found, ", ")
		}
		fmt.Fprintf(b, "- %s: %s (%s)\n", c.Name, result, stamp(c.At))
	}
	fmt.Fprintf(b, "- The project KMS key is %s (AWS keeps a key for its waiting period; data encrypted with it is unreadable once it is deleted).\n",
		keySummary(rep.Trace))
	rep.markdownKept(b)
	rep.markdownWithParent(b)
	rep.markdownNotChecked(b)
}

// markdownWithParent lists, by type, the stack's recorded resources no
// search above sees that the searches account for through their resource.
func (rep *Report) markdownWithParent(b *strings.Builder) {
	b.WriteString("\n## Accounted for through their resource\n\n")
	n := total(rep.Trace.WithParent)
	if n == 0 {
		b.WriteString("None.\n")
		return
	}
	fmt.Fprintf(b, "No search above looks for %s the stack recorded: AWS deletes each with the resource named, or refuses to delete "+
		"that resource while %s, and the searches above account for that resource (found gone, or kept on purpose):\n\n",
		english.Agree(n, "this resource", fmt.Sprintf("these %d resources", n)), english.Agree(n, "it exists", "they exist"))
	for _, t := range slices.Sorted(maps.Keys(rep.Trace.WithParent)) {
		fmt.Fprintf(b, "- %s: %d (with its %s)\n", t, rep.Trace.WithParent[t], parentType(t))
	}
}

// markdownNotChecked lists, by type, the stack's recorded resources no
// search above can see, so the proof counts what it skipped.
func (rep *Report) markdownNotChecked(b *strings.Builder) {
	b.WriteString("\n## Not checked\n\n")
	n := total(rep.Trace.NotChecked)
	if n == 0 {
		b.WriteString("A search above looks for every other resource the stack recorded.\n")
	} else {
		fmt.Fprintf(b, "No search above can see %s the stack recorded: %s not tagged %s=%s, or of a type the Resource Groups "+
			"Tagging API does not list (IAM, AWS Budgets), and no other search looks for %s or for a resource %s exist only with. "+
			"Check %s by hand:\n\n",
			english.Plural(n, "resource"), english.Agree(n, "it is", "they are"), sce.TagPIT, rep.PIT, english.Agree(n, "it", "them"),
			english.Agree(n, "it would", "they would"), english.Agree(n, "it", "them"))
		writeTypes(b, rep.Trace.NotChecked)
	}
	b.WriteString("\nNor do the searches see what AWS made for the project outside the stack without the project's tag.\n")
}

// markdownKept lists the traces kept on purpose, with until when.
func (rep *Report) markdownKept(b *strings.Builder) {
	t := rep.Trace
	b.WriteString("\n## Kept on purpose\n\n")
	if len(t.Kept) == 0 && len(t.Notes) == 0 {
		b.WriteString("Nothing: no recovery point, no backup vault, no warehouse snapshot.\n")
		return
	}
	for _, k := range t.Kept {
		fmt.Fprintf(b, "- %s %s: %s\n", k.Kind, k.Arn, k.Detail)
		if len(k.Also) > 0 {
			fmt.Fprintf(b, "  - with its snapshots %s\n", strings.Join(k.Also, ", "))
		}
	}
	for _, n := range t.Notes {
		fmt.Fprintf(b, "- %s\n", n)
	}
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func cell(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }

// maxListed is how many cold copies the Markdown report names.
const maxListed = 20

// markdownStorage says where the copies are stored and what else the
// archive holds under the PIT.
func (rep *Report) markdownStorage(b *strings.Builder) {
	s := rep.Storage
	var classes []string
	for _, c := range slices.Sorted(maps.Keys(s.Classes)) {
		classes = append(classes, fmt.Sprintf("%d in %s", s.Classes[c], c))
	}
	fmt.Fprintf(b, "Storage classes of the copies on %s: %s. Only copies (under %s) move to Glacier; the manifest, the reports and the checkpoint stay in S3 Standard.\n",
		stamp(s.ObservedAt), orNothing(strings.Join(classes, ", ")), rep.Archive.Prefix)
	if len(s.Cold) > 0 {
		shown := s.Cold[:min(len(s.Cold), maxListed)]
		fmt.Fprintf(b, "%s %s in a cold tier and must be restored before %s can be read: %s", english.Count(len(s.Cold), "current copy", "current copies"),
			english.IsAre(len(s.Cold)), english.Agree(len(s.Cold), "it", "they"), strings.Join(shown, ", "))
		if len(s.Cold) > maxListed {
			fmt.Fprintf(b, " and %d more (CLOSEOUT-REPORT.json lists them all)", len(s.Cold)-maxListed)
		}
		b.WriteString(".\n")
	}
	for _, o := range s.Others {
		fmt.Fprintf(b, "Another archive under PIT %s, left as it is: %s.\n", rep.PIT, o)
	}
}

func checkSummary(checks map[string]int) string {
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(checks)) {
		parts = append(parts, fmt.Sprintf("%s (%d)", c, checks[c]))
	}
	return orNothing(strings.Join(parts, ", "))
}

func orNothing(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}
