package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit"
	"github.com/sce-dev/sce/internal/audit/trailtest"
	"github.com/sce-dev/sce/internal/closeout"
)

// offline are AWS services that must not be used.
type offline struct{}

func (offline) S3(context.Context, string) (audit.S3API, error) {
	return nil, errors.New("no AWS in this test")
}

func (offline) Keys(context.Context, string) (audit.PublicKeys, error) {
	return nil, errors.New("no AWS in this test")
}

func (offline) Env(context.Context, closeoutOptions, io.Writer) (closeout.Env, error) {
	return closeout.Env{}, errors.New("cannot select Pulumi stack hipaa: no Pulumi CLI in this test")
}

func testLifecycle() lifecycle {
	return lifecycle{now: func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }, audit: offline{}, closeout: offline{},
		terminal: func(io.Reader) bool { return false }}
}

// executeLifecycle runs a lifecycle command in-process with the real
// program and the test clock, and returns stdout, stderr and the exit code.
func executeLifecycle(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return executeLifecycleWith(t, testLifecycle(), strings.NewReader(""), args...)
}

// executeLifecycleWith runs a lifecycle command with l and stdin.
func executeLifecycleWith(t *testing.T, l lifecycle, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	return executeLifecycleApp(t, defaultApp(), l, stdin, args...)
}

// executeLifecycleApp runs a lifecycle command with a, l and stdin.
func executeLifecycleApp(t *testing.T, a app, l lifecycle, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	root := &cobra.Command{Use: "sce", SilenceUsage: true, SilenceErrors: true}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err: err} })
	root.AddCommand(newLifecycleCommands(a, l)...)
	var stdout, stderr bytes.Buffer
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	code := exitCode(&stderr, root.ExecuteContext(context.Background()))
	return stdout.String(), stderr.String(), code
}

// repoStacks copies the shipped stack files and site file into a
// temporary stacks directory.
func repoStacks(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"Pulumi.account.yaml", "Pulumi.hipaa.yaml", "Pulumi.omop.yaml", "site.yaml"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "stacks", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o600))
	}
	return dir
}

const exampleRequest = "../../examples/requests/vitals-study.yaml"

// editSite replaces the one line old of dir's site.yaml with new, and
// returns the file's path and the line's number.
func editSite(t *testing.T, dir, old, new string) (string, int) {
	t.Helper()
	site := filepath.Join(dir, "site.yaml")
	data, err := os.ReadFile(site)
	require.NoError(t, err)
	text := string(data)
	require.Equal(t, 1, strings.Count(text, old))
	require.NoError(t, os.WriteFile(site, []byte(strings.Replace(text, old, new, 1)), 0o600))
	return site, strings.Count(text[:strings.Index(text, old)], "\n") + 1
}

func TestRequestValidateExample(t *testing.T) {
	dir := repoStacks(t)
	stdout, stderr, code := executeLifecycle(t, "request", "validate", exampleRequest, "--stacks", dir, "--site", filepath.Join(dir, "site.yaml"))
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, exampleRequest+": valid: STUDY00012345, 2 researchers, 1 worker, study ends 2029-06-30\n", stdout)
	assert.Equal(t, "warning: "+exampleRequest+`:13: irb.protocol: "STUDY00012345" is also the IRB protocol of stack hipaa (`+
		filepath.Join(dir, "Pulumi.hipaa.yaml")+":10): right when one approved study runs in several environments; otherwise "+
		"correct the protocol of one of them\n"+
		"warning: us-west-2 would hold 6 Elastic IPs (2 per project: its NAT gateway's and its bastion's), more than the quota "+
		"\"EC2-VPC Elastic IPs\" (Amazon EC2, L-0263D0A3) of 5: request an increase in Service Quotas before `pulumi up`, "+
		"or set quotas.elasticIpsPerRegion in "+filepath.Join(dir, "site.yaml")+" if the account already has one\n"+
		"note: costCenter: requested, but this sce has no config key for them yet; the stack file keeps them in comments for IT\n", stderr)
}

