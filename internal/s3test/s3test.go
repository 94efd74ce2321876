// Package s3test runs an S3-compatible server in memory (gofakes3) over HTTP
// on 127.0.0.1 for tests, driven by the real aws-sdk-go-v2 S3 client. Tests
// can intercept requests to inject failures and read the request log.
package s3test

import (
	"context"
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
	"github.com/johannesboyne/gofakes3/backend/s3mem"
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
	mu           sync.Mutex
	log          []Request
	interceptors []Interceptor
}

// Start runs a server on 127.0.0.1 that stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	faker := gofakes3.New(s3mem.New(), gofakes3.WithLogger(gofakes3.DiscardLog()))
	s := &Server{}
	handler := faker.Server()
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := s.record(r)
		for _, ic := range s.snapshotInterceptors() {
			if ic(w, r, req) {
				return
			}
		}
		handler.ServeHTTP(w, r)
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
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code +
		`</Code><Message>` + message + `</Message></Error>`))
}
