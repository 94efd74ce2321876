package closeout

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// TestCloseoutEmptiesBucketsWithObjectLock: every project bucket but the
// access-log destination has Object Lock, without a default retention
// except on the logs bucket. Close-out empties them as before: versions
// nobody locked are deleted as in any bucket, and a version the
// administrator locked in GOVERNANCE mode is deleted by bypassing it.
func TestCloseoutEmptiesBucketsWithObjectLock(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, role := range []sce.BucketRole{sce.BucketDataIn, sce.BucketOutput, sce.BucketLogs, sce.BucketAncillary} {
		_, err := w.s3.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: aws.String(bucketOf(role)),
			ObjectLockConfiguration: &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled}})
		require.NoError(t, err, role)
	}
	body := "n,mean\n100,43\n"
	_, err := w.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucketOf(sce.BucketOutput)), Key: aws.String("results/table2.csv"),
		Body: strings.NewReader(body), ObjectLockMode: types.ObjectLockModeGovernance,
		ObjectLockRetainUntilDate: aws.Time(testNow.AddDate(1, 0, 0)), ChecksumAlgorithm: types.ChecksumAlgorithmSha256})
	require.NoError(t, err)
	w.want[archiveKeyOf(sce.BucketOutput, "results/table2.csv")] = body

	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, EmptyResult{Bucket: bucketOf(sce.BucketDataIn), Versions: 5, DeleteMarkers: 1}, st.Emptied["data-in"])
	assert.Equal(t, EmptyResult{Bucket: bucketOf(sce.BucketOutput), Versions: 3}, st.Emptied["output"], "the locked version too")
	assert.Equal(t, w.want, w.archived())
	for _, role := range sce.BucketRoles() {
		list, err := w.s3.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucketOf(role))})
		if err == nil {
			assert.Empty(t, list.Versions, role)
		}
	}
}
