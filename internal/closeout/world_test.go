package closeout

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/buildinfo"
	"github.com/sce-dev/sce/internal/s3test"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

const (
	pit        = "hipaa"
	archive    = "acct-archive-123456789012-us-west-2"
	archiveKey = "arn:aws:kms:us-west-2:123456789012:key/archive"
	projectKey = "arn:aws:kms:us-west-2:123456789012:key/project"
	partSize   = 5 << 20
)

// bucketOf is the project bucket of a role.
func bucketOf(role sce.BucketRole) string {
	return pit + "-" + string(role) + "-123456789012-us-west-2"
}

// world is a project ready to close out: its buckets in an in-memory S3,
// a fake stack and a fake account inspector.
type world struct {
	t         *testing.T
	srv       *s3test.Server
	s3        *s3.Client
	calls     *calls
	stack     *fakeStack
	inspector *fakeInspector
	retention *fakeRetention
	// logs are the project's log groups, when the test gives it some.
	logs     *fakeLogs
	stateDir string
	clock    *clock
	// log is what the runs logged.
	log *bytes.Buffer
	// want maps every archive key to the content it must hold.
	want map[string]string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	srv := s3test.Start(t)
	c := &calls{}
	w := &world{t: t, srv: srv, s3: srv.Client(), calls: c, stateDir: t.TempDir(),
		clock: &clock{t: testNow}, log: &bytes.Buffer{}, want: map[string]string{}}
	names := map[string]any{}
	var buckets []string
	for _, role := range sce.BucketRoles() {
		srv.Bucket(t, bucketOf(role), true)
		names[string(role)] = bucketOf(role)
		buckets = append(buckets, bucketOf(role))
	}
	srv.Bucket(t, archive, true)
	w.lockArchive(&types.DefaultRetention{Mode: types.ObjectLockRetentionModeCompliance, Years: aws.Int32(sce.MinArchiveRetentionYears)})
	w.stack = &fakeStack{calls: c, s3: w.s3, buckets: buckets, outputs: map[string]any{
		"pit": pit, "bucketNames": names, "kmsKeyArn": projectKey, "vpcId": "vpc-0abc", "natPublicIp": "198.51.100.9",
		"archiveBucketName": archive, "archiveKeyArn": archiveKey,
	}, config: stacks.Config{
		Title: "POC A", PrincipalInvestigator: "Dr. K. Researcher", Owner: "k@example.edu",
		IRBProtocol: "STUDY00012345", StudyEndDate: "2027-06-30", DataClass: "phi",
	}, resources: []Resource{
		{URN: "urn:pulumi:hipaa::sce::pulumi:pulumi:Stack::sce-hipaa", Type: stackType, Created: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)},
		{URN: "urn:pulumi:hipaa::sce::aws:s3/bucketV2:BucketV2::hipaa-data-in", Type: awstype.S3BucketV2, Protected: true, Custom: true, Tagged: true},
		{URN: "urn:pulumi:hipaa::sce::aws:kms/key:Key::hipaa-key", Type: awstype.KMSKey, Protected: true, RetainOnDelete: true, Custom: true, Tagged: true},
		{URN: "urn:pulumi:hipaa::sce::aws:kms/alias:Alias::hipaa-key-alias", Type: awstype.KMSAlias, RetainOnDelete: true, Custom: true},
		{URN: "urn:pulumi:hipaa::sce::aws:ec2/vpc:Vpc::hipaa-vpc", Type: awstype.EC2Vpc, Custom: true, Tagged: true},
		{URN: "urn:pulumi:hipaa::sce::aws:iam/role:Role::hipaa-worker-role", Type: awstype.IAMRole, ID: "hipaa-worker-role", Custom: true, Tagged: true},
		{URN: "urn:pulumi:hipaa::sce::pulumi:providers:aws::default", Type: "pulumi:providers:aws", Custom: true},
	}}
	w.inspector = &fakeInspector{calls: c, keyState: keyPendingDeletion, tagged: []string{projectKey}}
	w.retention = &fakeRetention{calls: c}
	w.seed()
	return w
}

