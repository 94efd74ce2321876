package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit"
	"github.com/sce-dev/sce/internal/audit/trailtest"
	"github.com/sce-dev/sce/internal/buildinfo"
)

// trailDirCSVNotes are the notes on stderr of a csv audit of trailDir
// without --verify: the time its one log file (delivered at 10:05)
// covers, and the verification not run.
const trailDirCSVNotes = "note: log files read cover 2026-03-02T09:05:00Z to 2026-03-02T10:06:00Z\n" +
	"note: verify not run: the log files were not checked against CloudTrail's digest files (run with --verify)\n"

func TestAuditRefusesAPITTypo(t *testing.T) {
	dir, _ := trailDir(t)
	stacks := repoStacks(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"not a PIT", []string{"--pit", "HIPAA"},
			"sce: --pit: \"HIPAA\" must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'\n"},
		{"no stack has it", []string{"--pit", "nope", "--stacks", stacks},
			"sce: --pit: no project stack in " + stacks + " has the PIT \"nope\"; the projects there are hipaa, omop: " +
				"check the spelling, or pass --stacks with the folder of the project's stack file\n"},
		{"the baseline is no project", []string{"--pit", "account", "--stacks", stacks},
			"sce: --pit: no project stack in " + stacks + " has the PIT \"account\"; the projects there are hipaa, omop: " +
				"check the spelling, or pass --stacks with the folder of the project's stack file\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := executeLifecycle(t, append([]string{"audit", dir}, tt.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, tt.want, stderr)
			assert.Empty(t, stdout, "no report of 0 events")
		})
	}
}

func TestAuditSaysWhenNoSearchedBucketIsInTheLogs(t *testing.T) {
	dir, _ := trailDir(t)
	tests := []struct {
		name     string
		args     []string
		searched string
	}{
		{"a PIT without stack files", []string{"--pit", "nope"},
			"nope-data-in-<account>-<region> or nope-output-<account>-<region> (the PHI buckets of project nope)"},
		{"a bucket", []string{"--bucket", "hipaa-data-in-123456789012-us-east-1"},
			"hipaa-data-in-123456789012-us-east-1 (did you mean hipaa-data-in-123456789012-us-west-2?)"},
		{"a bucket far from any seen", []string{"--bucket", "another-bucket"}, "another-bucket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := executeLifecycle(t, append([]string{"audit", dir, "--format", "csv"}, tt.args...)...)
			assert.Equal(t, exitUsage, code)
			// No replication note: no event of the buckets was read.
			assert.Equal(t, trailDirCSVNotes+"sce: none of the searched buckets appears in the logs: no S3 data event of the 1 log file (1 record) is on "+
				tt.searched+": check --pit and --bucket, and that the source holds the project's trail\n", stderr)
			assert.Equal(t, "time,principal,action,bucket,key,source_ip,vpc_endpoint,error_code,bytes_in,bytes_out,log_file\n", stdout)
		})
	}
}

func TestAuditPITOfAStack(t *testing.T) {
	dir, _ := trailDir(t)
	stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--stacks", repoStacks(t), "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, 2, strings.Count(stdout, "\n"), stdout)
}

func TestAuditEvidenceGapsChangeTheExitCode(t *testing.T) {
	dir, log := trailDir(t)
	data, err := os.ReadFile(log)
	require.NoError(t, err)
	truncated := strings.Replace(log, "_000001abc.json.gz", "_000002abc.json.gz", 1)
	require.NoError(t, os.WriteFile(truncated, data[:len(data)-20], 0o644))
	out := filepath.Join(t.TempDir(), "report.txt")
	_, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--out", out)
	assert.Equal(t, exitEvidenceGap, code)
	assert.Equal(t, "wrote "+out+": 1 event from 2 log files\n"+
		"sce: evidence gap: 1 of 2 log files is malformed or truncated; the report names them\n", stderr)
	report, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(report), "\n1 event; 2 log files, 1 record read; 1 digest file; 0 other files skipped; 0 duplicate files skipped (read once); 1 malformed or truncated\n"+
		"generated 2026-03-01T12:00:00Z by "+buildinfo.Read(nil).Line()+"\n"+
		"log files read cover 2026-03-02T09:05:00Z to 2026-03-02T10:06:00Z\n"+
		"replication: 0 events are S3 replication between the buckets and their replicas (sessions of the replication role hipaa-s3-replication, "+
		"which only S3 may assume): none was recorded\n"+
		"malformed: "+truncated+": is malformed or truncated after 0 records: unexpected EOF\n")
}

