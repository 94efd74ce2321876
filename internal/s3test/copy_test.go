package s3test

import (
	"context"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCopyObjectCopiesTheVersionNamedInTheSource(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	s.Bucket(t, "egress", true)
	c, ctx := s.Client(), context.Background()
	v1 := s.Put(t, bkt, "results/t1.csv", "first")
	s.Put(t, bkt, "results/t1.csv", "second")

	out, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String("egress"), Key: aws.String("r1/results/t1.csv"),
		CopySource: aws.String(bkt + "/results/t1.csv?versionId=" + v1), ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
		MetadataDirective: types.MetadataDirectiveReplace, Metadata: map[string]string{"sce-request": "r1"}})
	require.NoError(t, err)
	assert.Equal(t, v1, aws.ToString(out.CopySourceVersionId))
	assert.NotEmpty(t, aws.ToString(out.VersionId))
	assert.NotEqual(t, v1, aws.ToString(out.VersionId), "the copy is a new version of the destination")
	assert.Equal(t, b64sha256("first"), aws.ToString(out.CopyObjectResult.ChecksumSHA256))

	got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("egress"), Key: aws.String("r1/results/t1.csv"), ChecksumMode: types.ChecksumModeEnabled})
	require.NoError(t, err)
	defer got.Body.Close()
	assert.Equal(t, b64sha256("first"), aws.ToString(got.ChecksumSHA256))
	assert.Equal(t, map[string]string{"sce-request": "r1"}, got.Metadata)
	body, err := io.ReadAll(got.Body)
	require.NoError(t, err)
	assert.Equal(t, "first", string(body), "the version named, not the current one")
}

func TestCopyObjectRefusesAMissingVersionADeleteMarkerAndAFailedSourceCondition(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	c, ctx := s.Client(), context.Background()
	s.Put(t, bkt, "a", "alpha")
	s.Delete(t, bkt, "a")
	vs, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bkt)})
	require.NoError(t, err)
	require.Len(t, vs.DeleteMarkers, 1)
	copyFrom := func(source string, ifMatch string) error {
		in := &s3.CopyObjectInput{Bucket: aws.String(bkt), Key: aws.String("b"), CopySource: aws.String(source)}
		if ifMatch != "" {
			in.CopySourceIfMatch = aws.String(ifMatch)
		}
		_, err := c.CopyObject(ctx, in)
		return err
	}
	code, _ := apiError(t, copyFrom(bkt+"/a", ""))
	assert.Equal(t, "NoSuchKey", code, "the current version is a delete marker")
	code, msg := apiError(t, copyFrom(bkt+"/a?versionId="+aws.ToString(vs.DeleteMarkers[0].VersionId), ""))
	assert.Equal(t, "InvalidArgument", code)
	assert.Equal(t, "The source of a copy request may not specifically refer to a delete marker by version id.", msg)
	code, _ = apiError(t, copyFrom(bkt+"/a?versionId=v9999", ""))
	assert.Equal(t, "NoSuchVersion", code)
	code, _ = apiError(t, copyFrom(bkt+"/a?versionId="+aws.ToString(vs.Versions[0].VersionId), `"0000"`))
	assert.Equal(t, "PreconditionFailed", code)
	require.NoError(t, copyFrom(bkt+"/a?versionId="+aws.ToString(vs.Versions[0].VersionId), aws.ToString(vs.Versions[0].ETag)))
}