// lockArchive gives the archive Object Lock with the default retention
// rule (none when nil), as the baseline configures it.
func (w *world) lockArchive(rule *types.DefaultRetention) {
	w.t.Helper()
	cfg := &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled}
	if rule != nil {
		cfg.Rule = &types.ObjectLockRule{DefaultRetention: rule}
	}
	_, err := w.s3.PutObjectLockConfiguration(context.Background(), &s3.PutObjectLockConfigurationInput{Bucket: aws.String(archive),
		ObjectLockConfiguration: cfg})
	require.NoError(w.t, err)
}

// seed fills the buckets: versions, a delete marker, a multipart-sized
// object, logs and access logs.
func (w *world) seed() {
	t, s := w.t, w.srv
	put := func(role sce.BucketRole, key, body string) {
		s.Put(t, bucketOf(role), key, body)
		if role != sce.BucketAncillary {
			w.want[archiveKeyOf(role, key)] = body
		}
	}
	put(sce.BucketDataIn, "cohort/patients.csv", "old version")
	put(sce.BucketDataIn, "cohort/patients.csv", "id,name\n1,John Bigboote\n")
	put(sce.BucketDataIn, "cohort/vitals.csv", "id,sys,dia\n1,120,80\n")
	s.Put(t, bucketOf(sce.BucketDataIn), "cohort/withdrawn.csv", "consent withdrawn")
	s.Delete(t, bucketOf(sce.BucketDataIn), "cohort/withdrawn.csv")
	put(sce.BucketDataIn, "imaging/scan.bin", strings.Repeat("0123456789abcdef", (partSize+partSize/2)/16))
	put(sce.BucketOutput, "results/model.rds", "model")
	put(sce.BucketOutput, "results/table1.csv", "n,mean\n100,42\n")
	put(sce.BucketLogs, "cloudtrail/AWSLogs/123456789012/CloudTrail/us-west-2/2027/06/30/a.json.gz", "log a")
	put(sce.BucketLogs, "cloudtrail/AWSLogs/123456789012/CloudTrail/us-west-2/2027/06/30/b.json.gz", "log b")
	put(sce.BucketAccessLogs, "2027-06-30-10-00-00-ABC", "access log")
	put(sce.BucketAncillary, "software/conda.tar", "not PHI")
}

// instance is the project instance: the test stack's creation time.
const instance = "20260301T120000Z"

// testLayout is the test project's archive layout.
var testLayout = layout{pit: pit, instance: instance}

// baseline stands for the account baseline stack, which exports the archive.
type baseline struct{}

func (baseline) Outputs(context.Context) (map[string]any, error) {
	return map[string]any{"archiveBucketName": archive, "archiveKeyArn": archiveKey}, nil
}

// archiveKeyOf is where a source object of a role is archived.
func archiveKeyOf(role sce.BucketRole, key string) string {
	return testLayout.archiveKey(string(role), key)
}

// testBuild is the sce build the tests run close-out as.
var testBuild = buildinfo.Info{Known: true, Version: "v1.4.0", Commit: "c0ffee", Modified: "false"}

// operator is the AWS identity the tests run close-out as.
const operator = "arn:aws:sts::123456789012:assumed-role/sce-admin/it-admin"

func (w *world) env() Env {
	env := Env{Stack: w.stack, S3: w.s3, Inspector: w.inspector, Retention: w.retention, Now: w.clock.now, Log: w.log, Baseline: baseline{},
		Caller: func(context.Context) (string, error) { return operator, nil }, Build: testBuild, Region: "us-west-2"}
	if w.logs != nil {
		env.Logs = w.logs
	}
	return env
}

func (w *world) opts() Options {
	return Options{Stack: pit, StateDir: w.stateDir, Workers: 3, PartSize: partSize}
}

func (w *world) run() (*State, error) {
	return Run(context.Background(), w.env(), w.opts())
}

