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

// TestObjectLockConfigurationIsReadBack: GetObjectLockConfiguration
// returns what PutObjectLockConfiguration set, a bucket created with
// Object Lock has no rule until one is put, and a bucket without Object
// Lock answers ObjectLockConfigurationNotFoundError, as S3 does.
func TestObjectLockConfigurationIsReadBack(t *testing.T) {
	s := Start(t)
	c, ctx := s.Client(), context.Background()
	s.Bucket(t, bkt, true)
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("locked"), ObjectLockEnabledForBucket: aws.Bool(true)})
	require.NoError(t, err)
	get := func(bucket string) (*types.ObjectLockConfiguration, error) {
		out, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(bucket)})
		if err != nil {
			return nil, err
		}
		return out.ObjectLockConfiguration, nil
	}

	_, err = get(bkt)
	code, msg := apiError(t, err)
	assert.Equal(t, "ObjectLockConfigurationNotFoundError", code)
	assert.Equal(t, "Object Lock configuration does not exist for this bucket", msg)
	_, err = get("missing")
	code, _ = apiError(t, err)
	assert.Equal(t, "NoSuchBucket", code)

	cfg, err := get("locked")
	require.NoError(t, err)
	assert.Equal(t, &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled}, cfg, "created with Object Lock, no rule")

	put := func(rule *types.ObjectLockRule) error {
		_, err := c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: aws.String(bkt),
			ObjectLockConfiguration: &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled, Rule: rule}})
		return err
	}
	years := &types.ObjectLockRule{DefaultRetention: &types.DefaultRetention{Mode: types.ObjectLockRetentionModeCompliance, Years: aws.Int32(6)}}
	require.NoError(t, put(years))
	cfg, err = get(bkt)
	require.NoError(t, err)
	assert.Equal(t, &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled, Rule: years}, cfg)

	days := &types.ObjectLockRule{DefaultRetention: &types.DefaultRetention{Mode: types.ObjectLockRetentionModeGovernance, Days: aws.Int32(30)}}
	require.NoError(t, put(days))
	cfg, err = get(bkt)
	require.NoError(t, err)
	assert.Equal(t, days, cfg.Rule, "the new rule replaces the old")

	for name, bad := range map[string]*types.ObjectLockRule{
		"both periods": {DefaultRetention: &types.DefaultRetention{Mode: types.ObjectLockRetentionModeCompliance, Days: aws.Int32(1), Years: aws.Int32(1)}},
		"no period":    {DefaultRetention: &types.DefaultRetention{Mode: types.ObjectLockRetentionModeCompliance}},
		"no mode":      {DefaultRetention: &types.DefaultRetention{Years: aws.Int32(1)}},
	} {
		code, _ = apiError(t, put(bad))
		assert.Equal(t, "MalformedXML", code, name)
	}
	require.NoError(t, put(nil))
	cfg, err = get(bkt)
	require.NoError(t, err)
	assert.Nil(t, cfg.Rule, "a configuration without a rule removes it")
}

// TestDefaultRetentionIsGivenToNewVersions: a version written without
// retention of its own gets the bucket's default rule from the time it is
// written, and is protected by it; one that sets its own keeps it; the
// versions written before the rule keep none.
func TestDefaultRetentionIsGivenToNewVersions(t *testing.T) {
	s := Start(t)
	now := time.Date(2027, 7, 1, 9, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	c, ctx := s.Client(), context.Background()
	s.Bucket(t, bkt, true)
	before := s.Put(t, bkt, "before", "x")
	_, err := c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: aws.String(bkt),
		ObjectLockConfiguration: &types.ObjectLockConfiguration{ObjectLockEnabled: types.ObjectLockEnabledEnabled,
			Rule: &types.ObjectLockRule{DefaultRetention: &types.DefaultRetention{Mode: types.ObjectLockRetentionModeCompliance, Years: aws.Int32(6)}}}})
	require.NoError(t, err)
	after := s.Put(t, bkt, "after", "x")
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String("own"), Body: strings.NewReader("x"),
		ChecksumSHA256: aws.String(b64sha256("x")), ObjectLockMode: types.ObjectLockModeGovernance, ObjectLockRetainUntilDate: aws.Time(now.Add(time.Hour))})
	require.NoError(t, err)

	head := func(key string) (types.ObjectLockMode, time.Time) {
		h, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bkt), Key: aws.String(key)})
		require.NoError(t, err)
		return h.ObjectLockMode, aws.ToTime(h.ObjectLockRetainUntilDate)
	}
	mode, until := head("after")
	assert.Equal(t, types.ObjectLockModeCompliance, mode)
	assert.Equal(t, now.AddDate(6, 0, 0), until)
	mode, until = head("own")
	assert.Equal(t, types.ObjectLockModeGovernance, mode)
	assert.Equal(t, now.Add(time.Hour), until)
	mode, _ = head("before")
	assert.Empty(t, mode)

	del := func(key, id string) error {
		_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bkt), Key: aws.String(key), VersionId: aws.String(id)})
		return err
	}
	code, _ := apiError(t, del("after", after))
	assert.Equal(t, "AccessDenied", code)
	require.NoError(t, del("before", before))
}
