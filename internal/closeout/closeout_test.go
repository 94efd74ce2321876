package closeout

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/s3test"
	"github.com/sce-dev/sce/sce"
)

// afterDestroy are the calls of a close-out after the archive is verified
// (the config is read again for the warehouse's check before the destroy).
var afterDestroy = []string{"Unprotect", "Config", "Destroy", "KeyState", "BackupVault", "TaggedResources", "LogGroups", "NetworkInterfaces", "ElasticIPs", "IAMEntities"}

func TestCloseoutArchivesVerifiesDestroysAndReports(t *testing.T) {
	w := newWorld(t)
	w.srv.Intercept(objectLock)
	st, err := w.run()
	require.NoError(t, err)

	assert.Equal(t, append([]string{"Outputs", "Config", "Resources"}, afterDestroy...), w.calls.all())
	for _, step := range Steps() {
		assert.True(t, st.done(step), step)
	}
	assert.Equal(t, w.want, withoutDocs(w.archived()), "every current object, and only those, is archived")
	m := w.manifest()
	require.Len(t, m.Objects, len(w.want))
	for _, e := range m.Objects {
		assert.Equal(t, sum(w.want[e.Key]), e.SHA256, e.Key)
		assert.Equal(t, int64(len(w.want[e.Key])), e.Size, e.Key)
		assert.NotEmpty(t, e.SourceVersionID, e.Key)
	}
	dataIn := len(w.want[archiveKeyOf(sce.BucketDataIn, "cohort/patients.csv")]) + len(w.want[archiveKeyOf(sce.BucketDataIn, "cohort/vitals.csv")]) +
		len(w.want[archiveKeyOf(sce.BucketDataIn, "imaging/scan.bin")])
	assert.Equal(t, map[string]Total{"data-in": {3, int64(dataIn)},
		"output": {2, 19}, "logs": {2, 10}, "access-logs": {1, 10}}, m.Totals)
	assert.True(t, st.Archive.Verified)
	assert.Equal(t, BucketCounts{Objects: 3, Bytes: m.Totals["data-in"].Bytes, Noncurrent: 2, DeleteMarkers: 1}, st.Archive.Sources["data-in"])
	assert.Equal(t, EmptyResult{Bucket: bucketOf(sce.BucketDataIn), Versions: 5, DeleteMarkers: 1}, st.Emptied["data-in"])
	assert.Equal(t, DestroyResult{Unprotected: 2, Attempts: 1, Destroyed: 3, Retained: 2}, st.Destroy)
	assert.Equal(t, keyPendingDeletion, st.Trace.KeyState)
	assert.Empty(t, st.Trace.Leftovers())
	w.assertReport(st)
	w.assertNoDeleteBeforeManifest()
}

// withoutDocs drops the manifest and reports from an archive listing.
func withoutDocs(m map[string]string) map[string]string {
	for k := range m {
		if strings.HasSuffix(k, "/MANIFEST.json") || strings.Contains(k, "/CLOSEOUT-REPORT.") {
			delete(m, k)
		}
	}
	return m
}

