package closeout

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// StepSummaries says in one line what each step does, in the order of
// Steps: `sce closeout --help` and the dry run print them.
func StepSummaries() [][2]string {
	return [][2]string{
		{StepPreflight, "read the stack's outputs, config and resources; before the study end date refuse\n" +
			"     unless --force --reason; refuse a warehouse that is not available (paused) or a suspended\n" +
			"     stack with a warehouse; refuse an archive bucket without a COMPLIANCE Object Lock default of\n" +
			"     the baseline's sce:archiveRetentionYears, an --archive-bucket or --archive-key that is not\n" +
			"     the baseline's (unless --not-baseline-archive), and outputs in another region than AWS is\n" +
			"     called in; take the archive lock"},
		{StepArchive, "copy the current objects of " + roleList(archivedRoles()) + " into the archive,\n" +
			"     each read checked against the source's S3 checksum (or its MD5 ETag, or a second read);\n" +
			"     export every event of the stack's CloudWatch log groups into it, one gzipped JSON Lines object each"},
		{StepVerify, "write MANIFEST.json and check every copy's and export's stored SHA-256 against it"},
		{StepUnprotect, "lift protect from the PHI buckets, the log buckets and the KMS key, once the archive\n" +
			"     is verified (no destructive step runs before)"},
		{StepEmpty, "delete every version and delete marker of " + roleList(emptyOrder()) + ",\n" +
			"     each bucket's replica right after it (bypassing GOVERNANCE retention)"},
		{StepDestroy, "export the log groups again, with what they logged since the archive step, then pulumi destroy"},
		{StepNoTrace, "nothing tagged sce:pit=<pit>, no log group, ENI, Elastic IP or bucket, and none of\n" +
			"     the stack's IAM roles, policies or instance profiles left;\n" +
			"     the backup vault's recovery points (with the date the vault lock keeps each until) and a\n" +
			"     warehouse's final snapshot <pit>-warehouse-final, encrypted with the project key, are listed as\n" +
			"     kept on purpose (--final-snapshot-deleted: it must be gone); the KMS key stays enabled while they\n" +
			"     need it, otherwise it must be pending deletion"},
		{StepReport, "CLOSEOUT-REPORT.md and .json next to the manifest"},
	}
}

func roleList(roles []sce.BucketRole) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// DryRun is what a close-out of a stack would do, worked out from the
// stack's config and its offline plan alone: no AWS client and no Pulumi
// stack is opened. A deployed stack may differ from its plan; the real run
// reads the deployed state.
type DryRun struct {
	// Stack and PIT name the project; Config is its stack config.
	Stack, PIT string
	Config     stacks.Config
	// Plan is the stack's offline plan.
	Plan *plan.Plan
	// Options are the close-out's options (state directory, --force, ...).
	Options Options
	// Today is the date the study end is compared with.
	Today time.Time
	// BaselineStack is the account baseline stack --baseline-stack names;
	// "" for the stack's sce:baselineStack.
	BaselineStack string
}

// baseline is the account baseline stack the real run reads: the one
// --baseline-stack names, else the stack's sce:baselineStack.
func (d DryRun) baseline() string { return cmp.Or(d.BaselineStack, d.Config.BaselineStack) }

