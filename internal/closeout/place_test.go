package closeout

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoTraceSearchesOnlyTheProjectsAccountAndRegion: searches of another
// account or region than the project key's would find nothing and prove
// nothing, so verify-no-trace refuses them before it searches and no
// report is written. Preflight already refuses a region other than the
// outputs'; the region case is a close-out resumed after its destroy
// failed, from a shell whose AWS region differs, which preflight does not
// see again.
func TestNoTraceSearchesOnlyTheProjectsAccountAndRegion(t *testing.T) {
	tests := []struct {
		name, caller, region, want string
	}{
		{"another region, resumed", operator, "eu-west-1", "close-out refused: the searches would look in region eu-west-1, " +
			"but the project is in region us-west-2 (its key " + projectKey + "): set aws:region in the stack's file to us-west-2, the " +
			"region the project is deployed in (AWS_REGION when it has none), and run close-out again"},
		{"another account", "arn:aws:sts::210987654321:assumed-role/sce-admin/it-admin", "us-west-2",
			"close-out refused: the searches would look in account 210987654321, the operator's, but the project " +
				"is in account 123456789012 (its key " + projectKey + "): run close-out again with credentials of account 123456789012"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.srv.Intercept(objectLock)
			w.stack.beforeDestroy = func(attempt int) error {
				if attempt == 1 {
					return errors.New("injected: the Pulumi CLI lost its connection")
				}
				return nil
			}
			_, err := w.run()
			require.ErrorContains(t, err, "injected", "the first run stops at destroy, after preflight")
			env := w.env()
			env.Region = tt.region
			env.Caller = func(context.Context) (string, error) { return tt.caller, nil }
			st, err := Run(context.Background(), env, w.opts())
			require.EqualError(t, err, tt.want)
			assert.True(t, st.done(StepDestroy))
			assert.False(t, st.done(StepNoTrace))
			assert.Zero(t, w.calls.count("TaggedResources"), "nothing was searched")
			_, err = w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(archive), Key: aws.String(testLayout.report() + ".md")})
			assert.Error(t, err, "no report")
		})
	}
	assert.NoError(t, projectPlace(projectKey, "", ""), "what is not known is not compared")
	assert.EqualError(t, projectPlace("key-1", "123456789012", "us-west-2"),
		`the project key "key-1" is not an ARN: cannot tell which account and region to search`)
}

// TestACheckpointOfAnEarlierFormatIsRefused: a close-out an earlier sce
// began is not resumed from the archive's checkpoint either (from another
// machine, or with the local state moved away): nothing is unprotected or
// destroyed, and the refusal names the checkpoint.
func TestACheckpointOfAnEarlierFormatIsRefused(t *testing.T) {
	w := newWorld(t)
	w.srv.Intercept(objectLock)
	w.stack.unprotectErr = errInjected
	_, err := w.run()
	require.ErrorIs(t, err, errInjected, "archive and verify-archive are done, unprotect failed")
	path := pathsFor(w.stateDir, pit).state
	st, err := loadState(path, pit, testNow)
	require.NoError(t, err)
	st.Version = 2
	body, err := json.Marshal(st)
	require.NoError(t, err)
	_, err = w.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(archive), Key: aws.String(testLayout.checkpoint()),
		Body: bytes.NewReader(body)})
	require.NoError(t, err)
	require.NoError(t, os.Remove(path))

	w.stack.unprotectErr = nil
	unprotects := w.calls.count("Unprotect")
	_, err = w.run()
	require.EqualError(t, err, "close-out refused: s3://"+archive+"/"+testLayout.checkpoint()+` is the state of a close-out of stack "hipaa" `+
		"that an sce writing format 2 began (this sce writes format 4, and would report what that one never recorded): "+
		"finish it with the sce that began it")
	assert.Equal(t, unprotects, w.calls.count("Unprotect"), "no step ran again")
	assert.Zero(t, w.calls.count("Destroy"))
}
