package s3test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const bkt = "data-bucket"

func b64sha256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// apiError is the S3 error code and message of err.
func apiError(t *testing.T, err error) (string, string) {
	t.Helper()
	var api smithy.APIError
	require.True(t, errors.As(err, &api), "%v", err)
	return api.ErrorCode(), api.ErrorMessage()
}

func head(t *testing.T, c *s3.Client, key, versionID string, mode types.ChecksumMode) *s3.HeadObjectOutput {
	t.Helper()
	in := &s3.HeadObjectInput{Bucket: aws.String(bkt), Key: aws.String(key), ChecksumMode: mode}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	}
	out, err := c.HeadObject(context.Background(), in)
	require.NoError(t, err)
	return out
}

func get(t *testing.T, c *s3.Client, key string) (string, *s3.GetObjectOutput) {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bkt), Key: aws.String(key)})
	require.NoError(t, err)
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	require.NoError(t, err)
	return string(data), out
}

func TestChecksumsAreCheckedStoredAndReturnedWithChecksumMode(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	c, ctx := s.Client(), context.Background()

	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String("a"), Body: strings.NewReader("alpha"),
		ChecksumSHA256: aws.String(b64sha256("alpha"))})
	require.NoError(t, err)
	assert.Nil(t, head(t, c, "a", "", "").ChecksumSHA256, "no checksum without ChecksumMode")
	h := head(t, c, "a", "", types.ChecksumModeEnabled)
	assert.Equal(t, b64sha256("alpha"), aws.ToString(h.ChecksumSHA256))
	assert.Equal(t, types.ChecksumTypeFullObject, h.ChecksumType)

	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String("b"), Body: strings.NewReader("beta"),
		ChecksumSHA256: aws.String(b64sha256("BETA"))})
	code, msg := apiError(t, err)
	assert.Equal(t, "BadDigest", code)
	assert.Equal(t, "The SHA256 you specified did not match the calculated checksum.", msg)
	_, err = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bkt), Key: aws.String("b")})
	var notFound *types.NotFound
	require.ErrorAs(t, err, &notFound, "a refused upload stores nothing")
	code, _ = apiError(t, err)
	assert.Equal(t, "NotFound", code)
	var status interface{ HTTPStatusCode() int }
	require.ErrorAs(t, err, &status)
	assert.Equal(t, 404, status.HTTPStatusCode())

	s.Put(t, bkt, "c", "123456789") // over plain HTTP the SDK sends no checksum
	h = head(t, c, "c", "", types.ChecksumModeEnabled)
	assert.Equal(t, "rosUhgp5mIg=", aws.ToString(h.ChecksumCRC64NVME),
		"S3's default: CRC-64/NVME, whose check value for 123456789 is 0xAE8B14860A799888")
	assert.Equal(t, types.ChecksumTypeFullObject, h.ChecksumType)

	s.PutLegacy(t, bkt, "d", "delta", 1)
	legacy := head(t, c, "d", "", types.ChecksumModeEnabled)
	assert.Nil(t, legacy.ChecksumCRC64NVME)
	assert.Nil(t, legacy.ChecksumCRC32)
	assert.Equal(t, `"63bcabf86a9a991864777c631c5b7617"`, aws.ToString(legacy.ETag), "the MD5 of delta")
	s.PutLegacy(t, bkt, "e", "epsilon", 2)
	assert.Equal(t, `"4cbe23c61934ebb844caa90f1e599272-2"`, aws.ToString(head(t, c, "e", "", "").ETag),
		"the MD5 of the parts' MD5s")
}

func TestMultipartUploadsGetACompositeChecksum(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	c, ctx := s.Client(), context.Background()
	parts := []string{strings.Repeat("x", 5<<20), "tail"}
	up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(bkt), Key: aws.String("big"),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256})
	require.NoError(t, err)
	var done []types.CompletedPart
	var raw []byte
	for i, p := range parts {
		out, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String(bkt), Key: aws.String("big"), UploadId: up.UploadId,
			PartNumber: aws.Int32(int32(i + 1)), Body: strings.NewReader(p), ChecksumSHA256: aws.String(b64sha256(p))})
		require.NoError(t, err)
		assert.Equal(t, b64sha256(p), aws.ToString(out.ChecksumSHA256), "the part's checksum is echoed")
		done = append(done, types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(int32(i + 1)), ChecksumSHA256: out.ChecksumSHA256})
		sum := sha256.Sum256([]byte(p))
		raw = append(raw, sum[:]...)
	}
	_, err = c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String(bkt), Key: aws.String("big"), UploadId: up.UploadId,
		PartNumber: aws.Int32(3), Body: strings.NewReader("x"), ChecksumCRC32: aws.String("AAAAAA==")})
	code, msg := apiError(t, err)
	assert.Equal(t, "InvalidArgument", code)
	assert.Equal(t, "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32", msg)
	_, err = c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(bkt), Key: aws.String("big"),
		UploadId: up.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: done}})
	require.NoError(t, err)

	h := head(t, c, "big", "", types.ChecksumModeEnabled)
	whole := sha256.Sum256(raw)
	assert.Equal(t, base64.StdEncoding.EncodeToString(whole[:])+"-2", aws.ToString(h.ChecksumSHA256))
	assert.Equal(t, types.ChecksumTypeComposite, h.ChecksumType)
	assert.True(t, strings.HasSuffix(aws.ToString(h.ETag), `-2"`), aws.ToString(h.ETag))
	body, _ := get(t, c, "big")
	assert.Equal(t, strings.Join(parts, ""), body)
}