func (w *world) assertReport(st *State) {
	t := w.t
	md := w.read(archive, testLayout.report()+".md")
	local, err := os.ReadFile(pathsFor(w.stateDir, pit).reportMD)
	require.NoError(t, err)
	assert.Equal(t, md, string(local))
	for _, want := range []string{
		"# Close-out report: project hipaa\n",
		"- Stack hipaa (instance " + instance + "), closed out by " + operator + " from ",
		"8 objects, ", "in s3://" + archive + "/objects/hipaa/" + instance + "/ encrypted with " + archiveKey,
		"Manifest: s3://" + archive + "/closeout/hipaa/" + instance + "/MANIFEST.json, SHA-256 " + st.Archive.ManifestSHA256,
		"Every copy's SHA-256 checksum, stored by S3, matched the source's content: yes.\n",
		"Each source read was checked against: CRC64NVME checksum (8).\n",
		"Storage classes of the copies on 2027-07-01T09:",
		": 8 in STANDARD. Only copies (under objects/hipaa/" + instance + "/) move to Glacier; the manifest, the reports and the checkpoint stay in S3 Standard.\n",
		"| data-in | 3 | ",
		"- Report written by sce v1.4.0, commit c0ffee (clean checkout); steps run by sce v1.4.0, commit c0ffee (clean checkout)\n",
		// The key and its alias are retainOnDelete: dropped from the stack, not destroyed.
		"\n## Destroyed\n\n`pulumi destroy` deleted 3 AWS resources of the stack (protection lifted from 2; 1 attempt):\n\n" +
			"- aws:ec2/vpc:Vpc: 1\n- aws:iam/role:Role: 1\n- aws:s3/bucketV2:BucketV2: 1\n\n" +
			"2 resources marked retainOnDelete were dropped from the stack but kept in the account, not destroyed:\n\n" +
			"- aws:kms/alias:Alias: 1\n- aws:kms/key:Key: 1\n\n| bucket |",
		"\n## Nothing else remains\n\nLooked in AWS account 123456789012, region us-west-2; the KMS key and the traces kept on purpose at 2027-07-01T09:00:20Z.\n\n" +
			"- resources tagged sce:pit=hipaa (Resource Groups Tagging API), besides what is kept on purpose: none left (2027-07-01T09:00:21Z)\n" +
			"- backup recovery points, the warehouse's final snapshot and the KMS key " + projectKey + ": none left (2027-07-01T09:00:22Z)\n",
		"\n## Kept on purpose\n\n- backup vault hipaa-backup-vault: gone, with its recovery points\n\n## Accounted for through their resource\n\nNone.\n\n## Not checked\n",
		// The IAM role is looked up by its name; the alias is not tagged.
		"- the stack's 1 IAM role, each looked up in IAM by name (ARN for a policy): none left (2027-07-01T09:00:27Z)\n",
		"\n## Not checked\n\nNo search above can see 1 resource the stack recorded: it is not tagged sce:pit=hipaa, or of a type " +
			"the Resource Groups Tagging API does not list (IAM, AWS Budgets), and no other search looks for it or for a resource " +
			"it would exist only with. Check it by hand:\n\n- aws:kms/alias:Alias: 1\n\n" +
			"Nor do the searches see what AWS made for the project outside the stack without the project's tag.\n\n## Steps\n",
		"- The project KMS key is pending deletion until 2026-08-01",
		"| destroy | done | 2027-07-01T09:00:19Z | pulumi destroy deleted 3 AWS resources; 2 resources marked retainOnDelete were dropped from the stack " +
			"and kept in the account (1 attempt) |\n",
		"| verify-no-trace | done | 2027-07-01T09:00:28Z | nothing left behind in account 123456789012, region us-west-2; nothing kept; " +
			"KMS key pending deletion until 2026-08-01; 1 recorded resource of 1 type not looked for (the report lists it under Not checked) |\n",
	} {
		assert.Contains(t, md, want)
	}
	var rep Report
	require.NoError(t, json.Unmarshal([]byte(w.read(archive, testLayout.report()+".json")), &rep))
	assert.Equal(t, pit, rep.PIT)
	assert.Equal(t, []string{operator}, rep.Operators)
	assert.Equal(t, 4, rep.Version)
	assert.Zero(t, rep.Archive.SourceMetadataInManifest, "every copy carries its source's metadata")
	assert.NotContains(t, md, "sourceMetadata")
	assert.Equal(t, "sce v1.4.0, commit c0ffee (clean checkout)", rep.Build)
	assert.Equal(t, []string{"sce v1.4.0, commit c0ffee (clean checkout)"}, rep.Builds)
	assert.Equal(t, map[string]int{stackType: 1, awstype.S3BucketV2: 1, awstype.KMSKey: 1, awstype.KMSAlias: 1, awstype.EC2Vpc: 1,
		awstype.IAMRole: 1, "pulumi:providers:aws": 1}, rep.Existed)
	assert.Equal(t, map[string]int{awstype.S3BucketV2: 1, awstype.EC2Vpc: 1, awstype.IAMRole: 1}, rep.Destroyed,
		"the stack and its provider are Pulumi's own, not counted")
	assert.Equal(t, map[string]int{awstype.KMSKey: 1, awstype.KMSAlias: 1}, rep.Retained)
	assert.Equal(t, map[string]int{awstype.KMSAlias: 1}, rep.Trace.NotChecked)
	assert.Equal(t, "123456789012", rep.Trace.Account)
	assert.Equal(t, "us-west-2", rep.Trace.Region)
	for _, c := range rep.Trace.Checks {
		assert.False(t, c.At.IsZero(), c.Name)
	}
	assert.Equal(t, map[string]int{"STANDARD": 8}, rep.Storage.Classes)
	assert.Empty(t, rep.Storage.Cold)
	assert.Len(t, rep.Steps, len(Steps()))
}