func TestRequestValidateReportsLines(t *testing.T) {
	dir := repoStacks(t)
	data, err := os.ReadFile(exampleRequest)
	require.NoError(t, err)
	bad := filepath.Join(t.TempDir(), "req.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(strings.Replace(string(data), "expiresOn: 2030-01-14", "expiresOn: 2026-02-14", 1)), 0o600))
	_, stderr, code := executeLifecycle(t, "request", "validate", bad, "--stacks", dir, "--site", filepath.Join(dir, "site.yaml"))
	assert.Equal(t, 2, code)
	assert.Equal(t, bad+":15: irb.expiresOn: the IRB approval expired on 2026-02-14: renew it with the IRB and update irb.approvedOn "+
		"and irb.expiresOn; sce provisions no study without a current approval\n", stderr)
}

func TestRequestApproveWritesAStackThatPlans(t *testing.T) {
	dir := repoStacks(t)
	site := filepath.Join(dir, "site.yaml")
	stdout, stderr, code := executeLifecycle(t, "request", "approve", exampleRequest, "--pit", "vitals", "--stacks", dir, "--site", site)
	require.Equal(t, 0, code, stderr)
	path := filepath.Join(dir, "Pulumi.vitals.yaml")
	assert.Equal(t, "wrote "+path+": project vitals, VPC 10.16.0.0/20 (STUDY00012345, 2 researchers, 1 worker, study ends 2029-06-30)\n"+
		"next: review and commit it, check it with `sce plan vitals`; to deploy, as the admin role run `sce policy config vitals --out vitals-policy.json`, then `pulumi up -s vitals --policy-pack policies --policy-pack-config vitals-policy.json`\n", stdout)
	assert.FileExists(t, path)

	_, stderr, code = executeLifecycle(t, "request", "approve", exampleRequest, "--pit", "vitals", "--stacks", dir, "--site", site)
	assert.Equal(t, 2, code)
	assert.Equal(t, `sce: --pit: "vitals" is already used by stack vitals (`+path+"): choose another PIT\n", stderr)

	var planOut, planErr bytes.Buffer
	assert.Equal(t, 0, run(context.Background(), []string{"plan", "vitals", "--stacks", dir}, &planOut, &planErr, defaultApp()), planErr.String())
}

func TestRequestApproveNeedsPIT(t *testing.T) {
	_, stderr, code := executeLifecycle(t, "request", "approve", exampleRequest)
	assert.Equal(t, 2, code)
	assert.Equal(t, "sce: --pit is required: the project identifier, for example --pit vitals\n", stderr)
}

func TestRequestApproveChecksThePITFirst(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := executeLifecycle(t, "request", "approve", filepath.Join(dir, "missing.yaml"), "--pit", "x/y", "--stacks", dir)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "sce: --pit: \"x/y\" must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'\n", stderr)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestRequestMissingFiles(t *testing.T) {
	dir := repoStacks(t)
	missing := filepath.Join(t.TempDir(), "my-request.yaml")
	_, stderr, code := executeLifecycle(t, "request", "validate", missing, "--stacks", dir, "--site", filepath.Join(dir, "site.yaml"))
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, missing+": no such request file: check the path; examples/requests/vitals-study.yaml shows what a request holds\n", stderr)
}

func TestRequestApproveRefusesAZeroPrefixLength(t *testing.T) {
	dir := repoStacks(t)
	site, line := editSite(t, dir, "  prefixLength: 20\n", "  prefixLength: 0\n")
	stdout, stderr, code := executeLifecycle(t, "request", "approve", exampleRequest, "--pit", "vitals", "--stacks", dir, "--site", site)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, fmt.Sprintf("%s:%d: vpcPool.prefixLength: 0 is outside sce's VPC sizes: use 16 to 24\n", site, line), stderr)
	assert.Empty(t, stdout)
	assert.NoFileExists(t, filepath.Join(dir, "Pulumi.vitals.yaml"))
}

// trailDir writes a small trail with one read of PHI and returns its folder
// and the paths of its log file and digest.
func trailDir(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, "hipaa-logs-123456789012-us-west-2")
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	log := tr.WriteLog(at.Add(5*time.Minute), []map[string]any{trailtest.S3Event{
		Time: at, Action: "GetObject", Bucket: "hipaa-data-in-123456789012-us-west-2", Key: "cohort/a.csv",
		Principal: "arn:aws:sts::123456789012:assumed-role/sce-researcher/alice", SourceIP: "10.16.1.10", Endpoint: "vpce-0abc",
	}.Record()})
	tr.WriteDigest(at.Add(time.Hour))
	return dir, tr.Path(log)
}

