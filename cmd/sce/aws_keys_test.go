package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCloudTrailKeysReadEveryPage: the public keys of every page are
// read, in the digest's region, and an empty next token (which the API
// may send instead of none) or a repeated one ends the listing.
func TestCloudTrailKeysReadEveryPage(t *testing.T) {
	start, end := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	var tokens, regions []string
	pages := []*cloudtrail.ListPublicKeysOutput{
		{PublicKeyList: []types.PublicKey{{Fingerprint: aws.String("f1"), Value: []byte("k1")}}, NextToken: aws.String("2")},
		{PublicKeyList: []types.PublicKey{{Fingerprint: aws.String("f2"), Value: []byte("k2")}}, NextToken: aws.String("")},
	}
	keys := cloudTrailKeys{list: func(_ context.Context, in *cloudtrail.ListPublicKeysInput, opts ...func(*cloudtrail.Options)) (*cloudtrail.ListPublicKeysOutput, error) {
		var o cloudtrail.Options
		for _, f := range opts {
			f(&o)
		}
		regions = append(regions, o.Region)
		tokens = append(tokens, aws.ToString(in.NextToken))
		assert.Equal(t, start, aws.ToTime(in.StartTime))
		assert.Equal(t, end, aws.ToTime(in.EndTime))
		if len(tokens) > len(pages) {
			return nil, errors.New("asked for a page after the last")
		}
		return pages[len(tokens)-1], nil
	}}
	got, err := keys.PublicKeys(context.Background(), "eu-central-1", start, end)
	require.NoError(t, err)
	assert.Equal(t, map[string][]byte{"f1": []byte("k1"), "f2": []byte("k2")}, got)
	assert.Equal(t, []string{"", "2"}, tokens)
	assert.Equal(t, []string{"eu-central-1", "eu-central-1"}, regions)

	asked := 0
	keys.list = func(context.Context, *cloudtrail.ListPublicKeysInput, ...func(*cloudtrail.Options)) (*cloudtrail.ListPublicKeysOutput, error) {
		asked++
		if asked > 2 {
			return nil, errors.New("asked again for the page it had")
		}
		return &cloudtrail.ListPublicKeysOutput{NextToken: aws.String("same")}, nil
	}
	_, err = keys.PublicKeys(context.Background(), "eu-central-1", start, end)
	require.NoError(t, err, "a token repeated ends the listing")
	assert.Equal(t, 2, asked)

	keys.list = func(context.Context, *cloudtrail.ListPublicKeysInput, ...func(*cloudtrail.Options)) (*cloudtrail.ListPublicKeysOutput, error) {
		return nil, errors.New("AccessDenied")
	}
	_, err = keys.PublicKeys(context.Background(), "eu-central-1", start, end)
	require.EqualError(t, err, "list CloudTrail public keys: AccessDenied")
}