// assertNoDeleteBeforeManifest checks in the request log that no version
// was deleted before MANIFEST.json was written and read back.
func (w *world) assertNoDeleteBeforeManifest() {
	reqs := w.srv.Requests()
	manifestRead := slices.IndexFunc(reqs, func(r s3testRequest) bool {
		return r.Method == http.MethodGet && r.Key == testLayout.manifest()
	})
	firstDelete := slices.IndexFunc(reqs, func(r s3testRequest) bool {
		return r.Method == http.MethodPost && strings.Contains(r.Query, "delete")
	})
	require.Positive(w.t, manifestRead)
	require.Positive(w.t, firstDelete)
	assert.Less(w.t, manifestRead, firstDelete)
	for _, r := range reqs[firstDelete:] {
		if r.Method == http.MethodPost && strings.Contains(r.Query, "delete") {
			assert.Equal(w.t, "true", r.Header.Get("x-amz-bypass-governance-retention"), "every deletion bypasses GOVERNANCE retention")
		}
	}
}

func TestResumeAfterAFailureMidCopyCopiesNothingTwiceAndMissesNothing(t *testing.T) {
	w := newWorld(t)
	fail, failed := failNth(3)
	w.srv.Intercept(fail)
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step archive failed: ")
	assert.Contains(t, err.Error(), "AccessDenied")
	assert.Contains(t, err.Error(), "run `sce closeout hipaa` again: it continues from this step")
	assert.Equal(t, []string{"Outputs", "Config", "Resources"}, w.calls.all(), "nothing after the archive ran")
	require.NotEmpty(t, *failed)
	firstRun := w.archivePuts(map[string]int{*failed: 1})

	w.srv.ClearInterceptors()
	st, err := w.run()
	require.NoError(t, err)
	puts := w.archivePuts(map[string]int{*failed: 1})
	for key := range w.want {
		assert.Equal(t, 1, puts[key], "%s is uploaded exactly once across both runs", key)
	}
	assert.Equal(t, len(w.want), len(filterPositive(puts)), "%v", puts)
	assert.Less(t, len(filterPositive(firstRun)), len(w.want), "the first run stopped part way")
	assert.Equal(t, w.want, withoutDocs(w.archived()))
	assert.True(t, st.Archive.Verified)
	assert.Equal(t, 1, w.calls.count("Outputs"), "preflight is not repeated")
}

func filterPositive(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v > 0 {
			out[k] = v
		}
	}
	return out
}