func TestAuditChecksTheOutputPathFirst(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	folder := t.TempDir()
	tests := []struct {
		out, want string
	}{
		{filepath.Join(missing, "x.csv"), "sce: --out " + filepath.Join(missing, "x.csv") + ": folder " + missing + " does not exist: create it, or write the file elsewhere\n"},
		{folder, "sce: --out " + folder + ": is a folder: give a file name, for example " + filepath.Join(folder, "audit.csv") + "\n"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.out), func(t *testing.T) {
			// An s3:// source would need AWS before any file is read: the
			// output path is refused before that.
			_, stderr, code := executeLifecycle(t, "audit", "s3://hipaa-logs-123456789012-us-west-2/cloudtrail/", "--pit", "hipaa", "--format", "csv", "-o", tt.out)
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, tt.want, stderr)
		})
	}
}

// noAWSEnvironment leaves the AWS SDK without region, profile, credentials
// and instance metadata.
func noAWSEnvironment(t *testing.T) {
	t.Helper()
	none := filepath.Join(t.TempDir(), "none")
	t.Setenv("AWS_CONFIG_FILE", none)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", none)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
		"AWS_SESSION_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		t.Setenv(k, "")
	}
}

func TestAuditS3SaysWhatToConfigure(t *testing.T) {
	noAWSEnvironment(t)
	ctx := context.Background()
	_, err := awsAuditServices{}.S3(ctx, "")
	assert.EqualError(t, err, "s3:// sources need an AWS region: pass --region with the region of the log bucket, or set AWS_REGION")
	_, err = awsAuditServices{}.Keys(ctx, "")
	assert.EqualError(t, err, "s3:// sources need an AWS region: pass --region with the region of the log bucket, or set AWS_REGION")
	_, err = awsAuditServices{}.S3(ctx, "us-west-2")
	assert.EqualError(t, err, "s3:// sources need AWS credentials and none were found: set AWS_PROFILE to a profile of ~/.aws/config "+
		"(aws configure, or aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run on an instance with a role")
}

// TestAuditCountsReplicationApart: the csv rows are people's events, and
// stderr says how many events were S3 replication and by which principal.
func TestAuditCountsReplicationApart(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, "hipaa-logs-123456789012-us-west-2")
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	replicator := "arn:aws:sts::123456789012:assumed-role/hipaa-s3-replication/s3-replication"
	event := func(action, bucket, principal string) map[string]any {
		return trailtest.S3Event{Time: at, Action: action, Bucket: bucket, Key: "cohort/a.csv", Principal: principal,
			SourceIP: "s3.amazonaws.com", InvokedBy: "s3.amazonaws.com"}.Record()
	}
	tr.WriteLog(at.Add(5*time.Minute), []map[string]any{
		event("GetObject", "hipaa-data-in-123456789012-us-west-2", "arn:aws:sts::123456789012:assumed-role/sce-researcher/alice"),
		event("GetObjectVersionForReplication", "hipaa-data-in-123456789012-us-west-2", replicator),
		event("ReplicateObject", "hipaa-data-in-123456789012-us-west-2-replica", replicator),
	})
	stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, 2, strings.Count(stdout, "\n"), "the header and alice's event: %s", stdout)
	assert.NotContains(t, stdout, replicator)
	assert.Equal(t, "note: 2 more events are S3 replication between the buckets and their replicas ("+replicator+
		", the replication role hipaa-s3-replication only S3 may assume), counted apart: they are no one's access\n"+trailDirCSVNotes, stderr)
}

// TestAuditPrincipalReplicationIsSaid: --principal s3-replication lists 0
// events, the replication counts go to the note only, and both the help
// and docs/lifecycle.md say so.
func TestAuditPrincipalReplicationIsSaid(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, "hipaa-logs-123456789012-us-west-2")
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	replicator := "arn:aws:sts::123456789012:assumed-role/hipaa-s3-replication/s3-replication"
	tr.WriteLog(at.Add(5*time.Minute), []map[string]any{trailtest.S3Event{Time: at, Action: "ReplicateObject",
		Bucket: "hipaa-data-in-123456789012-us-west-2-replica", Key: "cohort/a.csv", Principal: replicator, SourceIP: "s3.amazonaws.com"}.Record()})
	stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--principal", "s3-replication", "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "time,principal,action,bucket,key,source_ip,vpc_endpoint,error_code,bytes_in,bytes_out,log_file\n", stdout)
	assert.Equal(t, "note: 1 more event is S3 replication between the buckets and their replicas ("+replicator+
		", the replication role hipaa-s3-replication only S3 may assume), counted apart: it is no one's access\n"+trailDirCSVNotes, stderr)

	help, _, code := executeLifecycle(t, "audit", "--help")
	require.Equal(t, exitOK, code)
	assert.Contains(t, help, "--principal s3-replication lists 0 events: their counts are in the replication note and section only.")
	assert.Contains(t, help, "S3 replication stays counted apart, so s3-replication lists 0 events")
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "lifecycle.md"))
	require.NoError(t, err)
	assert.Contains(t, string(doc), "`sce audit ./trail --pit hipaa --principal s3-replication` lists 0 events: the replication role's\n"+
		"counts are only in the replication note and section")
}