// archived reads every current copy of the project instance in the archive.
func (w *world) archived() map[string]string {
	out := map[string]string{}
	list, err := w.s3.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(archive), Prefix: aws.String(testLayout.objects())})
	require.NoError(w.t, err)
	for _, o := range list.Contents {
		out[aws.ToString(o.Key)] = w.read(archive, aws.ToString(o.Key))
	}
	return out
}

func (w *world) read(bucket, key string) string {
	obj, err := w.s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	require.NoError(w.t, err)
	defer obj.Body.Close()
	data, err := io.ReadAll(obj.Body)
	require.NoError(w.t, err)
	return string(data)
}

// manifest reads MANIFEST.json from the archive.
func (w *world) manifest() Manifest {
	var m Manifest
	require.NoError(w.t, json.Unmarshal([]byte(w.read(archive, testLayout.manifest())), &m))
	return m
}

// archivePuts counts the uploads (single or multipart) of each copy into
// the archive, from the server's request log, less those that failed.
func (w *world) archivePuts(failed map[string]int) map[string]int {
	out := map[string]int{}
	for _, r := range w.srv.Requests() {
		if r.Bucket != archive || !strings.HasPrefix(r.Key, sce.ArchiveObjectsPrefix) {
			continue
		}
		single := r.Method == http.MethodPut && !strings.Contains(r.Query, "uploadId")
		complete := r.Method == http.MethodPost && strings.Contains(r.Query, "uploadId")
		if single || complete {
			out[r.Key]++
		}
	}
	for k, n := range failed {
		out[k] -= n
	}
	return out
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// failNth fails the nth single upload into the archive with 403.
func failNth(n int) (s3test.Interceptor, *string) {
	var (
		mu     sync.Mutex
		count  int
		failed string
	)
	return func(w http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if req.Bucket != archive || r.Method != http.MethodPut || strings.Contains(req.Query, "uploadId") || !strings.HasPrefix(req.Key, sce.ArchiveObjectsPrefix) {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		count++
		if count != n {
			return false
		}
		failed = req.Key
		s3test.FailWith(w, http.StatusForbidden, "AccessDenied", "injected failure")
		return true
	}, &failed
}

// corrupt flips a byte of the first upload of key into the archive and
// sends the checksum of the flipped content, so that S3 stores the damaged
// copy: the archive then holds other bytes than the source's.
func corrupt(key string) s3test.Interceptor {
	var once sync.Once
	return func(_ http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if req.Bucket != archive || req.Key != key || r.Method != http.MethodPut {
			return false
		}
		once.Do(func() {
			data, _ := io.ReadAll(r.Body)
			data[0] ^= 0xff
			r.Body = io.NopCloser(bytes.NewReader(data))
			sum := sha256.Sum256(data)
			r.Header.Set("x-amz-checksum-sha256", base64.StdEncoding.EncodeToString(sum[:]))
		})
		return false
	}
}

// objectLock refuses to delete versions in the logs bucket unless the
// request bypasses GOVERNANCE retention, as S3 Object Lock does.
func objectLock(w http.ResponseWriter, r *http.Request, req s3test.Request) bool {
	deleting := (r.Method == http.MethodPost && strings.Contains(req.Query, "delete")) ||
		(r.Method == http.MethodDelete && strings.Contains(req.Query, "versionId"))
	if req.Bucket != bucketOf(sce.BucketLogs) || !deleting || r.Header.Get("x-amz-bypass-governance-retention") == "true" {
		return false
	}
	s3test.FailWith(w, http.StatusForbidden, "AccessDenied", "object is WORM protected")
	return true
}

// s3testRequest is a request of the fake S3's log.
type s3testRequest = s3test.Request

var testNow = time.Date(2027, 7, 1, 9, 0, 0, 0, time.UTC)

// clock is the tests' clock. Each reading is one second after the last, as
// on a real machine no two events share an instant; set moves it, to a
// machine whose clock is behind for example.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