// Write prints the dry run: the project, whether the run would be refused,
// who the operator will be, the steps, and what would be archived, deleted
// without archiving, destroyed and retained.
func (d DryRun) Write(w io.Writer) error {
	var b strings.Builder
	d.writeHeader(&b)
	b.WriteString("\nsteps\n")
	for i, s := range StepSummaries() {
		fmt.Fprintf(&b, "  %d. %s: %s\n", i+1, s[0], s[1])
	}
	d.writeData(&b)
	d.writeDestroyed(&b)
	d.writeRetained(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (d DryRun) writeHeader(b *strings.Builder) {
	c := d.Config
	fmt.Fprintf(b, "close-out of stack %s: DRY RUN, nothing was changed; AWS and Pulumi were not contacted\n"+
		"worked out from the stack file and its offline plan; the real run reads the deployed stack\n", d.Stack)
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "project\t%s: %s\n", d.PIT, cmp.Or(c.Title, "(no sce:title)"))
	fmt.Fprintf(tw, "PI\t%s; IRB protocol %s; data class %s\n", cmp.Or(c.PrincipalInvestigator, "not set"),
		cmp.Or(c.IRBProtocol, "not set"), cmp.Or(string(c.DataClass), "not set"))
	fmt.Fprintf(tw, "study end\t%s\n", d.endCheck())
	fmt.Fprintf(tw, "operator\twill be the AWS caller identity at run time (STS GetCallerIdentity), never $USER: it signs the lock and the report\n")
	fmt.Fprintf(tw, "archive\t%s\n", d.archiveSource())
	tw.Flush()
}

// endCheck says whether the real run would pass the study end check.
func (d DryRun) endCheck() string {
	days, err := stacks.DaysToStudyEnd(d.Config.StudyEndDate, d.Today)
	if err != nil {
		return fmt.Sprintf("%q is not a date: the real run would stop at preflight", d.Config.StudyEndDate)
	}
	today := d.Today.Format(time.DateOnly)
	switch {
	case days <= 0:
		return fmt.Sprintf("%s, reached (today is %s): the close-out may run", d.Config.StudyEndDate, today)
	case d.Options.Force:
		return fmt.Sprintf("%s, %s from today (%s): forced, with the reason %q recorded in the report",
			d.Config.StudyEndDate, english.Plural(days, "day"), today, d.Options.Reason)
	}
	return fmt.Sprintf("%s, %s from today (%s): the real run would be REFUSED without --force --reason",
		d.Config.StudyEndDate, english.Plural(days, "day"), today)
}

// archiveSource says where the real run will find the archive.
func (d DryRun) archiveSource() string {
	o := d.Options
	switch {
	case o.ArchiveBucket != "":
		return fmt.Sprintf("s3://%s (--archive-bucket), key %s", o.ArchiveBucket, cmp.Or(o.ArchiveKeyArn, "from the stack outputs"))
	case d.baseline() != "":
		return fmt.Sprintf("the archive of the baseline stack %s (outputs %s, %s)", d.baseline(),
			sce.OutputArchiveBucketName, sce.OutputArchiveKeyArn)
	}
	return fmt.Sprintf("the stack's outputs %s and %s (no sce:baselineStack)", sce.OutputArchiveBucketName, sce.OutputArchiveKeyArn)
}

// writeData lists the buckets archived and those emptied without archiving.
func (d DryRun) writeData(b *strings.Builder) {
	fmt.Fprintf(b, "\narchived: the current objects of each bucket, to %s%s/<instance>/<role>/ in the archive\n", sce.ArchiveObjectsPrefix, d.PIT)
	for _, role := range archivedRoles() {
		fmt.Fprintf(b, "  %-12s %s\n", role, d.bucket(role))
	}
	d.writeLogGroups(b)
	b.WriteString("deleted without archiving (emptied, then destroyed)\n")
	for _, role := range emptyOrder() {
		if !slices.Contains(archivedRoles(), role) {
			fmt.Fprintf(b, "  %-12s %s: every object and version\n", role, d.bucket(role))
		}
	}
	b.WriteString("  every noncurrent version and delete marker of the archived buckets\n")
}

// writeLogGroups lists the log groups the archive step exports before
// pulumi destroy deletes them.
func (d DryRun) writeLogGroups(b *strings.Builder) {
	l := layout{pit: d.PIT, instance: "<instance>"}
	var names []string
	for _, r := range d.Plan.Resources {
		if r.Type == awstype.CloudWatchLogGroup {
			names = append(names, fmt.Sprint(cmp.Or(r.Inputs["name"], any(r.Name))))
		}
	}
	if len(names) == 0 {
		b.WriteString("exported: no log group (the plan has none)\n")
		return
	}
	fmt.Fprintf(b, "exported: every event of each log group, before pulumi destroy deletes it, to\n"+
		"  %s%s/<group name without its first />%s (the report gives each group's event count)\n", l.objects(), logsRole, logExportSuffix)
	for _, n := range names {
		fmt.Fprintf(b, "  %s\n", n)
	}
}

// bucket is the plan's bucket resource of role, or says it is not planned.
func (d DryRun) bucket(role sce.BucketRole) string {
	name := d.PIT + "-" + string(role)
	for _, r := range d.Plan.Resources {
		if r.Type == awstype.S3BucketV2 && r.Name == name {
			return name
		}
	}
	return name + " (not in the plan)"
}

// writeDestroyed counts by type the resources pulumi destroy would delete,
// those it would only drop from the stack (retainOnDelete), and those the
// no-trace check could not see.
func (d DryRun) writeDestroyed(b *strings.Builder) {
	res := d.resources()
	gone, kept := splitRetained(res)
	fmt.Fprintf(b, "destroyed by pulumi destroy: %d AWS %s of the plan, by type\n", len(gone), english.Agree(len(gone), "resource", "resources"))
	writeCounts(b, countTypes(gone))
	if len(kept) > 0 {
		fmt.Fprintf(b, "dropped from the stack but kept in the account (retainOnDelete): %s of the plan, by type\n",
			english.Plural(len(kept), "resource"))
		writeCounts(b, countTypes(kept))
	}
	withParent, blind := coverage(res)
	if n := total(withParent); n > 0 {
		fmt.Fprintf(b, "accounted for by verify-no-trace through their resource (AWS deletes them with it, or refuses to delete it\n"+
			"  while they exist): %s of the plan, by type; the report lists %s under \"Accounted for through their resource\"\n",
			english.Plural(n, "resource"), english.Agree(n, "it", "them"))
		writeCounts(b, withParent)
	}
	if n := total(blind); n > 0 {
		fmt.Fprintf(b, "not seen by verify-no-trace (untagged, or of a type the Tagging API does not list, such as AWS Budgets,\n"+
			"  and no other search looks for): %s of the plan, by type; the report lists %s under \"Not checked\"\n",
			english.Plural(n, "resource"), english.Agree(n, "it", "them"))
		writeCounts(b, blind)
	}
}

// plannedID stands for the ID the state records once a planned resource
// is deployed: a plan knows none, and every deployed resource has one.
const plannedID = "<id>"

// resources are the plan's custom resources as the state would record them.
func (d DryRun) resources() []Resource {
	var out []Resource
	for _, r := range d.Plan.Resources {
		if !r.Custom {
			continue
		}
		tags, _ := r.Inputs["tags"].(map[string]any)
		_, tagged := tags[sce.TagPIT]
		out = append(out, Resource{URN: r.URN, Type: r.Type, ID: plannedID, Custom: true, RetainOnDelete: r.Options.RetainOnDelete,
			Tagged: tagged, PropertyDependencies: r.PropertyDependencies})
	}
	return out
}

// writeCounts lists counts by type, most first.
func writeCounts(b *strings.Builder, counts map[string]int) {
	types := make([]string, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	slices.SortFunc(types, func(x, y string) int { return cmp.Or(counts[y]-counts[x], strings.Compare(x, y)) })
	for _, t := range types {
		fmt.Fprintf(b, "  %3d  %s\n", counts[t], t)
	}
}

// writeRetained lists what outlives the close-out.
func (d DryRun) writeRetained(b *strings.Builder) {
	l := layout{pit: d.PIT, instance: "<instance>"}
	b.WriteString("retained\n")
	fmt.Fprintf(b, "  in the archive: the copies under %s; under %s, MANIFEST.json,\n"+
		"    CLOSEOUT-REPORT.md and .json, CLOSEOUT-STATE.json (<instance>: the stack's creation time)\n", l.objects(), l.documents())
	for _, r := range d.Plan.Resources {
		switch r.Type {
		case awstype.KMSKey:
			if r.Options.RetainOnDelete {
				fmt.Fprintf(b, "  the KMS key %s, enabled (retainOnDelete): the recovery points and a final snapshot are\n"+
					"    encrypted with it; the report says until when they need it, then schedule its deletion\n", r.Name)
				continue
			}
			fmt.Fprintf(b, "  the KMS key %s: scheduled for deletion, pending %v days, not deleted at once\n", r.Name,
				cmp.Or(r.Inputs["deletionWindowInDays"], any("the default 30")))
		case awstype.BackupVault:
			fmt.Fprintf(b, "  the AWS Backup recovery points in %s: its vault lock keeps each until its retention ends\n"+
				"    (the report lists each under \"Kept on purpose\", with that date)\n", r.Name)
		case awstype.RedshiftCluster:
			fmt.Fprintf(b, "  the warehouse's final snapshot %v, encrypted with the project key\n"+
				"    (the report lists it under \"Kept on purpose\"; --final-snapshot-deleted: it must be gone)\n", r.Inputs["finalSnapshotIdentifier"])
		}
	}
	p := pathsFor(withDefaults(d.Options).StateDir, d.Stack)
	fmt.Fprintf(b, "  on this machine: the state %s, the journal %s\n    and a copy of the report %s\n", p.state, p.journal, p.reportMD)
	if d.baseline() != "" {
		fmt.Fprintf(b, "  the account baseline stack %s: not touched\n", d.baseline())
	}
}
