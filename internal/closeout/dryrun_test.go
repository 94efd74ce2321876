package closeout

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/stacks"
)

// dryPlan is a small project plan: its buckets (no output bucket), the
// key and its alias (retainOnDelete), a backup vault, a tagged VPC and IAM
// role, and a component.
func dryPlan() *plan.Plan {
	res := []plan.Resource{{Name: "dev", Type: "sce:index:Environment"}}
	for _, role := range []string{"data-in", "logs", "access-logs", "ancillary"} {
		res = append(res, plan.Resource{Name: "dev-" + role, Type: awstype.S3BucketV2, Custom: true})
	}
	tagged := map[string]any{"tags": map[string]any{"sce:pit": "dev"}}
	res = append(res,
		plan.Resource{Name: "dev-backup-vault", Type: awstype.BackupVault, Custom: true, Options: plan.Options{RetainOnDelete: true}},
		plan.Resource{Name: "dev-key", Type: awstype.KMSKey, Custom: true, Options: plan.Options{RetainOnDelete: true}},
		plan.Resource{Name: "dev-key-alias", Type: awstype.KMSAlias, Custom: true, Options: plan.Options{RetainOnDelete: true}},
		plan.Resource{Name: "dev-vpc", Type: awstype.EC2Vpc, Custom: true, Inputs: tagged},
		plan.Resource{Name: "dev-worker-role", Type: awstype.IAMRole, Custom: true, Inputs: tagged})
	return &plan.Plan{Stack: "dev", Resources: res}
}

func TestDryRunWrite(t *testing.T) {
	d := DryRun{Stack: "dev", PIT: "dev", Plan: dryPlan(), Today: time.Date(2027, 6, 20, 0, 0, 0, 0, time.UTC),
		Config:  stacks.Config{Title: "Vitals", PrincipalInvestigator: "Dr. A", IRBProtocol: "IRB-1", StudyEndDate: "2027-06-30", BaselineStack: "account"},
		Options: Options{StateDir: "/var/sce"}}
	var b strings.Builder
	require.NoError(t, d.Write(&b))
	assert.Equal(t, `close-out of stack dev: DRY RUN, nothing was changed; AWS and Pulumi were not contacted
worked out from the stack file and its offline plan; the real run reads the deployed stack
project    dev: Vitals
PI         Dr. A; IRB protocol IRB-1; data class not set
study end  2027-06-30, 10 days from today (2027-06-20): the real run would be REFUSED without --force --reason
operator   will be the AWS caller identity at run time (STS GetCallerIdentity), never $USER: it signs the lock and the report
archive    the archive of the baseline stack account (outputs archiveBucketName, archiveKeyArn)

steps
  1. preflight: read the stack's outputs, config and resources; before the study end date refuse
     unless --force --reason; refuse a warehouse that is not available (paused) or a suspended
     stack with a warehouse; refuse an archive bucket without a COMPLIANCE Object Lock default of
     the baseline's sce:archiveRetentionYears, an --archive-bucket or --archive-key that is not
     the baseline's (unless --not-baseline-archive), and outputs in another region than AWS is
     called in; take the archive lock
  2. archive: copy the current objects of data-in, output, logs, access-logs into the archive,
     each read checked against the source's S3 checksum (or its MD5 ETag, or a second read);
     export every event of the stack's CloudWatch log groups into it, one gzipped JSON Lines object each
  3. verify-archive: write MANIFEST.json and check every copy's and export's stored SHA-256 against it
  4. unprotect: lift protect from the PHI buckets, the log buckets and the KMS key, once the archive
     is verified (no destructive step runs before)
  5. empty-buckets: delete every version and delete marker of data-in, output, ancillary, egress, access-logs, logs,
     each bucket's replica right after it (bypassing GOVERNANCE retention)
  6. destroy: export the log groups again, with what they logged since the archive step, then pulumi destroy
  7. verify-no-trace: nothing tagged sce:pit=<pit>, no log group, ENI, Elastic IP or bucket, and none of
     the stack's IAM roles, policies or instance profiles left;
     the backup vault's recovery points (with the date the vault lock keeps each until) and a
     warehouse's final snapshot <pit>-warehouse-final, encrypted with the project key, are listed as
     kept on purpose (--final-snapshot-deleted: it must be gone); the KMS key stays enabled while they
     need it, otherwise it must be pending deletion
  8. report: CLOSEOUT-REPORT.md and .json next to the manifest

archived: the current objects of each bucket, to objects/dev/<instance>/<role>/ in the archive
  data-in      dev-data-in
  output       dev-output (not in the plan)
  logs         dev-logs
  access-logs  dev-access-logs
exported: no log group (the plan has none)
deleted without archiving (emptied, then destroyed)
  ancillary    dev-ancillary: every object and version
  egress       dev-egress (not in the plan): every object and version
  every noncurrent version and delete marker of the archived buckets
destroyed by pulumi destroy: 6 AWS resources of the plan, by type
    4  aws:s3/bucketV2:BucketV2
    1  aws:ec2/vpc:Vpc
    1  aws:iam/role:Role
dropped from the stack but kept in the account (retainOnDelete): 3 resources of the plan, by type
    1  aws:backup/vault:Vault
    1  aws:kms/alias:Alias
    1  aws:kms/key:Key
not seen by verify-no-trace (untagged, or of a type the Tagging API does not list, such as AWS Budgets,
  and no other search looks for): 1 resource of the plan, by type; the report lists it under "Not checked"
    1  aws:kms/alias:Alias
retained
  in the archive: the copies under objects/dev/<instance>/; under closeout/dev/<instance>/, MANIFEST.json,
    CLOSEOUT-REPORT.md and .json, CLOSEOUT-STATE.json (<instance>: the stack's creation time)
  the AWS Backup recovery points in dev-backup-vault: its vault lock keeps each until its retention ends
    (the report lists each under "Kept on purpose", with that date)
  the KMS key dev-key, enabled (retainOnDelete): the recovery points and a final snapshot are
    encrypted with it; the report says until when they need it, then schedule its deletion
  on this machine: the state /var/sce/dev.json, the journal /var/sce/dev.archive.jsonl
    and a copy of the report /var/sce/dev-closeout-report.md
  the account baseline stack account: not touched
`, b.String())
}