// TestAuditOutcomeCountsAgree: the exit error of an audit words its counts
// in number, at one and at two of each.
func TestAuditOutcomeCountsAgree(t *testing.T) {
	findings := func(n int) []audit.Finding { return make([]audit.Finding, n) }
	report := func(n int) *audit.Report {
		v := &audit.Verification{Missing: findings(n), Altered: findings(n), Unlisted: findings(n),
			Chain: findings(n), Gaps: make([]audit.Gap, n), BadSignatures: findings(n)}
		return &audit.Report{LogFiles: n, Malformed: findings(n), Verification: v}
	}
	var stderr strings.Builder
	err := auditOutcome(&stderr, report(1), "table")
	assert.EqualError(t, err, "log verification FAILED: log files: 1 missing, 1 altered, 1 unlisted; "+
		"1 digest-chain problem, 1 gap in the window, 1 bad signature (details in the report)")
	assert.Equal(t, "warning: evidence gap: 1 of 1 log file is malformed or truncated; the report names them\n", stderr.String())

	stderr.Reset()
	err = auditOutcome(&stderr, report(2), "table")
	assert.EqualError(t, err, "log verification FAILED: log files: 2 missing, 2 altered, 2 unlisted; "+
		"2 digest-chain problems, 2 gaps in the window, 2 bad signatures (details in the report)")
	assert.Equal(t, "warning: evidence gap: 2 of 2 log files are malformed or truncated; the report names them\n", stderr.String())
}

// TestAuditRefusesEmptyOrImpossibleFlags: values that would silently widen
// the report to every bucket or principal, or find nothing whatever the
// logs hold, are usage errors naming the flag, before anything is read.
func TestAuditRefusesEmptyOrImpossibleFlags(t *testing.T) {
	dir, _ := trailDir(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--workers", "-3"}, "sce: --workers -3: give 1 or more files to read at once, or 0 for one per CPU\n"},
		{[]string{"--pit", ""}, "sce: --pit is empty: give a value, or leave the flag out (is a shell variable unset?)\n"},
		{[]string{"--pit", "hipaa", "--bucket", ""}, "sce: --bucket is empty: give a bucket name, or leave the flag out (is a shell variable unset?)\n"},
		{[]string{"--pit", "hipaa", "--bucket", "a-bucket,"}, "sce: --bucket is empty: give a bucket name, or leave the flag out (is a shell variable unset?)\n"},
		{[]string{"--pit", "hipaa", "--principal", ""}, "sce: --principal is empty: give a value, or leave the flag out (is a shell variable unset?)\n"},
		{[]string{"--pit", "hipaa", "--prefix", ""}, "sce: --prefix is empty: give a value, or leave the flag out (is a shell variable unset?)\n"},
		{[]string{"--pit", "hipaa", "--principal", " "}, "sce: --principal \" \" is blank: give a value, or leave the flag out (is a shell variable unset?)\n"},
		{[]string{"--pit", "hipaa", "--prefix", "\t"}, "sce: --prefix \"\\t\" is blank: give a value, or leave the flag out (is a shell variable unset?)\n"},
		{[]string{"--pit", "hipaa", "--bucket", " "}, "sce: --bucket \" \" is blank: give a bucket name, or leave the flag out (is a shell variable unset?)\n"},
		{[]string{"--pit", "hipaa", "--bucket", "s3://hipaa-data-in/"}, "sce: --bucket s3://hipaa-data-in/: give the bucket's name without \"s3://\" (the logs record names): --bucket hipaa-data-in\n"},
		{[]string{"--pit", "hipaa", "--bucket", "a-bucket", "--bucket", "arn:aws:s3:::hipaa-data-in"},
			"sce: --bucket arn:aws:s3:::hipaa-data-in: give the bucket's name, not its ARN (the logs record names): --bucket hipaa-data-in\n"},
		{[]string{"--pit", "hipaa", "--bucket", "arn:aws:s3:::hipaa-data-in/results/*"},
			"sce: --bucket arn:aws:s3:::hipaa-data-in/results/*: give the bucket's name, not its ARN (the logs record names): --bucket hipaa-data-in\n"},
		{[]string{"--pit", "hipaa", "--bucket", "s3://hipaa-data-in/results/"},
			"sce: --bucket s3://hipaa-data-in/results/: give the bucket's name without \"s3://\" (the logs record names): --bucket hipaa-data-in\n"},
		{[]string{"--pit", "hipaa", "--prefix", "/cohort/"}, "sce: --prefix /cohort/: S3 keys do not start with \"/\": use --prefix cohort/\n"},
		{[]string{"--pit", "hipaa", "--prefix", "/"}, "sce: --prefix /: S3 keys do not start with \"/\": leave --prefix out for every key\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := executeLifecycle(t, append([]string{"audit", dir}, tt.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, tt.want, stderr)
			assert.Empty(t, stdout)
		})
	}
	help, _, code := executeLifecycle(t, "audit", "--help")
	require.Equal(t, exitOK, code)
	assert.Contains(t, help, "files read at once: 1 or more, or 0 (the default) for one per CPU")
}

