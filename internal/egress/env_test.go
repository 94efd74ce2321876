package egress

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"

	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/s3test"
)

const (
	outputBkt = "hipaa-output-123456789012-us-west-2"
	logsBkt   = "hipaa-logs-123456789012-us-west-2"
	egressBkt = "hipaa-egress-123456789012-us-west-2"
	// worker is a researcher on a worker: the worker role's session.
	worker = "arn:aws:sts::123456789012:assumed-role/hipaa-worker/i-0abc"
	// approver is IT's reviewer.
	approver = "arn:aws:sts::123456789012:assumed-role/hipaa-egress-approver/carol"
)

// t0 is the fixtures' clock.
var t0 = time.Date(2026, 3, 2, 10, 15, 0, 0, time.UTC)

var lock = Retention{Mode: types.ObjectLockRetentionModeGovernance, Days: 365}

// world is a project's buckets in an in-memory S3 and who is calling.
type world struct {
	srv *s3test.Server
	c   *s3.Client
	who string
	env Env
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{srv: s3test.Start(t), who: worker}
	w.c = w.srv.Client()
	w.srv.SetClock(func() time.Time { return t0 })
	w.srv.Bucket(t, outputBkt, true)
	w.srv.Bucket(t, egressBkt, true)
	_, err := w.c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(logsBkt), ObjectLockEnabledForBucket: aws.Bool(true)})
	require.NoError(t, err)
	w.env = Env{S3: w.c, Now: func() time.Time { return t0 },
		Caller:  func(context.Context) (string, error) { return w.who, nil },
		Project: Project{PIT: "hipaa", Output: outputBkt, Logs: logsBkt, Egress: egressBkt}}
	return w
}

// as makes the next calls as identity.
func (w *world) as(identity string) *world { w.who = identity; return w }

func (w *world) request(t *testing.T, prefix string) Manifest {
	t.Helper()
	m, err := Request(context.Background(), w.as(worker).env, RequestOptions{Prefix: prefix, Reason: "table 1 of the paper, aggregate counts only"})
	require.NoError(t, err)
	return m
}

func (w *world) review(id string) Review {
	return Review{ID: id, Reason: "counts above 10, no identifiers", Lock: lock}
}

// read returns an object's content, and its version ID.
func (w *world) read(t *testing.T, bucket, key, version string) (string, string) {
	t.Helper()
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if version != "" {
		in.VersionId = aws.String(version)
	}
	out, err := w.c.GetObject(context.Background(), in)
	require.NoError(t, err)
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	require.NoError(t, err)
	return string(data), aws.ToString(out.VersionId)
}

// versions lists every version of every key under prefix, as key@version.
func (w *world) versions(t *testing.T, bucket, prefix string) []string {
	t.Helper()
	out, err := w.c.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	require.NoError(t, err)
	var list []string
	for _, v := range out.Versions {
		list = append(list, aws.ToString(v.Key)+"@"+aws.ToString(v.VersionId))
	}
	for _, m := range out.DeleteMarkers {
		list = append(list, aws.ToString(m.Key)+"@"+aws.ToString(m.VersionId)+" (delete marker)")
	}
	return list
}

// decode reads a JSON document.
func (w *world) decode(t *testing.T, bucket, key string, v any) {
	t.Helper()
	body, _ := w.read(t, bucket, key, "")
	require.NoError(t, json.Unmarshal([]byte(body), v))
}

// writes counts the requests that wrote key in bucket (puts and copies).
func (w *world) writes(bucket, key string) int {
	n := 0
	for _, r := range w.srv.Requests() {
		if r.Method == http.MethodPut && r.Bucket == bucket && r.Key == key {
			n++
		}
	}
	return n
}

// failOnce makes the first copy to key fail with a 500.
func (w *world) failOnce(key string) {
	failed := false
	w.srv.Intercept(func(rw http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if failed || r.Method != http.MethodPut || req.Bucket != egressBkt || req.Key != key {
			return false
		}
		failed = true
		s3test.FailWith(rw, http.StatusInternalServerError, "InternalError", "injected: the connection dropped")
		return true
	})
}

func hexSHA(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
