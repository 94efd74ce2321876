package s3test

import (
	"context"
	"testing"

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
