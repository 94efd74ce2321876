// Package s3test runs an S3-compatible server in memory over HTTP on
// 127.0.0.1 for tests, driven by the real aws-sdk-go-v2 S3 client. gofakes3
// speaks the protocol; the package's own store gives it S3's semantics where
// the tests depend on them: versions listed newest first and paged with key
// and version-ID markers, the previous version made current again when the
// current one is deleted by version ID, checksums checked on arrival, stored
// and returned with ChecksumMode (composite for multipart uploads, S3's
// default CRC64NVME when the upload carried none), the 1,024-byte key limit,
// conditional writes (If-None-Match: *, If-Match), cold storage classes
// an object must be restored from before it can be read, CopyObject of the
// source version named by ?versionId= (with the destination's new version
// ID, x-amz-copy-source-if-match, a checksum computed with
// x-amz-checksum-algorithm), and Object Lock: buckets created with it or
// given it by PutObjectLockConfiguration (whose default retention rule
// GetObjectLockConfiguration returns and new versions get),
// retention set on a put or a copy (which must carry a checksum, on a put),
// returned by GET and HEAD, and refusing DeleteObject of a protected version
// (GOVERNANCE unless bypassed). Tests can intercept requests to inject
// failures and read the request log.
//
// Not implemented (answered 501): ranged and part GETs, listing multipart
// uploads and their parts, aws-chunked uploads. Not enforced: the 5 MiB
// minimum size of a multipart upload's parts; legal holds, and Object
// Lock on DeleteObjects.
package s3test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/johannesboyne/gofakes3"
	"github.com/stretchr/testify/require"
)

// Region is the region the test client signs for.
const Region = "us-west-2"

// Request is one request the server received.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Bucket and Key are the path-style bucket and object key ("" if none).
	Bucket, Key string
	// Query is the raw query string.
	Query string
	// Header holds the request headers.
	Header http.Header
}

// Interceptor sees every request before the S3 server does. It returns true
// when it wrote the response itself (for example an injected failure).
type Interceptor func(w http.ResponseWriter, r *http.Request, req Request) bool

// Server is a running in-memory S3 server.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:<port>.
	URL string

	srv          *httptest.Server
	store        *store
	mu           sync.Mutex
	log          []Request
	interceptors []Interceptor
}

// Start runs a server on 127.0.0.1 that stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{store: newStore()}
	// The store enforces S3's 2 KB limit on user metadata; gofakes3's own
	// limit counts every x-amz- request header and is off.
	faker := gofakes3.New(s.store, gofakes3.WithLogger(gofakes3.DiscardLog()), gofakes3.WithMetadataSizeLimit(0))
	handler := faker.Server()
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := s.record(r)
		for _, ic := range s.snapshotInterceptors() {
			if ic(w, r, req) {
				return
			}
		}
		switch {
		case isObjectRead(r, req):
			s.serveObject(w, r, req)
		case isCopy(r, req):
			s.serveCopy(w, r, req)
		case isLockConfiguration(r, req):
			s.putLockConfiguration(w, r, req)
		case isLockConfigurationRead(r, req):
			s.getLockConfiguration(w, r, req)
		case isLockedBucketCreation(r, req):
			handler.ServeHTTP(w, r)
			s.store.enableLock(req.Bucket)
		case s.refuseLockedDelete(w, r, req), s.checkUpload(w, r, req):
		case isObjectWrite(r, req) && s.checkLock(w, r, req, false):
		default:
			handler.ServeHTTP(w, r)
		}
	}))
	s.srv.Config.ReadHeaderTimeout = 10 * time.Second // set before serving: no race with the server
	s.srv.Start()
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

func (s *Server) record(r *http.Request) Request {
	path := strings.TrimPrefix(r.URL.Path, "/")
	bucket, key, _ := strings.Cut(path, "/")
	req := Request{Method: r.Method, Bucket: bucket, Key: key, Query: r.URL.RawQuery, Header: r.Header.Clone()}
	s.mu.Lock()
	s.log = append(s.log, req)
	s.mu.Unlock()
	return req
}