// TestAuditReadsOverlappingSourcesOnce: the same folder twice, a folder
// inside it and a byte-identical copy elsewhere add no event; stderr
// counts, or for csv names, the files skipped.
func TestAuditReadsOverlappingSourcesOnce(t *testing.T) {
	dir, log := trailDir(t)
	copied := t.TempDir()
	data, err := os.ReadFile(log)
	require.NoError(t, err)
	rel, err := filepath.Rel(dir, log)
	require.NoError(t, err)
	copiedLog := filepath.Join(copied, rel)
	require.NoError(t, os.MkdirAll(filepath.Dir(copiedLog), 0o755))
	require.NoError(t, os.WriteFile(copiedLog, data, 0o644))

	stdout, stderr, code := executeLifecycle(t, "audit", dir, dir, filepath.Join(dir, "cloudtrail"), copied, "--pit", "hipaa", "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "time,principal,action,bucket,key,source_ip,vpc_endpoint,error_code,bytes_in,bytes_out,log_file\n"+
		"2026-03-02T10:00:00Z,arn:aws:sts::123456789012:assumed-role/sce-researcher/alice,GetObject,hipaa-data-in-123456789012-us-west-2,"+
		"cohort/a.csv,10.16.1.10,vpce-0abc,,0,0,"+log+"\n", stdout)
	assert.Contains(t, stderr, "note: duplicate skipped: "+log+": is in more than one of the sources: read once\n")
	assert.Contains(t, stderr, "note: duplicate skipped: "+copiedLog+": has the same content as "+log+" (SHA-256 of the file as stored): a copy, read once\n")
	assert.Equal(t, 5, strings.Count(stderr, "note: duplicate skipped: "), "the log file twice, the digest twice, the copy: %s", stderr)

	_, stderr, code = executeLifecycle(t, "audit", dir, dir, "--pit", "hipaa", "--out", filepath.Join(t.TempDir(), "r.txt"))
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, ": 1 event from 1 log file\n")
	assert.Contains(t, stderr, "note: 2 duplicate files skipped (read once): the same file through two sources, or a copy; the report names them\n")
}

// TestAuditFilterTyposAreSaid: a mistyped bucket beside the PIT is an error
// naming it, with the closest bucket seen (the report is written); a
// principal or prefix that matches nothing is a warning with what was
// seen, exit 0: no access by someone is a finding too.
func TestAuditFilterTyposAreSaid(t *testing.T) {
	dir, _ := trailDir(t)
	header := "time,principal,action,bucket,key,source_ip,vpc_endpoint,error_code,bytes_in,bytes_out,log_file\n"
	stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--bucket", "hipaa-data-in-123456789012-us-west-3", "--format", "csv")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, 2, strings.Count(stdout, "\n"), "the report is written: %s", stdout)
	assert.True(t, strings.HasSuffix(stderr, "sce: 1 of the 2 searched buckets does not appear in the logs: no S3 data event of the 1 log file (1 record) "+
		"is on hipaa-data-in-123456789012-us-west-3 (did you mean hipaa-data-in-123456789012-us-west-2?): check --pit and --bucket, "+
		"and that the source holds the project's trail\n"), stderr)

	among := " among the 1 S3 data event on the searched buckets in the window; "
	for _, tt := range []struct{ flag, value, warning string }{
		{"--principal", "alcie", `warning: no event matched --principal "alcie"` + among +
			"principals seen, the closest first: arn:aws:sts::123456789012:assumed-role/sce-researcher/alice\n"},
		{"--prefix", "cohrt/", `warning: no event matched --prefix "cohrt/"` + among + "top-level prefixes seen, the closest first: cohort/\n"},
	} {
		t.Run(tt.flag, func(t *testing.T) {
			stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", tt.flag, tt.value, "--format", "csv")
			assert.Equal(t, exitOK, code)
			assert.Equal(t, header, stdout)
			assert.True(t, strings.HasSuffix(stderr, tt.warning), stderr)
		})
	}
}