func TestDryRunEndCheck(t *testing.T) {
	today := time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		end   string
		force bool
		want  string
	}{
		{"2027-06-30", false, "2027-06-30, reached (today is 2027-06-30): the close-out may run"},
		{"2027-01-01", false, "2027-01-01, reached (today is 2027-06-30): the close-out may run"},
		{"2027-07-02", true, `2027-07-02, 2 days from today (2027-06-30): forced, with the reason "IRB ended it" recorded in the report`},
		{"2027-07-01", false, "2027-07-01, 1 day from today (2027-06-30): the real run would be REFUSED without --force --reason"},
		{"2027-07-03", false, "2027-07-03, 3 days from today (2027-06-30): the real run would be REFUSED without --force --reason"},
		{"2027-7-2", false, `"2027-7-2" is not a date: the real run would stop at preflight`},
	}
	for _, tt := range tests {
		d := DryRun{Config: stacks.Config{StudyEndDate: tt.end}, Today: today, Options: Options{Force: tt.force, Reason: "IRB ended it"}}
		assert.Equal(t, tt.want, d.endCheck(), tt.end)
	}
}

func TestDryRunArchiveSource(t *testing.T) {
	assert.Equal(t, "s3://arch (--archive-bucket), key from the stack outputs",
		DryRun{Options: Options{ArchiveBucket: "arch"}}.archiveSource())
	assert.Equal(t, "the stack's outputs archiveBucketName and archiveKeyArn (no sce:baselineStack)", DryRun{}.archiveSource())
}

// TestStepSummariesFollowSteps: the summaries --help and the dry run
// print are the steps Run runs, in order.
func TestStepSummariesFollowSteps(t *testing.T) {
	var names []string
	for _, s := range StepSummaries() {
		names = append(names, s[0])
	}
	assert.Equal(t, Steps(), names)
}

func TestDryRunListsTheLogGroupsItExports(t *testing.T) {
	p := dryPlan()
	p.Resources = append(p.Resources,
		plan.Resource{Name: "dev-ssh-log-group", Type: awstype.CloudWatchLogGroup, Custom: true, Inputs: map[string]any{"name": "/sce/dev/ssh"}},
		plan.Resource{Name: "dev-warehouse-userlog-log-group", Type: awstype.CloudWatchLogGroup, Custom: true,
			Inputs: map[string]any{"name": "/aws/redshift/cluster/dev-warehouse/userlog"}})
	var b strings.Builder
	d := DryRun{Stack: "dev", PIT: "dev", Plan: p, Today: time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC), Config: stacks.Config{StudyEndDate: "2027-06-30"}}
	require.NoError(t, d.Write(&b))
	assert.Contains(t, b.String(), "  access-logs  dev-access-logs\n"+
		"exported: every event of each log group, before pulumi destroy deletes it, to\n"+
		"  objects/dev/<instance>/cloudwatch-logs/<group name without its first />.jsonl.gz (the report gives each group's event count)\n"+
		"  /sce/dev/ssh\n"+
		"  /aws/redshift/cluster/dev-warehouse/userlog\n"+
		"deleted without archiving (emptied, then destroyed)\n")
}