func TestKeysAreLimitedTo1024Bytes(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	c, ctx := s.Client(), context.Background()
	exact := strings.Repeat("k", 1019) + "/é.z" // 1,024 bytes, 1,023 characters
	require.Len(t, exact, 1024)
	s.Put(t, bkt, exact, "fits")
	body, _ := get(t, c, exact)
	assert.Equal(t, "fits", body)

	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String(exact + "x"), Body: strings.NewReader("no")})
	code, _ := apiError(t, err)
	assert.Equal(t, "KeyTooLongError", code)
	_, err = c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(bkt), Key: aws.String(exact + "x")})
	code, _ = apiError(t, err)
	assert.Equal(t, "KeyTooLongError", code, "multipart uploads too")
}

// listing is one entry of a version listing: a version, or a delete
// marker (object false).
type listing struct {
	key, id        string
	latest, object bool
}

func listAll(t *testing.T, c *s3.Client, pageSize int32) ([]listing, int) {
	t.Helper()
	var out []listing
	pages := 0
	p := s3.NewListObjectVersionsPaginator(c, &s3.ListObjectVersionsInput{Bucket: aws.String(bkt), MaxKeys: aws.Int32(pageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		require.NoError(t, err)
		pages++
		var entries []listing
		for _, v := range page.Versions {
			entries = append(entries, listing{key: aws.ToString(v.Key), id: aws.ToString(v.VersionId), latest: aws.ToBool(v.IsLatest), object: true})
		}
		for _, m := range page.DeleteMarkers {
			entries = append(entries, listing{key: aws.ToString(m.Key), id: aws.ToString(m.VersionId), latest: aws.ToBool(m.IsLatest)})
		}
		out = append(out, entries...)
	}
	return out, pages
}

func TestVersionListingsPageWithKeyAndVersionMarkers(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	a1, a2, a3 := s.Put(t, bkt, "a", "1"), s.Put(t, bkt, "a", "2"), s.Put(t, bkt, "a", "3")
	b1 := s.Put(t, bkt, "b", "1")
	s.Delete(t, bkt, "b")
	all, pages := listAll(t, s.Client(), 2)
	require.Len(t, all, 5)
	bMarker := all[3].id
	assert.Equal(t, []listing{
		{"a", a3, true, true}, {"a", a2, false, true}, {"a", a1, false, true}, {"b", bMarker, true, false}, {"b", b1, false, true},
	}, all, "each key's versions and delete markers newest first, across page boundaries")
	assert.Equal(t, 3, pages)
	one, onePage := listAll(t, s.Client(), 1000)
	assert.ElementsMatch(t, all, one)
	assert.Equal(t, 1, onePage)
}

func TestDeletingTheCurrentVersionMakesThePreviousOneCurrent(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	c, ctx := s.Client(), context.Background()
	v1 := s.Put(t, bkt, "k", "one")
	v2 := s.Put(t, bkt, "k", "two")
	_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bkt), Key: aws.String("k"), VersionId: aws.String(v2)})
	require.NoError(t, err)
	body, out := get(t, c, "k")
	assert.Equal(t, "one", body)
	assert.Equal(t, v1, aws.ToString(out.VersionId))
	all, _ := listAll(t, c, 1000)
	assert.Equal(t, []listing{{"k", v1, true, true}}, all)

	s.Delete(t, bkt, "k")
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bkt), Key: aws.String("k")})
	code, _ := apiError(t, err)
	assert.Equal(t, "NoSuchKey", code)
	all, _ = listAll(t, c, 1000)
	require.Len(t, all, 2)
	_, err = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bkt), Key: aws.String("k"), VersionId: aws.String(all[1].id)})
	require.NoError(t, err)
	body, _ = get(t, c, "k")
	assert.Equal(t, "one", body, "deleting the delete marker restores the object")
	assert.Equal(t, v1, aws.ToString(head(t, c, "k", v1, "").VersionId), "HEAD of a version")
}