// TestAuditLinkedSourceAndNoDigests: a link to the trail folder is read as
// the folder; --verify without any digest file fails with the log file
// unlisted, the hour uncovered and the sources searched named.
func TestAuditLinkedSourceAndNoDigests(t *testing.T) {
	dir, log := trailDir(t)
	link := filepath.Join(t.TempDir(), "trail_link")
	require.NoError(t, os.Symlink(dir, link))
	stdout, stderr, code := executeLifecycle(t, "audit", link, "--pit", "hipaa", "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, 2, strings.Count(stdout, "\n"), stdout)
	assert.Contains(t, stdout, ","+link+"/cloudtrail/AWSLogs/")

	require.NoError(t, os.RemoveAll(filepath.Join(dir, "cloudtrail", "AWSLogs", "123456789012", "CloudTrail-Digest")))
	stdout, stderr, code = executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--verify")
	assert.Equal(t, 1, code)
	assert.Equal(t, "sce: log verification FAILED: log files: 0 missing, 0 altered, 1 unlisted; 1 digest-chain problem, 1 gap in the window, "+
		"0 bad signatures (details in the report)\n", stderr)
	assert.Contains(t, stdout, "\nverify unlisted: "+log+": no digest lists it")
	assert.Contains(t, stdout, "\nverify chain: "+dir+": no CloudTrail digest file found (")
	assert.Contains(t, stdout, "\nverify gap: 123456789012 us-west-2: no digest covers 2026-03-02T10:00:00Z to 2026-03-02T11:00:00Z (1 hour)\n")
}

// TestAuditVerifyFindsAnAlteredCopy: a source with an altered version of a
// log file fails --verify beside the source with the original, whichever
// is given first.
func TestAuditVerifyFindsAnAlteredCopy(t *testing.T) {
	orig, log := trailDir(t)
	alt := t.TempDir()
	rel, err := filepath.Rel(orig, log)
	require.NoError(t, err)
	altered := filepath.Join(alt, rel)
	require.NoError(t, os.MkdirAll(filepath.Dir(altered), 0o755))
	require.NoError(t, os.WriteFile(altered, trailtest.Gzip([]byte(`{"Records":[]}`)), 0o644))
	for name, sources := range map[string][]string{"altered first": {alt, orig}, "altered second": {orig, alt}} {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"audit"}, sources...)
			stdout, stderr, code := executeLifecycle(t, append(args, "--pit", "hipaa", "--verify", "--since", "2026-03-02T10:00:00Z", "--until", "2026-03-02T11:00:00Z")...)
			assert.Equal(t, 1, code)
			assert.Equal(t, "warning: 1 part of the window (54 minutes in all) is outside the time the log files read cover, "+
				"2026-03-02T09:05:00Z to 2026-03-02T10:06:00Z: 2026-03-02T10:06:00Z to 2026-03-02T11:00:00Z (54 minutes); events there, "+
				"if any, are not in this report: give the sources that hold it, or narrow --since and --until\n"+
				"sce: log verification FAILED: log files: 0 missing, 1 altered, 0 unlisted; 0 digest-chain problems, 0 gaps in the window, "+
				"0 bad signatures (details in the report)\n", stderr)
			assert.Contains(t, stdout, "\nverify altered: "+altered+": content was altered: its SHA-256 is ")
		})
	}
}

