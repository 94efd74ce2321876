package closeout

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/egress"
	"github.com/sce-dev/sce/sce"
)

// TestTheAirlocksRecordsAreArchivedWithTheLogs runs the airlock on the
// project (an approved and a rejected request), then closes it out: the
// decisions and receipts, kept under Object Lock in the logs bucket, and
// the request manifests, in the output bucket, are archived with the rest.
func TestTheAirlocksRecordsAreArchivedWithTheLogs(t *testing.T) {
	w := newWorld(t)
	w.srv.SetClock(w.clock.now)
	ctx := context.Background()
	_, err := w.s3.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: aws.String(bucketOf(sce.BucketLogs)),
		ObjectLockConfiguration: &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled}})
	require.NoError(t, err)
	egressBucket := bucketOf(sce.BucketEgress)
	who := "arn:aws:sts::123456789012:assumed-role/hipaa-worker/i-0abc"
	env := egress.Env{S3: w.s3, Now: w.clock.now, Caller: func(context.Context) (string, error) { return who, nil },
		Project: egress.Project{PIT: pit, Output: bucketOf(sce.BucketOutput), Logs: bucketOf(sce.BucketLogs), Egress: egressBucket}}
	approved, err := egress.Request(ctx, env, egress.RequestOptions{Prefix: "results/table1", Reason: "Table 1"})
	require.NoError(t, err)
	rejected, err := egress.Request(ctx, env, egress.RequestOptions{Prefix: "results/model", Reason: "the model"})
	require.NoError(t, err)
	who = "arn:aws:sts::123456789012:assumed-role/hipaa-egress-approver/carol"
	lock := egress.Retention{Mode: types.ObjectLockRetentionModeGovernance, Days: 30}
	_, err = egress.Approve(ctx, env, egress.Review{ID: approved.ID, Reason: "aggregate counts", Lock: lock})
	require.NoError(t, err)
	_, err = egress.Reject(ctx, env, egress.Review{ID: rejected.ID, Reason: "the model can leak rows", Lock: lock})
	require.NoError(t, err)
	records := map[string]sce.BucketRole{
		egress.DecisionsPrefix + approved.ID + ".json": sce.BucketLogs, egress.ReceiptsPrefix + approved.ID + ".json": sce.BucketLogs,
		egress.DecisionsPrefix + rejected.ID + ".json": sce.BucketLogs,
		egress.RequestsPrefix + approved.ID + ".json":  sce.BucketOutput, egress.RequestsPrefix + rejected.ID + ".json": sce.BucketOutput,
	}
	for key, role := range records {
		w.want[archiveKeyOf(role, key)] = w.read(bucketOf(role), key)
	}

	st, err := w.run()
	require.NoError(t, err)

	assert.True(t, st.Archive.Verified)
	got := withoutDocs(w.archived())
	assert.Equal(t, w.want, got, "every current object, the airlock's records included, is archived")
	var d egress.Decision
	require.NoError(t, json.Unmarshal([]byte(got[archiveKeyOf(sce.BucketLogs, egress.DecisionsPrefix+rejected.ID+".json")]), &d))
	assert.Equal(t, egress.Rejected, d.Decision)
	assert.Equal(t, "the model can leak rows", d.Reason)
	assert.Equal(t, rejected, d.Manifest)
	totals := w.manifest().Totals
	assert.Equal(t, 4, totals["output"].Objects, "two results, two manifests")
	assert.Equal(t, 5, totals["logs"].Objects, "two log files, two decisions, one receipt")
}