func TestAuditCSV(t *testing.T) {
	dir, log := trailDir(t)
	stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--format", "csv", "--since", "2026-03-02", "--until", "2026-03-02")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "time,principal,action,bucket,key,source_ip,vpc_endpoint,error_code,bytes_in,bytes_out,log_file\n"+
		"2026-03-02T10:00:00Z,arn:aws:sts::123456789012:assumed-role/sce-researcher/alice,GetObject,hipaa-data-in-123456789012-us-west-2,"+
		"cohort/a.csv,10.16.1.10,vpce-0abc,,0,0,"+log+"\n", stdout)
	assert.Equal(t, "note: 0 events are S3 replication between the buckets and their replicas (sessions of the replication role "+
		"hipaa-s3-replication, which only S3 may assume): none was recorded\n"+trailDirCSVNotes+
		"warning: 2 parts of the window (22 hours 59 minutes in all) are outside the time the log files read cover, "+
		"2026-03-02T09:05:00Z to 2026-03-02T10:06:00Z: 2026-03-02T00:00:00Z to 2026-03-02T09:05:00Z (9 hours 5 minutes) and "+
		"2026-03-02T10:06:00Z to 2026-03-03T00:00:00Z (13 hours 54 minutes); events there, if any, are not in this report: "+
		"give the sources that hold them, or narrow --since and --until\n", stderr, "the csv rows cannot say it")
}

func TestAuditVerifyFailsOnATamperedFile(t *testing.T) {
	dir, log := trailDir(t)
	require.NoError(t, os.WriteFile(log, trailtest.Gzip([]byte(`{"Records":[]}`)), 0o644))
	out := filepath.Join(t.TempDir(), "report.md")
	_, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa", "--verify", "--format", "markdown", "--out", out)
	assert.Equal(t, 1, code)
	assert.Equal(t, "wrote "+out+": 0 events from 1 log file\n"+
		"warning: none of the searched buckets appears in the logs: no S3 data event of the 1 log file (0 records) is on "+
		"hipaa-data-in-<account>-<region> or hipaa-output-<account>-<region> (the PHI buckets of project hipaa): "+
		"check --pit and --bucket, and that the source holds the project's trail\n"+
		"sce: log verification FAILED: log files: 0 missing, 1 altered, 0 unlisted; 0 digest-chain problems, 0 gaps in the window, 0 bad signatures (details in the report)\n", stderr)
	md, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(md), "- FAILED: 0 of 1 listed log file verified (SHA-256) against 1 digest file; ")
}

func TestAuditUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
		code int
	}{
		{[]string{"audit"}, "sce: give at least one folder or s3://bucket/prefix: usage: sce audit SOURCE... [flags]\n", exitUsage},
		{[]string{"audit", ".", "--since", "yesterday"}, "sce: --since \"yesterday\" is not a time: use YYYY-MM-DD or RFC 3339 such as 2026-03-01T08:00:00Z\n", exitUsage},
		{[]string{"audit", ".", "--since", "2026-03-02", "--until", "2026-03-01"}, "sce: --since 2026-03-02 is not before --until 2026-03-01\n", exitUsage},
		{[]string{"audit", ".", "--format", "xml"}, "sce: unknown --format \"xml\": use one of table, csv, json, markdown\n", exitUsage},
		{[]string{"audit", "s3://bucket/prefix"}, "sce: no AWS in this test\n", exitFailure},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, stderr, code := executeLifecycle(t, tt.args...)
			assert.Equal(t, tt.want, stderr)
			assert.Equal(t, tt.code, code)
		})
	}
}

func TestAuditRefusesAFolderWithoutLogFiles(t *testing.T) {
	const layout = ": give the folder or s3://bucket/prefix that holds CloudTrail's AWSLogs/<account>/CloudTrail/ " +
		"folders (log files named <account>_CloudTrail_<region>_<time>_<id>.json.gz)\n"
	empty := t.TempDir()
	missing := filepath.Join(t.TempDir(), "trial")
	tests := []struct {
		source, want string
	}{
		{empty, "sce: " + empty + ": no CloudTrail log file found: it holds no files" + layout},
		{missing, "sce: " + missing + ": no such folder" + layout},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.source), func(t *testing.T) {
			stdout, stderr, code := executeLifecycle(t, "audit", tt.source, "--pit", "hipaa")
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, tt.want, stderr)
			assert.Empty(t, stdout, "no report of 0 events")
		})
	}
}

func TestCloseoutUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
		code int
	}{
		{[]string{"closeout", "hipaa", "--force"}, "sce: --force needs --reason: say why the project closes before its study end date\n", 2},
		{[]string{"closeout", "hipaa", "--not-baseline-archive"}, "sce: --not-baseline-archive needs --archive-bucket or --archive-key: " +
			"it lets them name another archive than the baseline's; without them close-out uses the baseline's archive, so drop it\n", 2},
		{[]string{"closeout", "hipaa", "--dry-run", "--not-baseline-archive"}, "sce: --not-baseline-archive needs --archive-bucket or --archive-key: " +
			"it lets them name another archive than the baseline's; without them close-out uses the baseline's archive, so drop it\n", 2},
		{[]string{"closeout", "hipaa"}, "sce: closeout destroys project hipaa after archiving it: pass --yes to run it without a prompt\n", 2},
		{[]string{"closeout", "hipaa", "--yes"}, "sce: cannot select Pulumi stack hipaa: no Pulumi CLI in this test\n", 1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, stderr, code := executeLifecycle(t, tt.args...)
			assert.Equal(t, tt.want, stderr)
			assert.Equal(t, tt.code, code)
		})
	}
}

// requestRefused checks that request validate and approve of the example
// request, with the stacks of dir and the site file site, exit with 2,
// print want and nothing else, and write no stack file.
func requestRefused(t *testing.T, dir, site, want string) {
	t.Helper()
	for _, args := range [][]string{{"validate", exampleRequest}, {"approve", exampleRequest, "--pit", "sleep"}} {
		stdout, stderr, code := executeLifecycle(t, append(append([]string{"request"}, args...), "--stacks", dir, "--site", site)...)
		assert.Equal(t, exitUsage, code, args[0])
		assert.Equal(t, want, stderr, args[0])
		assert.Empty(t, stdout, args[0])
	}
	assert.NoFileExists(t, filepath.Join(dir, "Pulumi.sleep.yaml"))
}

// TestRequestFullPoolIsWrongInput: with no free block left in the site's
// VPC pool, validate and approve exit with 2 (the site file needs another
// block), saying so, and write nothing.
func TestRequestFullPoolIsWrongInput(t *testing.T) {
	dir := repoStacks(t)
	// Every /20 of hipaa's 10.20.0.0/16 overlaps hipaa.
	site, _ := editSite(t, dir, "    - 10.16.0.0/12\n", "    - 10.20.0.0/16\n")
	want := "sce: the VPC pool is full: all 16 /20 blocks of [10.20.0.0/16] overlap existing stacks; add a block to vpcPool.cidrs in " +
		site + ", or close out a finished project and move its stack file into the stacks directory's closed/ subdirectory\n"
	requestRefused(t, dir, site, want)
}

// TestRequestSixthTrailIsWrongInput: with the baseline and four projects in
// the stacks directory, the account has no CloudTrail trail left for one
// more; validate and approve exit with 2, saying so, and write nothing.
func TestRequestSixthTrailIsWrongInput(t *testing.T) {
	dir := repoStacks(t)
	for _, name := range []string{"p3", "p4"} {
		stack := "config:\n  aws:region: us-west-2\n  sce:pit: " + name + "\n"
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+name+".yaml"), []byte(stack), 0o600))
	}
	want := "sce: the account would hold 6 CloudTrail trails, one for each of the stacks account, hipaa, omop, p3, p4 and one for the new project: " +
		"CloudTrail allows 5 trails per Region, a multi-Region trail counts in every Region, and AWS does not raise this quota; " +
		"close out a finished project and move its stack file into the stacks directory's closed/ subdirectory (docs/lifecycle.md), or give the project its own AWS account with its own baseline stack, stacks directory and site file\n"
	site := filepath.Join(dir, "site.yaml")
	requestRefused(t, dir, site, want)
}