// TestAuditDuplicatesNameTheFileRead: with sources copy, trail and a link
// to trail, the files through the link are the same as trail's, which
// are copies of copy's: each names the file actually read.
func TestAuditDuplicatesNameTheFileRead(t *testing.T) {
	trail, log := trailDir(t)
	copied := t.TempDir()
	require.NoError(t, os.CopyFS(copied, os.DirFS(trail)))
	link := filepath.Join(t.TempDir(), "link")
	require.NoError(t, os.Symlink(trail, link))
	rel, err := filepath.Rel(trail, log)
	require.NoError(t, err)
	_, stderr, code := executeLifecycle(t, "audit", copied, trail, link, "--pit", "hipaa", "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	read, linked := filepath.Join(copied, rel), filepath.Join(link, rel)
	assert.Contains(t, stderr, "note: duplicate skipped: "+log+": has the same content as "+read+" (SHA-256 of the file as stored): a copy, read once\n")
	assert.Contains(t, stderr, "note: duplicate skipped: "+linked+": is the same file as "+log+", a copy of "+read+": read once, as "+read+"\n")
	assert.Equal(t, 4, strings.Count(stderr, "note: duplicate skipped: "), "the log file and the digest, each in trail and through the link: %s", stderr)
}

// TestAuditRefusesAWindowOutsideTheLogs: a mistyped --since or --until
// that puts the window wholly outside the time the log files read cover
// (the one file, delivered at 10:05, covers 09:05 to 10:06) exits 2
// naming the flags and that time, instead of a report of 0 events that
// reads as no access; the report is written.
func TestAuditRefusesAWindowOutsideTheLogs(t *testing.T) {
	dir, _ := trailDir(t)
	stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--since", "2025-03-02", "--until", "2025-03-03", "--format", "csv")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "time,principal,action,bucket,key,source_ip,vpc_endpoint,error_code,bytes_in,bytes_out,log_file\n", stdout)
	assert.True(t, strings.HasSuffix(stderr, "sce: the window --since 2025-03-02T00:00:00Z --until 2025-03-04T00:00:00Z lies outside the time "+
		"the log files read cover, 2026-03-02T09:05:00Z to 2026-03-02T10:06:00Z: check --since and --until (a mistyped date is not an absence of events)\n"), stderr)

	_, stderr, code = executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--since", "2026-03-02", "--format", "csv")
	assert.Equal(t, exitOK, code, stderr)
}

// TestAuditIdleWindowIsNoAccess: logs from January to October with S3
// data events only in January and March, and a window of July to
// September: no access in the window is the answer (exit 0, 0 events, no
// warning), not a mistyped date. (Logs that ended in September, at
// 23:56 on the 30th, would leave the window's last 4 minutes unread, a
// warning: see TestAuditSaysWhatTheLogsCover.)
func TestAuditIdleWindowIsNoAccess(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, "hipaa-logs-123456789012-us-west-2")
	for _, m := range []time.Month{time.January, time.March} {
		when := time.Date(2026, m, 15, 9, 0, 0, 0, time.UTC)
		tr.WriteLog(when.Add(5*time.Minute), []map[string]any{trailtest.S3Event{
			Time: when, Action: "GetObject", Bucket: "hipaa-data-in-123456789012-us-west-2", Key: "cohort/a.csv",
			Principal: "arn:aws:sts::123456789012:assumed-role/sce-researcher/alice", SourceIP: "10.16.1.10",
		}.Record()})
	}
	for m := time.April; m <= time.October; m++ {
		when := time.Date(2026, m+1, 1, 0, 0, 0, 0, time.UTC).Add(-10 * time.Minute)
		tr.WriteLog(when.Add(5*time.Minute), []map[string]any{trailtest.Management(when, "ec2.amazonaws.com", "DescribeInstances")})
	}
	stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--since", "2026-07-01", "--until", "2026-09-30", "--format", "csv")
	assert.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "time,principal,action,bucket,key,source_ip,vpc_endpoint,error_code,bytes_in,bytes_out,log_file\n", stdout)
	assert.Equal(t, "note: 0 events are S3 replication between the buckets and their replicas (sessions of the replication role "+
		"hipaa-s3-replication, which only S3 may assume): none was recorded\n"+
		"note: log files read cover 2026-01-15T08:05:00Z to 2026-10-31T23:56:00Z\n"+
		"note: verify not run: the log files were not checked against CloudTrail's digest files (run with --verify)\n", stderr)

	stdout, stderr, code = executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--since", "2026-07-01", "--until", "2026-09-30")
	assert.Equal(t, exitOK, code, stderr)
	assert.True(t, strings.HasPrefix(stdout, "S3 data events on the PHI buckets of project hipaa (hipaa-data-in-<account>-<region>, "+
		"hipaa-output-<account>-<region>) and its egress bucket hipaa-egress-<account>-<region>, each with its replica (<bucket>-replica); "+
		"from 2026-07-01T00:00:00Z; before 2026-10-01T00:00:00Z\n"+
		"0 events; 9 log files, 9 records read; 0 digest files; 0 other files skipped; 0 duplicate files skipped (read once); 0 malformed or truncated\n"+
		"generated 2026-03-01T12:00:00Z by "+buildinfo.Read(nil).Line()+"\n"+
		"log files read cover 2026-01-15T08:05:00Z to 2026-10-31T23:56:00Z\n"+
		"replication: 0 events are S3 replication"), stdout)
	assert.NotContains(t, stdout, "warning", "no access in the window is the answer")
}

