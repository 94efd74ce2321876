package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCallerIdentityAsksSTS: the operator close-out records is what STS
// GetCallerIdentity answers for the credentials in use, whatever $USER says.
func TestCallerIdentityAsksSTS(t *testing.T) {
	t.Setenv("USER", "mallory")
	var actions []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		actions = append(actions, string(body))
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::123456789012:assumed-role/sce-admin/it-admin</Arn>
    <UserId>AROAEXAMPLE:it-admin</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-west-2", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}
	arn, err := callerIdentity(cfg)(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:sts::123456789012:assumed-role/sce-admin/it-admin", arn)
	require.Len(t, actions, 1)
	assert.True(t, strings.Contains(actions[0], "Action=GetCallerIdentity"), actions[0])
}

// TestCallerIdentityFailure: without an answer from STS there
// is no operator, and the error says so.
func TestCallerIdentityFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-west-2", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}
	_, err := callerIdentity(cfg)(context.Background())
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "STS GetCallerIdentity: "), err.Error())
	assert.Contains(t, err.Error(), "AccessDenied")
}
