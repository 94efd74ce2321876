package s3test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServerRecordsAndInterceptsRequests(t *testing.T) {
	s := Start(t)
	s.Bucket(t, "data-bucket", true)
	v1 := s.Put(t, "data-bucket", "a/b.txt", "one")
	v2 := s.Put(t, "data-bucket", "a/b.txt", "two")
	assert.NotEqual(t, v1, v2, "versioned")

	s.Intercept(func(w http.ResponseWriter, r *http.Request, req Request) bool {
		if r.Method != http.MethodGet || req.Key != "a/b.txt" {
			return false
		}
		FailWith(w, http.StatusForbidden, "AccessDenied", "injected")
		return true
	})
	_, err := s.Client().GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("data-bucket"), Key: aws.String("a/b.txt")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "AccessDenied")

	s.ClearInterceptors()
	out, err := s.Client().GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("data-bucket"), Key: aws.String("a/b.txt")})
	require.NoError(t, err)
	out.Body.Close()
	last := s.Requests()[len(s.Requests())-1]
	assert.Equal(t, Request{Method: http.MethodGet, Bucket: "data-bucket", Key: "a/b.txt", Query: last.Query, Header: last.Header}, last)
}
