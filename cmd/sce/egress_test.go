package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
	"github.com/sce-dev/sce/internal/egress"
	"github.com/sce-dev/sce/internal/s3test"
)

const (
	egressOutput = "hipaa-output-123456789012-us-west-2"
	egressLogs   = "hipaa-logs-123456789012-us-west-2"
	egressBucket = "hipaa-egress-123456789012-us-west-2"
	workerARN    = "arn:aws:sts::123456789012:assumed-role/hipaa-worker/i-0abc"
	approverARN  = "arn:aws:sts::123456789012:assumed-role/hipaa-egress-approver/carol"
)

// egressNow is the clock of the egress tests, and of their S3 server.
var egressNow = time.Date(2026, 3, 2, 10, 15, 0, 0, time.UTC)

// airlock is a deployed project's buckets in an in-memory S3, opened as
// whoever who names.
type airlock struct {
	srv      *s3test.Server
	who      string
	egress   string
	lockDays int
}

func newAirlock(t *testing.T) *airlock {
	a := &airlock{srv: s3test.Start(t), who: workerARN, egress: egressBucket, lockDays: 365}
	a.srv.SetClock(func() time.Time { return egressNow })
	a.srv.Bucket(t, egressOutput, true)
	a.srv.Bucket(t, egressBucket, true)
	_, err := a.srv.Client().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(egressLogs), ObjectLockEnabledForBucket: aws.Bool(true)})
	require.NoError(t, err)
	a.srv.Put(t, egressOutput, "results/table1.csv", "n,mean\n120,41.5\n")
	a.srv.Put(t, egressOutput, "results/fig1.png", "PNG")
	return a
}

// Open implements egressServices.
func (a *airlock) Open(_ context.Context, pit string, _ egressOptions) (egressSession, error) {
	who := a.who
	return egressSession{lockDays: a.lockDays, env: egress.Env{S3: a.srv.Client(), Now: func() time.Time { return egressNow },
		Caller:  func(context.Context) (string, error) { return who, nil },
		Project: egress.Project{PIT: pit, Output: egressOutput, Logs: egressLogs, Egress: a.egress}}}, nil
}

func (a *airlock) run(t *testing.T, who string, args ...string) (string, string, int) {
	t.Helper()
	a.who = who
	l := testLifecycle()
	l.egress = a
	return executeLifecycleWith(t, l, strings.NewReader(""), append([]string{"egress"}, args...)...)
}

var requestLine = regexp.MustCompile(`^request (20260302T101500Z-[0-9a-f]{8}): 2 files, 19 bytes, under s3://` + egressOutput + `/results/, by ` + regexp.QuoteMeta(workerARN) + "\n")

func (a *airlock) request(t *testing.T) string {
	t.Helper()
	out, stderr, code := a.run(t, workerARN, "request", "hipaa", "--prefix", "results/", "--reason", "Table 1 of the paper")
	require.Equal(t, 0, code, stderr)
	m := requestLine.FindStringSubmatch(out)
	require.NotNil(t, m, out)
	return m[1]
}

func TestEgressRequestReviewApproveList(t *testing.T) {
	a := newAirlock(t)
	id := a.request(t)

	out, _, code := a.run(t, approverARN, "review", "hipaa")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "request "+id+", 2026-03-02T10:15:00Z, by "+workerARN+": 2 files, 19 bytes, under s3://"+egressOutput+"/results/\n  reason: Table 1 of the paper\n")
	assert.Regexp(t, `  results/fig1\.png\s+v[0-9]{16}\s+3\s+[0-9a-f]{64}\n`, out)
	assert.True(t, strings.HasSuffix(out, "1 pending of 1 request in project hipaa: sce egress approve|reject hipaa <request-id> --reason \"...\"\n"), out)

	_, stderr, code := a.run(t, workerARN, "approve", "hipaa", id, "--reason", "mine")
	assert.Equal(t, 2, code)
	assert.Equal(t, "sce: refused: request "+id+" was made by "+workerARN+"; "+workerARN+
		" is the same principal (arn:aws:iam::123456789012:role/hipaa-worker) and cannot review it: ask a reviewer, who decides as the role hipaa-egress-approver\n", stderr)

	out, stderr, code = a.run(t, approverARN, "approve", "hipaa", id, "--reason", "counts of 11 or more")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "request "+id+" approved by "+approverARN+" at 2026-03-02T10:15:00Z\n"+
		"2 files copied now, 0 copied by an earlier run, to s3://"+egressBucket+"/"+id+"/\n"+
		"decision: s3://"+egressLogs+"/egress/decisions/"+id+".json\n"+
		"receipt:  s3://"+egressLogs+"/egress/receipts/"+id+".json\n"+
		"(written once; Object Lock GOVERNANCE, 365 days from when each was written)\n", out)

	out, _, code = a.run(t, approverARN, "list", "hipaa")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Regexp(t, `^REQUEST\s+STATUS\s+REQUESTED\s+REQUESTER\s+FILES\s+BYTES\s+DECIDED\s+REVIEWER\s+COPIES$`, lines[0])
	assert.Regexp(t, `^`+id+`\s+approved\s+2026-03-02T10:15:00Z\s+`+regexp.QuoteMeta(workerARN)+`\s+2\s+19\s+2026-03-02T10:15:00Z\s+`+regexp.QuoteMeta(approverARN)+`\s+2$`, lines[1])
	assert.Equal(t, "1 request in project hipaa; each request's files and reasons: sce egress list hipaa --format json", lines[2])

	out, _, code = a.run(t, approverARN, "list", "hipaa", "--format", "json")
	require.Equal(t, 0, code)
	var hist []historyEntry
	require.NoError(t, json.Unmarshal([]byte(out), &hist))
	require.Len(t, hist, 1)
	assert.Equal(t, "approved", hist[0].Status)
	assert.Equal(t, "counts of 11 or more", hist[0].Decision.Reason)
	assert.Equal(t, "Table 1 of the paper", hist[0].Request.Reason)
	assert.Len(t, hist[0].Receipt.Copies, 2)

	out, _, code = a.run(t, approverARN, "review", "hipaa")
	require.Equal(t, 0, code)
	assert.Equal(t, "0 pending of 1 request in project hipaa\n", out)
}