func TestChecksumMismatchBlocksDestroy(t *testing.T) {
	w := newWorld(t)
	bad := archiveKeyOf(sce.BucketOutput, "results/model.rds")
	w.srv.Intercept(corrupt(bad))
	st, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step verify-archive failed: 1 of 8 archived copies does not match MANIFEST.json, so nothing is destroyed: "+
		bad+": S3 stores the SHA-256 checksum \""+b64sha([]byte("\x92odel"))+"\", the source's content has \""+b64sha([]byte("model"))+"\"")
	assert.NotContains(t, w.calls.all(), "Unprotect")
	assert.NotContains(t, w.calls.all(), "Destroy")
	assert.False(t, st.Archive.Verified)
	assert.Equal(t, 1, st.Archive.Rejected)
	for _, r := range w.srv.Requests() {
		assert.False(t, r.Method == http.MethodPost && strings.Contains(r.Query, "delete"), "no version is deleted")
	}
	_, err = w.run()
	require.NoError(t, err, "%v", w.archivePuts(nil))
	assert.Equal(t, 2, w.archivePuts(nil)[bad], "the bad copy is copied once more")
	assert.Equal(t, 1, w.archivePuts(nil)[archiveKeyOf(sce.BucketOutput, "results/table1.csv")], "good copies are not")
	assert.Equal(t, w.want[bad], w.read(archive, bad))
	assert.Equal(t, 1, w.calls.count("Destroy"))
}

func TestDestroyRunsOnlyAfterVerification(t *testing.T) {
	w := newWorld(t)
	st := &State{Version: stateVersion, Stack: pit, Emptied: map[string]EmptyResult{}}
	st.record(StepPreflight, statusDone, "", testNow)
	st.record(StepArchive, statusDone, "", testNow)
	st.record(StepVerify, statusFailed, "mismatch", testNow)
	require.NoError(t, st.save(pathsFor(w.stateDir, pit).state))
	r, err := newRunner(w.env(), withDefaults(w.opts()), pathsFor(w.stateDir, pit))
	require.NoError(t, err)
	for _, step := range []string{StepUnprotect, StepEmpty, StepDestroy} {
		assert.EqualError(t, r.guard(step), step+" refused: the archive is not verified")
	}
	assert.NoError(t, r.guard(StepNoTrace))
}

func TestLateLogFilesAreArchivedBeforeDestroyRetries(t *testing.T) {
	w := newWorld(t)
	late := "cloudtrail/AWSLogs/123456789012/CloudTrail/us-west-2/2027/07/01/late.json.gz"
	w.stack.beforeDestroy = func(attempt int) error {
		if attempt == 1 {
			w.srv.Put(t, bucketOf(sce.BucketLogs), late, "the close-out's own trail")
		}
		return nil
	}
	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, 2, st.Destroy.Attempts)
	assert.Equal(t, "the close-out's own trail", w.archived()[archiveKeyOf(sce.BucketLogs, late)])
	assert.Equal(t, 1, st.Emptied["logs"].LateArchived)
	assert.Contains(t, keys(w.manifest()), archiveKeyOf(sce.BucketLogs, late))
}

func keys(m Manifest) []string {
	var out []string
	for _, e := range m.Objects {
		out = append(out, e.Key)
	}
	return out
}

func TestRefusesBeforeTheStudyEnds(t *testing.T) {
	tests := []struct {
		name   string
		force  bool
		reason string
		want   string
	}{
		{"not forced", false, "", "close-out refused: the study ends 2027-06-30, after today (2027-06-29): close out after that date, or pass --force --reason \"...\""},
		{"forced without a reason", true, " ", "close-out refused: --force needs --reason, recorded in the close-out report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.clock.set(testNow.AddDate(0, 0, -2))
			opts := w.opts()
			opts.Force, opts.Reason = tt.force, tt.reason
			_, err := Run(context.Background(), w.env(), opts)
			assert.EqualError(t, err, tt.want)
			assert.True(t, errors.Is(err, ErrRefused))
			assert.Equal(t, []string{"Outputs", "Config"}, w.calls.all())
			assert.Empty(t, w.archived())
		})
	}
}

// TestEndDateIsAUTCDay: the study end date is compared with today in UTC,
// as sce stacks and the dry run count it, whatever zone the clock reads in:
// 22:00 on 29 June at UTC-5 is already 30 June, the end date.
func TestEndDateIsAUTCDay(t *testing.T) {
	w := newWorld(t)
	w.clock.set(time.Date(2027, 6, 29, 22, 0, 0, 0, time.FixedZone("UTC-5", -5*3600)))
	_, err := Run(context.Background(), w.env(), w.opts())
	require.NoError(t, err, "refused on the end date")
}