// TestAuditRefusesTwoTrails: the baseline's trail and the project's trail
// given together would count each event twice; exit 2 names them.
func TestAuditRefusesTwoTrails(t *testing.T) {
	project, _ := trailDir(t)
	baseline := t.TempDir()
	tr := trailtest.NewTrail(t, baseline, "sce-account-logs")
	tr.Prefix, tr.Name = "account", "sce-account-trail"
	tr.WriteLog(time.Date(2026, 3, 2, 10, 5, 0, 0, time.UTC), []map[string]any{})
	tr.WriteDigest(time.Date(2026, 3, 2, 11, 0, 0, 0, time.UTC))
	stdout, stderr, code := executeLifecycle(t, "audit", project, baseline, "--pit", "hipaa")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "sce: the sources hold the logs of 2 trails of account 123456789012 in us-west-2 (hipaa-trail, sce-account-trail): "+
		"read together, an event both record counts twice and one trail's digests hide the hours the other's are missing: "+
		"give the logs of one trail, from the bucket or prefix only it delivers to; no source holds one of two trails that "+
		"deliver to the same bucket and prefix: give each trail its own bucket or prefix\n", stderr)
}

// TestAuditSaysWhatTheLogsCover: logs of two hours read for two months
// report their events with the time the log files cover and a warning
// naming the two months around it, in the report and on stderr; the exit
// code stays 0 (only --verify, hour by hour, proves an hour missing).
// Every format but csv states when and by which build it was made, and
// that the verification was not run.
func TestAuditSaysWhatTheLogsCover(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, "hipaa-logs-123456789012-us-west-2")
	for i := range 3 {
		at := time.Date(2026, 3, 2, 10+i, 0, 0, 0, time.UTC)
		tr.WriteLog(at.Add(5*time.Minute), []map[string]any{trailtest.S3Event{Time: at, Action: "GetObject",
			Bucket: "hipaa-data-in-123456789012-us-west-2-replica", Key: "cohort/a.csv",
			Principal: "arn:aws:sts::123456789012:assumed-role/sce-researcher/alice", SourceIP: "10.16.1.10"}.Record()})
	}
	a := defaultApp()
	a.buildInfo = fakeBuild("v1.4.0", "vcs.revision", "c0ffee", "vcs.modified", "false")
	warning := "warning: 2 parts of the window (58 days 20 hours 59 minutes in all) are outside the time the log files read cover, " +
		"2026-03-02T09:05:00Z to 2026-03-02T12:06:00Z: 2026-02-01T00:00:00Z to 2026-03-02T09:05:00Z (29 days 9 hours 5 minutes) and " +
		"2026-03-02T12:06:00Z to 2026-04-01T00:00:00Z (29 days 11 hours 54 minutes); events there, if any, are not in this report: " +
		"give the sources that hold them, or narrow --since and --until\n"
	args := []string{"audit", dir, "--pit", "hipaa", "--since", "2026-02-01", "--until", "2026-03-31"}

	stdout, stderr, code := executeLifecycleApp(t, a, testLifecycle(), strings.NewReader(""), args...)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, warning, stderr)
	assert.True(t, strings.HasPrefix(stdout, "S3 data events on the PHI buckets of project hipaa (hipaa-data-in-<account>-<region>, "+
		"hipaa-output-<account>-<region>) and its egress bucket hipaa-egress-<account>-<region>, each with its replica (<bucket>-replica); "+
		"from 2026-02-01T00:00:00Z; before 2026-04-01T00:00:00Z\n"+
		"3 events; 3 log files, 3 records read; 0 digest files; 0 other files skipped; 0 duplicate files skipped (read once); 0 malformed or truncated\n"+
		"generated 2026-03-01T12:00:00Z by sce v1.4.0, commit c0ffee (clean checkout)\n"+
		"log files read cover 2026-03-02T09:05:00Z to 2026-03-02T12:06:00Z\n"+warning), stdout)
	assert.Contains(t, stdout, "\nverify not run: the log files were not checked against CloudTrail's digest files (run with --verify)\n")
	assert.Contains(t, stdout, "  GetObject  hipaa-data-in-123456789012-us-west-2-replica/cohort/a.csv  ", "a replica is in scope, as the scope line says")

	stdout, stderr, code = executeLifecycleApp(t, a, testLifecycle(), strings.NewReader(""), append(args, "--format", "json")...)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, warning, stderr)
	var parsed struct {
		Generated        string       `json:"generated"`
		Build            string       `json:"build"`
		Verify           string       `json:"verify"`
		LogsCover        audit.Span   `json:"logsCover"`
		WindowNotCovered []audit.Span `json:"windowNotCovered"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &parsed))
	assert.Equal(t, "2026-03-01T12:00:00Z", parsed.Generated)
	assert.Equal(t, "sce v1.4.0, commit c0ffee (clean checkout)", parsed.Build)
	assert.Equal(t, "not run", parsed.Verify)
	assert.Equal(t, "2026-03-02T09:05:00Z to 2026-03-02T12:06:00Z", parsed.LogsCover.String())
	assert.Len(t, parsed.WindowNotCovered, 2)

	_, stderr, code = executeLifecycleApp(t, a, testLifecycle(), strings.NewReader(""), append(args, "--format", "csv")...)
	require.Equal(t, exitOK, code, stderr)
	assert.True(t, strings.HasSuffix(stderr, "note: log files read cover 2026-03-02T09:05:00Z to 2026-03-02T12:06:00Z\n"+
		"note: verify not run: the log files were not checked against CloudTrail's digest files (run with --verify)\n"+warning), stderr)
}

// TestAuditCSVNamesOnStderrWhatItsRowsCannot: the csv report holds events
// only, so the malformed file, the file skipped and what --verify found
// are named on stderr, and the exit messages say so, not "the report".
func TestAuditCSVNamesOnStderrWhatItsRowsCannot(t *testing.T) {
	dir, log := trailDir(t)
	data, err := os.ReadFile(log)
	require.NoError(t, err)
	truncated := strings.Replace(log, "_000001abc.json.gz", "_000002abc.json.gz", 1)
	require.NoError(t, os.WriteFile(truncated, data[:len(data)-20], 0o644))
	require.NoError(t, os.WriteFile(log+".bak", data, 0o644))

	stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--format", "csv", "--verify")
	assert.Equal(t, 1, code)
	assert.Equal(t, 2, strings.Count(stdout, "\n"), "the header and one event: %s", stdout)
	assert.Contains(t, stderr, "\nnote: log files read cover 2026-03-02T09:05:00Z to 2026-03-02T10:06:00Z\n"+
		"note: verify FAILED: 1 of 1 listed log file verified (SHA-256) against 1 digest file; 0 missing, 0 altered, 1 unlisted, 0 not yet digested, "+
		"0 digest-chain problems, 0 gaps in the window\n")
	assert.Contains(t, stderr, "\nnote: verify unlisted: "+truncated+": no digest lists it: CloudTrail did not deliver it, or the digest that lists it is missing\n")
	assert.Contains(t, stderr, "\nnote: malformed: "+truncated+": is malformed or truncated after 0 records: unexpected EOF\n"+
		"note: skipped: "+log+".bak: not read: not a CloudTrail log or digest file (its name does not end in .json.gz)\n")
	assert.True(t, strings.HasSuffix(stderr, "warning: evidence gap: 1 of 2 log files is malformed or truncated; named above: the csv report holds events only\n"+
		"sce: log verification FAILED: log files: 0 missing, 0 altered, 1 unlisted; 0 digest-chain problems, 0 gaps in the window, "+
		"0 bad signatures (details above: the csv report holds events only)\n"), stderr)

	out := filepath.Join(t.TempDir(), "report.txt")
	_, stderr, code = executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--out", out)
	assert.Equal(t, exitEvidenceGap, code)
	assert.True(t, strings.HasSuffix(stderr, "sce: evidence gap: 1 of 2 log files is malformed or truncated; the report names them\n"), stderr)
	report, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(report), "\nmalformed: "+truncated+": ")
	assert.Contains(t, string(report), "\nskipped: "+log+".bak: not read: ")
}

// TestAuditHelpAndDocsSayWhatAReportStates: the help and docs/lifecycle.md
// name the buckets in scope, replicas included, and say what every report
// states and where csv puts it.
func TestAuditHelpAndDocsSayWhatAReportStates(t *testing.T) {
	help, _, code := executeLifecycle(t, "audit", "--help")
	require.Equal(t, exitOK, code)
	for _, want := range []string{
		"on the project's PHI buckets (<pit>-data-in-<account>-<region>,\n<pit>-output-<account>-<region>) and their replicas (<bucket>-replica)",
		"bucket (<pit>-egress-<account>-<region>) and its replica",
		"report on this project's PHI buckets (data-in, output), its egress bucket (with the downloads from it) and their replicas",
		"the verification status (\"not run\"\nwithout --verify)",
		"for csv,\nthe time covered, the verification and those files are on stderr",
		"(the report is written and names them; for csv, stderr does)",
	} {
		assert.Contains(t, help, want)
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "lifecycle.md"))
	require.NoError(t, err)
	for _, want := range []string{
		"buckets (`<pit>-data-in-<account>-<region>`, `<pit>-output-<account>-<region>`) and their replicas\n(`<bucket>-replica`)",
		"\"not run\" without `--verify` (`verify` in JSON, present either way)",
		"verification (its status and every finding), the malformed files and the files skipped are\nwritten to stderr",
		"The exit code stays 0 for it",
	} {
		assert.Contains(t, string(doc), want)
	}
}
