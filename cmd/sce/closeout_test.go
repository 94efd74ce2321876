package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/closeout"
	"github.com/sce-dev/sce/internal/s3test"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

const testArchive = "acct-archive-123456789012-us-west-2"

// emptyProject is a deployed project with empty buckets, in an in-memory
// S3, whose destroy deletes the buckets and leaves nothing behind.
type emptyProject struct {
	srv     *s3test.Server
	s3      *s3.Client
	buckets map[string]any
}

func newEmptyProject(t *testing.T) *emptyProject {
	srv := s3test.Start(t)
	p := &emptyProject{srv: srv, s3: srv.Client(), buckets: map[string]any{}}
	for _, role := range sce.BucketRoles() {
		name := "hipaa-" + string(role) + "-123456789012-us-west-2"
		srv.Bucket(t, name, true)
		p.buckets[string(role)] = name
	}
	srv.Bucket(t, testArchive, true)
	lockArchive(t, p.s3, testArchive)
	srv.Put(t, p.buckets[string(sce.BucketOutput)].(string), "results/table1.csv", "n,mean\n100,42\n")
	return p
}

// lockArchive gives an archive bucket Object Lock with the baseline's
// default retention: six years in COMPLIANCE mode.
func lockArchive(t *testing.T, client *s3.Client, bucket string) {
	t.Helper()
	_, err := client.PutObjectLockConfiguration(context.Background(), &s3.PutObjectLockConfigurationInput{Bucket: aws.String(bucket),
		ObjectLockConfiguration: &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled,
			Rule: &types.ObjectLockRule{DefaultRetention: &types.DefaultRetention{Mode: types.ObjectLockRetentionModeCompliance,
				Years: aws.Int32(sce.MinArchiveRetentionYears)}}}})
	require.NoError(t, err)
}

// Env implements closeoutServices.
func (p *emptyProject) Env(context.Context, closeoutOptions, io.Writer) (closeout.Env, error) {
	return closeout.Env{Stack: p, S3: p.s3, Inspector: p, Retention: p, Region: "us-west-2",
		Caller: func(context.Context) (string, error) {
			return "arn:aws:sts::123456789012:assumed-role/sce-admin/it-admin", nil
		}}, nil
}

func (p *emptyProject) Outputs(context.Context) (map[string]any, error) {
	return map[string]any{"pit": "hipaa", "bucketNames": p.buckets, "kmsKeyArn": "arn:aws:kms:us-west-2:123456789012:key/project",
		"archiveBucketName": testArchive, "archiveKeyArn": "arn:aws:kms:us-west-2:123456789012:key/archive"}, nil
}

// BackupVault implements closeout.Retention: the vault is gone.
func (p *emptyProject) BackupVault(context.Context, string) (closeout.Vault, error) {
	return closeout.Vault{}, nil
}

// WarehouseSnapshot implements closeout.Retention: there is none.
func (p *emptyProject) WarehouseSnapshot(context.Context, string) (*closeout.Snapshot, error) {
	return nil, nil
}

func (p *emptyProject) WarehouseStatus(context.Context, string) (string, error) {
	return "", nil
}

func (p *emptyProject) Config(context.Context) (stacks.Config, error) {
	return stacks.Config{StudyEndDate: "2026-02-28"}, nil
}

func (p *emptyProject) Resources(context.Context) ([]closeout.Resource, error) {
	return []closeout.Resource{{URN: "urn:pulumi:hipaa::sce::pulumi:pulumi:Stack::sce-hipaa", Type: "pulumi:pulumi:Stack",
		Created: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}}, nil
}

func (p *emptyProject) Unprotect(context.Context) (int, error) { return 0, nil }

func (p *emptyProject) Destroy(ctx context.Context, _ io.Writer) error {
	for _, name := range p.buckets {
		if _, err := p.s3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name.(string))}); err != nil {
			return err
		}
	}
	return nil
}

func (p *emptyProject) TaggedResources(context.Context, string) ([]string, error) { return nil, nil }

func (p *emptyProject) KeyState(context.Context, string) (string, time.Time, error) {
	return "", time.Time{}, nil
}

func (p *emptyProject) LogGroups(context.Context, string) ([]string, error) { return nil, nil }

func (p *emptyProject) NetworkInterfaces(context.Context, string, string) ([]string, error) {
	return nil, nil
}

func (p *emptyProject) ElasticIPs(context.Context, string, []string) ([]string, error) {
	return nil, nil
}

func (p *emptyProject) IAMEntities(context.Context, []closeout.Resource) ([]string, error) {
	return nil, nil
}