func TestForcedCloseoutRecordsTheReason(t *testing.T) {
	w := newWorld(t)
	w.clock.set(testNow.AddDate(0, 0, -30))
	opts := w.opts()
	opts.Force, opts.Reason = true, "IRB terminated the study"
	st, err := Run(context.Background(), w.env(), opts)
	require.NoError(t, err)
	assert.True(t, st.Force)
	assert.Contains(t, w.read(archive, testLayout.report()+".md"), "- **Closed out before the study end date**, reason: IRB terminated the study\n")
}

func TestLeftoversFailTheStepAndNameThem(t *testing.T) {
	w := newWorld(t)
	w.inspector.tagged = []string{projectKey, "arn:aws:sns:us-west-2:123456789012:hipaa-alerts"}
	w.inspector.groups = []string{"log group /sce/hipaa/flow-logs"}
	_, err := w.run()
	require.Error(t, err)
	assert.Equal(t, "close-out step verify-no-trace failed: 2 things of project hipaa are left: arn:aws:sns:us-west-2:123456789012:hipaa-alerts; "+
		"log group /sce/hipaa/flow-logs (some APIs lag a few minutes behind deletions: run close-out again to recheck); "+
		"fix the cause and run `sce closeout hipaa` again: it continues from this step", err.Error())
	_, err = w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(archive), Key: aws.String(testLayout.report() + ".md")})
	var notFound *types.NotFound
	assert.ErrorAs(t, err, &notFound, "no report before the proof")

	w.inspector.tagged, w.inspector.groups = nil, nil
	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, 1, w.calls.count("Destroy"), "destroy is not repeated")
	assert.True(t, st.done(StepReport))
}

func TestACopyMadeButNotJournaledIsAdopted(t *testing.T) {
	w := newWorld(t)
	// An earlier run copied one object and stopped before journaling it.
	key := "results/model.rds"
	src, err := w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucketOf(sce.BucketOutput)), Key: aws.String(key)})
	require.NoError(t, err)
	_, err = w.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(archive), Key: aws.String(archiveKeyOf(sce.BucketOutput, key)),
		Body: strings.NewReader("model"), ChecksumSHA256: aws.String(b64sha([]byte("model"))), Metadata: map[string]string{metaVersion: aws.ToString(src.VersionId)}})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(pathsFor(w.stateDir, pit).journal, []byte("{\"op\":\"copied\",\"role\":\"log"), 0o600))
	before := w.archivePuts(nil)[archiveKeyOf(sce.BucketOutput, key)]

	_, err = w.run()
	require.NoError(t, err)
	assert.Equal(t, before, w.archivePuts(nil)[archiveKeyOf(sce.BucketOutput, key)], "adopted, not copied again")
	assert.Contains(t, keys(w.manifest()), archiveKeyOf(sce.BucketOutput, key))
}

// TestAReportWrittenOnTheSecondTryListsItsStepOnce: when writing the report
// failed once, the report written by the rerun lists the report step once,
// done, not also the failed attempt.
func TestAReportWrittenOnTheSecondTryListsItsStepOnce(t *testing.T) {
	w := newWorld(t)
	w.srv.Intercept(objectLock)
	failed := false
	w.srv.Intercept(func(rw http.ResponseWriter, r *http.Request, req s3testRequest) bool {
		if failed || r.Method != http.MethodPut || req.Key != testLayout.report()+".md" {
			return false
		}
		failed = true
		s3test.FailWith(rw, http.StatusServiceUnavailable, "ServiceUnavailable", "injected")
		return true
	})
	_, err := w.run()
	require.ErrorContains(t, err, "close-out step report failed")
	st, err := w.run()
	require.NoError(t, err)
	assert.True(t, st.done(StepReport))
	md := w.read(archive, testLayout.report()+".md")
	assert.Equal(t, 1, strings.Count(md, "\n| report |"), md)
	assert.Contains(t, md, "\n| report | done |")
}