func TestColdObjectsMustBeRestoredBeforeAGet(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	c, ctx := s.Client(), context.Background()
	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String("objects/a"), Body: strings.NewReader("alpha"),
		ChecksumSHA256: aws.String(b64sha256("alpha"))})
	require.NoError(t, err)
	s.Put(t, bkt, "objects/a", "alpha 2")
	s.Put(t, bkt, "docs/m", "manifest")
	assert.Equal(t, 2, s.Transition(t, bkt, "objects/", "GLACIER"))

	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bkt), Key: aws.String("objects/a")})
	code, msg := apiError(t, err)
	assert.Equal(t, "InvalidObjectState", code)
	assert.Equal(t, "The operation is not valid for the object's storage class", msg)
	all, _ := listAll(t, c, 1000)
	h := head(t, c, "objects/a", all[2].id, types.ChecksumModeEnabled)
	assert.Equal(t, types.StorageClassGlacier, h.StorageClass)
	assert.Equal(t, b64sha256("alpha"), aws.ToString(h.ChecksumSHA256), "HEAD answers, checksum included")
	list, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bkt)})
	require.NoError(t, err)
	classes := map[string]types.ObjectVersionStorageClass{}
	for _, v := range list.Versions {
		classes[aws.ToString(v.Key)+"@"+aws.ToString(v.VersionId)] = v.StorageClass
	}
	assert.Equal(t, map[string]types.ObjectVersionStorageClass{
		"docs/m@" + all[0].id: "STANDARD", "objects/a@" + all[1].id: "GLACIER", "objects/a@" + all[2].id: "GLACIER",
	}, classes)
	body, _ := get(t, c, "docs/m")
	assert.Equal(t, "manifest", body)
}

func TestConditionalWrites(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	c, ctx := s.Client(), context.Background()
	create := func(body string) error {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String("lock"), Body: bytes.NewReader([]byte(body)), IfNoneMatch: aws.String("*")})
		return err
	}
	require.NoError(t, create("first"))
	code, _ := apiError(t, create("second"))
	assert.Equal(t, "PreconditionFailed", code)
	body, out := get(t, c, "lock")
	assert.Equal(t, "first", body)

	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String("lock"), Body: strings.NewReader("x"), IfMatch: aws.String(`"stale"`)})
	code, _ = apiError(t, err)
	assert.Equal(t, "PreconditionFailed", code)
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String("lock"), Body: strings.NewReader("taken over"), IfMatch: out.ETag})
	require.NoError(t, err)

	s.Delete(t, bkt, "lock")
	require.NoError(t, create("after a delete marker"), "a delete marker does not count as an object")
	body, _ = get(t, c, "lock")
	assert.Equal(t, "after a delete marker", body)
}

func TestObjectListingsPageAndRollUpByDelimiter(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	for _, k := range []string{"logs/2027/a", "logs/2027/b", "logs/2028/c", "logs/top", "other"} {
		s.Put(t, bkt, k, k)
	}
	s.Delete(t, bkt, "logs/2028/c")
	var keys, prefixes []string
	pages := 0
	p := s3.NewListObjectsV2Paginator(s.Client(), &s3.ListObjectsV2Input{Bucket: aws.String(bkt), Prefix: aws.String("logs/"),
		Delimiter: aws.String("/"), MaxKeys: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		require.NoError(t, err)
		pages++
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
		for _, c := range page.CommonPrefixes {
			prefixes = append(prefixes, aws.ToString(c.Prefix))
		}
	}
	assert.Equal(t, []string{"logs/top"}, keys)
	assert.Equal(t, []string{"logs/2027/"}, prefixes, "a key whose current version is a delete marker is not listed")
	assert.Equal(t, 2, pages)
}

// TestDeleteObjectsTakesAtMost1000Keys: like S3, a DeleteObjects request
// naming 1,001 keys is refused as MalformedXML and deletes nothing; 1,000
// pass.
func TestDeleteObjectsTakesAtMost1000Keys(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	c, ctx := s.Client(), context.Background()
	ids := make([]types.ObjectIdentifier, 1001)
	for i := range ids {
		key := fmt.Sprintf("k/%04d", i)
		ids[i] = types.ObjectIdentifier{Key: aws.String(key), VersionId: aws.String(s.Put(t, bkt, key, "x"))}
	}
	_, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bkt), Delete: &types.Delete{Objects: ids}})
	code, _ := apiError(t, err)
	assert.Equal(t, "MalformedXML", code)
	_, err = c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(bkt), Delete: &types.Delete{Objects: ids[:1000]}})
	require.NoError(t, err)
	out, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bkt)})
	require.NoError(t, err)
	require.Len(t, out.Versions, 1)
	assert.Equal(t, "k/1000", aws.ToString(out.Versions[0].Key))
}