func TestCloseoutSaysWhereTheReportIs(t *testing.T) {
	p := newEmptyProject(t)
	l := testLifecycle()
	l.closeout = p
	a := defaultApp()
	a.buildInfo = fakeBuild("v1.4.0", "vcs.revision", "c0ffee", "vcs.modified", "false")
	stdout, stderr, code := executeLifecycleApp(t, a, l, strings.NewReader(""), "closeout", "hipaa", "--yes", "--state-dir", t.TempDir())
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "project hipaa is closed out: 1 object archived in s3://"+testArchive+"/objects/hipaa/20260301T120000Z/, report s3://"+testArchive+
		"/closeout/hipaa/20260301T120000Z/CLOSEOUT-REPORT.md (and .json)\n", stdout)
	rep, err := p.s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(testArchive), Key: aws.String("closeout/hipaa/20260301T120000Z/CLOSEOUT-REPORT.md")})
	require.NoError(t, err, "the report is where the message says")
	defer rep.Body.Close()
	md, err := io.ReadAll(rep.Body)
	require.NoError(t, err)
	assert.Contains(t, string(md), "closed out by arn:aws:sts::123456789012:assumed-role/sce-admin/it-admin from ", "the operator is the AWS caller, not $USER")
	assert.Contains(t, string(md), "\n- Report written by sce v1.4.0, commit c0ffee (clean checkout); steps run by sce v1.4.0, commit c0ffee (clean checkout)\n",
		"the report names the build that made it")
	assert.Contains(t, string(md), "\nLooked in AWS account 123456789012, region us-west-2; ")
}

func TestBreakLockNeedsAReason(t *testing.T) {
	l := testLifecycle()
	l.closeout = newEmptyProject(t)
	_, stderr, code := executeLifecycleWith(t, l, strings.NewReader(""), "closeout", "hipaa", "--yes", "--break-lock", " ", "--state-dir", t.TempDir())
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "sce: --break-lock needs a reason: say why you are sure the close-out that holds the lock is dead\n", stderr)
}

func TestCloseoutConfirmsOnTheInputItReads(t *testing.T) {
	tests := []struct {
		typed, want string
		code        int
	}{
		{"hipaa\n", "sce: cannot select Pulumi stack hipaa: no Pulumi CLI in this test\n", exitFailure},
		{"omop\n", "sce: not confirmed: nothing was changed\n", exitUsage},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSpace(tt.typed), func(t *testing.T) {
			in := strings.NewReader(tt.typed)
			l := testLifecycle()
			l.terminal = func(r io.Reader) bool { return r == in }
			_, stderr, code := executeLifecycleWith(t, l, in, "closeout", "hipaa", "--state-dir", filepath.Join(t.TempDir(), "state"))
			assert.Equal(t, tt.code, code)
			assert.Equal(t, "This archives project hipaa and then DESTROYS it. Type the stack name to continue: "+tt.want, stderr)
		})
	}
}

// TestCloseoutRefusesAnArchiveThatIsNotTheBaselines: a mistyped
// --archive-bucket is wrong input (exit 2), named with the fix, and
// --not-baseline-archive still requires a bucket that keeps the copies.
func TestCloseoutRefusesAnArchiveThatIsNotTheBaselines(t *testing.T) {
	const typo = "acct-archive-123456789012-us-west-1"
	p := newEmptyProject(t)
	p.srv.Bucket(t, typo, true)
	l := testLifecycle()
	l.closeout = p
	_, stderr, code := executeLifecycleWith(t, l, strings.NewReader(""), "closeout", "hipaa", "--yes", "--state-dir", t.TempDir(),
		"--archive-bucket", typo)
	assert.Equal(t, exitUsage, code)
	msg := "close-out refused: --archive-bucket " + typo + " is not the account baseline's archive bucket " + testArchive +
		" (the stack output archiveBucketName): close-out deletes the project's data once it is copied, so a mistyped archive loses it; " +
		"drop --archive-bucket to use " + testArchive + ", or add --not-baseline-archive to use " + typo + " on purpose"
	assert.Equal(t, "[1/8] preflight: FAILED: "+msg+"\nsce: "+msg+"\n", stderr)

	_, stderr, code = executeLifecycleWith(t, l, strings.NewReader(""), "closeout", "hipaa", "--yes", "--state-dir", t.TempDir(),
		"--archive-bucket", typo, "--not-baseline-archive")
	assert.Equal(t, exitUsage, code)
	msg = "close-out refused: the archive s3://" + typo + " has no Object Lock; close-out sets no retention on its copies " +
		"and deletes the project's data once it is copied, so the archive must be the account baseline's, versioned, with Object Lock " +
		"and a default COMPLIANCE retention of at least 6 years (sce:archiveRetentionYears): check --archive-bucket"
	assert.Equal(t, "[1/8] preflight: FAILED: "+msg+"\nsce: "+msg+"\n", stderr)
}
