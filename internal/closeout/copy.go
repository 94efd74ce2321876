package closeout

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Metadata set on every archived object; metaSHA256 (the content's hex
// SHA-256) only on single-part copies, whose content is known before the
// upload starts.
const (
	metaPIT     = "sce-pit"
	metaRole    = "sce-role"
	metaVersion = "sce-source-version-id"
	metaSHA256  = "sce-sha256"
)

// S3's multipart limits.
const (
	maxParts = 10000
	mib      = 1 << 20
)

// partSizeFor is the part size of an object of size bytes: at least
// minPart, large enough that the object fits in S3's 10,000 parts, rounded
// up to a whole MiB.
func partSizeFor(size, minPart int64) int64 {
	part := max(minPart, (size+maxParts-1)/maxParts)
	return (part + mib - 1) / mib * mib
}

// copier streams object versions into the archive: encrypted with the
// archive key, each part carrying its SHA-256 so that S3 checks it on
// arrival, and the whole content hashed for the manifest.
type copier struct {
	s3       S3API
	bucket   string
	keyArn   string
	pit      string
	partSize int64
	now      func() time.Time
}

// archiveKey is where a source object goes: <pit>/<role>/<key>.
func (c *copier) archiveKey(role, key string) string { return c.pit + "/" + role + "/" + key }

// copy archives one source version and returns its manifest entry.
func (c *copier) copy(ctx context.Context, role, bucket string, v version) (Entry, error) {
	src, err := c.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(v.key), VersionId: aws.String(v.versionID)})
	if err != nil {
		return Entry{}, fmt.Errorf("read s3://%s/%s (version %s): %w", bucket, v.key, v.versionID, err)
	}
	defer src.Body.Close()
	h := sha256.New()
	body := io.TeeReader(src.Body, h)
	key := c.archiveKey(role, v.key)
	meta := map[string]string{metaPIT: c.pit, metaRole: role, metaVersion: v.versionID}
	var n int64
	if v.size <= c.partSize {
		n, err = c.putSingle(ctx, key, body, meta)
	} else {
		n, err = c.putMultipart(ctx, key, body, meta, partSizeFor(v.size, c.partSize))
	}
	if err != nil {
		return Entry{}, fmt.Errorf("archive s3://%s/%s to s3://%s/%s: %w", bucket, v.key, c.bucket, key, err)
	}
	if n != v.size {
		return Entry{}, fmt.Errorf("archive s3://%s/%s: read %d bytes, the listing says %d", bucket, v.key, n, v.size)
	}
	return Entry{Role: role, SourceBucket: bucket, SourceKey: v.key, SourceVersionID: v.versionID, Key: key,
		Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), ArchivedAt: c.now().UTC()}, nil
}

// putSingle uploads content of at most one part, its SHA-256 in its
// metadata.
func (c *copier) putSingle(ctx context.Context, key string, body io.Reader, meta map[string]string) (int64, error) {
	data, err := io.ReadAll(io.LimitReader(body, c.partSize+1))
	if err != nil {
		return 0, err
	}
	sum := sha256.Sum256(data)
	meta[metaSHA256] = hex.EncodeToString(sum[:])
	_, err = c.s3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(c.bucket), Key: aws.String(key), Body: bytes.NewReader(data), ContentLength: aws.Int64(int64(len(data))),
		ChecksumSHA256: aws.String(base64.StdEncoding.EncodeToString(sum[:])), ServerSideEncryption: types.ServerSideEncryptionAwsKms,
		SSEKMSKeyId: aws.String(c.keyArn), Metadata: meta,
	})
	return int64(len(data)), err
}

// putMultipart uploads content in parts of partSize, holding one part in
// memory.
func (c *copier) putMultipart(ctx context.Context, key string, body io.Reader, meta map[string]string, partSize int64) (int64, error) {
	up, err := c.s3.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket: aws.String(c.bucket), Key: aws.String(key), ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
		ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: aws.String(c.keyArn), Metadata: meta,
	})
	if err != nil {
		return 0, err
	}
	parts, n, err := c.uploadParts(ctx, key, up.UploadId, body, partSize)
	if err == nil {
		_, err = c.s3.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
			Bucket: aws.String(c.bucket), Key: aws.String(key), UploadId: up.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
		})
	}
	if err != nil {
		abortCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		_, _ = c.s3.AbortMultipartUpload(abortCtx, &s3.AbortMultipartUploadInput{Bucket: aws.String(c.bucket), Key: aws.String(key), UploadId: up.UploadId})
		return n, err
	}
	return n, nil
}

// uploadParts uploads body in parts of partSize, each with its SHA-256.
func (c *copier) uploadParts(ctx context.Context, key string, uploadID *string, body io.Reader, partSize int64) ([]types.CompletedPart, int64, error) {
	buf := make([]byte, partSize)
	var parts []types.CompletedPart
	var total int64
	for num := int32(1); ; num++ {
		n, readErr := io.ReadFull(body, buf)
		if n > 0 {
			sum := b64sha(buf[:n])
			out, err := c.s3.UploadPart(ctx, &s3.UploadPartInput{
				Bucket: aws.String(c.bucket), Key: aws.String(key), UploadId: uploadID, PartNumber: aws.Int32(num),
				Body: bytes.NewReader(buf[:n]), ContentLength: aws.Int64(int64(n)), ChecksumSHA256: aws.String(sum),
			})
			if err != nil {
				return nil, total, err
			}
			total += int64(n)
			parts = append(parts, types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(num), ChecksumSHA256: out.ChecksumSHA256})
		}
		switch {
		case errors.Is(readErr, io.EOF) || errors.Is(readErr, io.ErrUnexpectedEOF):
			return parts, total, nil
		case readErr != nil:
			return nil, total, readErr
		}
	}
}

// hashObject reads an object and returns its size and hex SHA-256.
func hashObject(ctx context.Context, client S3API, bucket, key, versionID string) (int64, string, map[string]string, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	}
	out, err := client.GetObject(ctx, in)
	if err != nil {
		return 0, "", nil, fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	h := sha256.New()
	n, err := io.Copy(h, out.Body)
	if err != nil {
		return n, "", nil, fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
	}
	return n, hexSum(h), out.Metadata, nil
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

func b64sha(data []byte) string {
	sum := sha256.Sum256(data)
	return base64.StdEncoding.EncodeToString(sum[:])
}