func TestEgressRejectCopiesNothing(t *testing.T) {
	a := newAirlock(t)
	id := a.request(t)
	out, stderr, code := a.run(t, approverARN, "reject", "hipaa", id, "--reason", "row 3 is a count of 2", "--lock-mode", "compliance", "--lock-days", "30")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "request "+id+" rejected by "+approverARN+" at 2026-03-02T10:15:00Z; nothing was copied\n"+
		"decision: s3://"+egressLogs+"/egress/decisions/"+id+".json (written once; Object Lock COMPLIANCE, 30 days)\n", out)
	list, err := a.srv.Client().ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(egressBucket)})
	require.NoError(t, err)
	assert.Empty(t, list.Versions)
	head, err := a.srv.Client().HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(egressLogs), Key: aws.String("egress/decisions/" + id + ".json")})
	require.NoError(t, err)
	assert.Equal(t, types.ObjectLockModeCompliance, head.ObjectLockMode)
}

func TestEgressRefusesBadInput(t *testing.T) {
	a := newAirlock(t)
	id := a.request(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"request", "hipaa", "--reason", "x"}, "sce: --prefix is empty: name the results to release, for example results/table1/\n"},
		{[]string{"approve", "hipaa", id}, "sce: --reason is empty: say why request " + id + " is approved or rejected (it is kept with the decision)\n"},
		{[]string{"approve", "hipaa", id, "--reason", "x", "--lock-mode", "forever"}, "sce: --lock-mode \"forever\": use GOVERNANCE or COMPLIANCE\n"},
		{[]string{"approve", "hipaa", id, "--reason", "x", "--lock-days", "40000"}, "sce: --lock-days 40000: use 1 to 36500, or leave the flag out for the stack's sce:auditLockDays\n"},
		{[]string{"approve", "hipaa", id, "--reason", "x", "--lock-days", "0"}, "sce: --lock-days 0: use 1 to 36500, or leave the flag out for the stack's sce:auditLockDays\n"},
		{[]string{"reject", "hipaa", id, "--reason", "x", "--lock-days", "-1"}, "sce: --lock-days -1: use 1 to 36500, or leave the flag out for the stack's sce:auditLockDays\n"},
		{[]string{"request", "hipaa", "--prefix", "/results", "--reason", "x"}, "sce: --prefix /results: S3 keys do not start with \"/\": use --prefix results\n"},
		{[]string{"request", "hipaa", "--prefix", "/", "--reason", "x"}, "sce: --prefix /: S3 keys do not start with \"/\": name the results to release, for example results/table1/\n"},
		{[]string{"approve", "hipaa", "nope", "--reason", "x"}, "sce: \"nope\" is not a request ID (like 20260302T101500Z-1a2b3c4d): see `sce egress review`\n"},
		{[]string{"list", "hipaa", "--format", "xml"}, "sce: --format \"xml\": use table or json\n"},
		{[]string{"approve", "hipaa"}, "sce: accepts 2 arg(s), received 1: usage: sce egress approve <pit> <request-id> --reason TEXT [flags]\n"},
		{[]string{"aprove", "hipaa"}, "sce: unknown command \"aprove\" for \"sce egress\"; did you mean approve?\n"},
		{[]string{"lst", "hipaa"}, "sce: unknown command \"lst\" for \"sce egress\"; did you mean list?\n"},
		{[]string{"send", "hipaa"}, "sce: unknown command \"send\" for \"sce egress\": use approve, list, reject, request or review\n"},
	} {
		_, stderr, code := a.run(t, approverARN, tc.args...)
		assert.Equal(t, 2, code, tc.args)
		assert.Equal(t, tc.want, stderr, tc.args)
	}

	a.lockDays = 0
	_, stderr, code := a.run(t, approverARN, "reject", "hipaa", id, "--reason", "x")
	assert.Equal(t, 2, code)
	assert.Equal(t, "sce: the decision's Object Lock retention is the stack's sce:auditLockDays, and the stack config was not read: pass --lock-days, or --stacks with the folder of Pulumi.hipaa.yaml\n", stderr)

	a.egress = ""
	_, stderr, code = a.run(t, approverARN, "approve", "hipaa", id, "--reason", "x", "--lock-days", "10")
	assert.Equal(t, 1, code)
	assert.Equal(t, "sce: project hipaa has no egress bucket (stack output bucketNames.egress): update the stack to a version of sce with the airlock and run `sce policy config hipaa --out hipaa-policy.json`, then `pulumi up -s hipaa --policy-pack policies --policy-pack-config hipaa-policy.json` first\n", stderr)
}

