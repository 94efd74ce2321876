package s3test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestObjectLockRetentionIsSetOnPutAndProtectsTheVersion(t *testing.T) {
	s := Start(t)
	c, ctx := s.Client(), context.Background()
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("logs"), ObjectLockEnabledForBucket: aws.Bool(true)})
	require.NoError(t, err)
	s.Bucket(t, bkt, true)
	until := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	put := func(bucket, key string, mode types.ObjectLockMode, withChecksum bool) (*s3.PutObjectOutput, error) {
		in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader("decision"),
			ObjectLockMode: mode, ObjectLockRetainUntilDate: aws.Time(until)}
		if withChecksum {
			in.ChecksumSHA256 = aws.String(b64sha256("decision"))
		}
		return c.PutObject(ctx, in)
	}

	_, err = put(bkt, "d", types.ObjectLockModeGovernance, true)
	code, msg := apiError(t, err)
	assert.Equal(t, "InvalidRequest", code)
	assert.Equal(t, "Bucket is missing Object Lock Configuration", msg)
	_, err = put("logs", "d", types.ObjectLockModeGovernance, false)
	code, _ = apiError(t, err)
	assert.Equal(t, "InvalidRequest", code, "a locked put needs a checksum")

	gov, err := put("logs", "gov", types.ObjectLockModeGovernance, true)
	require.NoError(t, err)
	comp, err := put("logs", "comp", types.ObjectLockModeCompliance, true)
	require.NoError(t, err)
	h, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("logs"), Key: aws.String("comp")})
	require.NoError(t, err)
	assert.Equal(t, types.ObjectLockModeCompliance, h.ObjectLockMode)
	assert.Equal(t, until, aws.ToTime(h.ObjectLockRetainUntilDate))

	del := func(key, id string, bypass bool) error {
		in := &s3.DeleteObjectInput{Bucket: aws.String("logs"), Key: aws.String(key), VersionId: aws.String(id)}
		if bypass {
			in.BypassGovernanceRetention = aws.Bool(true)
		}
		_, err := c.DeleteObject(ctx, in)
		return err
	}
	code, _ = apiError(t, del("comp", aws.ToString(comp.VersionId), true))
	assert.Equal(t, "AccessDenied", code, "COMPLIANCE cannot be bypassed")
	code, _ = apiError(t, del("gov", aws.ToString(gov.VersionId), false))
	assert.Equal(t, "AccessDenied", code)
	require.NoError(t, del("gov", aws.ToString(gov.VersionId), true), "GOVERNANCE is bypassed on request")

	_, err = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("logs"), Key: aws.String("comp")})
	require.NoError(t, err, "a delete marker is allowed")
	h, err = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("logs"), Key: aws.String("comp"), VersionId: comp.VersionId})
	require.NoError(t, err, "the locked version stays")
	assert.Equal(t, types.ObjectLockModeCompliance, h.ObjectLockMode)
}

func TestObjectLockCanBeEnabledOnAVersionedBucket(t *testing.T) {
	s := Start(t)
	c, ctx := s.Client(), context.Background()
	s.Bucket(t, bkt, true)
	s.Bucket(t, "plain", false)
	enable := func(bucket string) error {
		_, err := c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: aws.String(bucket),
			ObjectLockConfiguration: &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled}})
		return err
	}
	code, msg := apiError(t, enable("plain"))
	assert.Equal(t, "InvalidBucketState", code)
	assert.Equal(t, "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration", msg)
	require.NoError(t, enable(bkt))
	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String("k"), Body: strings.NewReader("decision"),
		ChecksumSHA256: aws.String(b64sha256("decision")), ObjectLockMode: types.ObjectLockModeCompliance,
		ObjectLockRetainUntilDate: aws.Time(time.Now().Add(time.Hour))})
	require.NoError(t, err)
}