func (s *Server) snapshotInterceptors() []Interceptor {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Interceptor(nil), s.interceptors...)
}

// Intercept adds an interceptor; interceptors run in the order added.
func (s *Server) Intercept(ic Interceptor) {
	s.mu.Lock()
	s.interceptors = append(s.interceptors, ic)
	s.mu.Unlock()
}

// ClearInterceptors removes every interceptor.
func (s *Server) ClearInterceptors() {
	s.mu.Lock()
	s.interceptors = nil
	s.mu.Unlock()
}

// SetClock makes now the server's clock (object times, Object Lock
// retention checks), so tests with a fixed clock write retention dates
// the server accepts whatever the date.
func (s *Server) SetClock(now func() time.Time) {
	s.store.mu.Lock()
	s.store.now = now
	s.store.mu.Unlock()
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Client returns an aws-sdk-go-v2 S3 client for the server: path-style,
// static test credentials, no retries (so an injected failure is final).
func (s *Server) Client() *s3.Client {
	cfg := aws.Config{
		Region:      Region,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		HTTPClient:  &http.Client{Timeout: 30 * time.Second},
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.URL)
		o.UsePathStyle = true
		o.RetryMaxAttempts = 1
	})
}

// Bucket creates a bucket, versioned when asked.
func (s *Server) Bucket(t testing.TB, name string, versioned bool) {
	t.Helper()
	ctx := context.Background()
	c := s.Client()
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
	require.NoError(t, err)
	if versioned {
		_, err = c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
			Bucket:                  aws.String(name),
			VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled},
		})
		require.NoError(t, err)
	}
}

// Put writes an object and returns its version ID ("" when unversioned).
func (s *Server) Put(t testing.TB, bucket, key, body string) string {
	t.Helper()
	out, err := s.Client().PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body),
	})
	require.NoError(t, err)
	return aws.ToString(out.VersionId)
}

// Delete deletes an object without a version ID: in a versioned bucket, this
// adds a delete marker.
func (s *Server) Delete(t testing.TB, bucket, key string) {
	t.Helper()
	_, err := s.Client().DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	require.NoError(t, err)
}

// FailWith writes an S3-style XML error response.
func FailWith(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>`)
	_ = xml.EscapeText(&b, []byte(code))
	b.WriteString(`</Code><Message>`)
	_ = xml.EscapeText(&b, []byte(message))
	b.WriteString(`</Message></Error>`)
	_, _ = w.Write([]byte(b.String()))
}

// PutLegacy stores an object as one written before S3 kept a checksum of
// every object: with no checksum, and, when parts > 1, with the ETag of a
// multipart upload of that many equal parts (so its ETag is no MD5 of the
// content). It returns the version ID ("" when the bucket is unversioned).
func (s *Server) PutLegacy(t testing.TB, bucket, key, body string, parts int) string {
	t.Helper()
	v, err := newVersion(key, []byte(body), nil, checksum{})
	require.NoError(t, err)
	if parts > 1 {
		v.etag = multipartETag([]byte(body), parts)
	}
	res, err := s.store.put(bucket, v, nil)
	require.NoError(t, err)
	return string(res.VersionID)
}

// Transition moves every version of the keys under prefix to a storage
// class, as a lifecycle transition rule filtered by that prefix does once
// its days have passed, and returns how many versions moved.
func (s *Server) Transition(t testing.TB, bucket, prefix, class string) int {
	t.Helper()
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	b, err := s.store.bucket(bucket)
	require.NoError(t, err)
	n := 0
	for key, vs := range b.keys {
		if !strings.HasPrefix(key, prefix) {
			continue
		}
		for _, v := range vs {
			if !v.marker {
				v.class = class
				n++
			}
		}
	}
	return n
}