func TestEgressReadsTheStackOutputsAndConfig(t *testing.T) {
	dir := t.TempDir()
	outputs := filepath.Join(dir, "outputs.json")
	require.NoError(t, os.WriteFile(outputs, []byte(`{"pit":"hipaa","bucketNames":{"output":"o","logs":"l","egress":"e"}}`), 0o600))
	raw, err := readOutputs(outputs)
	require.NoError(t, err)
	p, err := projectOf(raw, "hipaa")
	require.NoError(t, err)
	assert.Equal(t, egress.Project{PIT: "hipaa", Output: "o", Logs: "l", Egress: "e"}, p)
	_, err = projectOf(raw, "omop")
	assert.EqualError(t, err, "the stack outputs are project hipaa's, not omop's: check --outputs")

	cfg, err := stackFileConfig(repoStacks(t), "hipaa")
	require.NoError(t, err)
	assert.True(t, cfg.set)
	cfg, err = stackFileConfig(filepath.Join(dir, "no-such-folder"), "hipaa")
	require.NoError(t, err)
	assert.False(t, cfg.set, "a worker has no stack files")
}

func TestAuditReportsDownloadsFromTheEgressBucket(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, egressLogs)
	at := time.Date(2026, 3, 2, 11, 0, 0, 0, time.UTC)
	tr.WriteLog(at.Add(10*time.Minute), []map[string]any{
		trailtest.S3Event{Time: at, Action: "GetObject", Bucket: egressBucket, Key: "20260302T101500Z-1a2b3c4d/results/table1.csv",
			Principal: "arn:aws:iam::123456789012:user/collaborator-dana", SourceIP: "203.0.113.50", BytesOut: 16}.Record(),
	})
	stdout, stderr, code := executeLifecycle(t, "audit", dir, "--pit", "hipaa")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "S3 data events on the PHI buckets of project hipaa (hipaa-data-in-<account>-<region>, hipaa-output-<account>-<region>) "+
		"and its egress bucket hipaa-egress-<account>-<region>, each with its replica (<bucket>-replica)\n")
	assert.Contains(t, stdout, "\nDOWNLOADS OF RELEASED RESULTS (GetObject on hipaa-egress-<account>-<region>): 1\n")
	assert.Contains(t, stdout, "2026-03-02T11:00:00Z  arn:aws:iam::123456789012:user/collaborator-dana  "+egressBucket+"/20260302T101500Z-1a2b3c4d/results/table1.csv  16         203.0.113.50  ok\n")
}

// TestEgressDecideHelp: reject's help says what rejecting does, not what
// approving does; approve's help keeps the copies and the receipt.
func TestEgressDecideHelp(t *testing.T) {
	stdout, stderr, code := executeLifecycle(t, "egress", "reject", "--help")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "reject records the decision and copies nothing: the files stay in the output bucket, and the\n"+
		"egress bucket is not written. A request already approved or rejected is refused; a rejected\n"+
		"request cannot be approved later: the researcher makes a new one.\n")
	assert.Contains(t, stdout, `--reason "row 3 is a count of 2"`)
	for _, approveOnly := range []string{"copies each version", "receipt", "SHA-256", "interrupted"} {
		assert.NotContains(t, stdout, approveOnly)
	}

	stdout, stderr, code = executeLifecycle(t, "egress", "approve", "--help")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "records the decision, copies each version to s3://<egress>/<id>/<key>, and writes the receipt\n")
	assert.NotContains(t, stdout, "reject")
}
