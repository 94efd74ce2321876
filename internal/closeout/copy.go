package closeout

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Metadata set on every archived copy, over the source's own user
// metadata, which the copy keeps (the signature of a CloudTrail digest
// file is in it) when all of it fits in S3's limit (metadata.go).
// metaSHA256 (the content's hex SHA-256) is set on single-part copies,
// metaPartSize (the size of the parts its composite checksum is computed
// over) on multipart ones, and metaSourceKey (the source key, base64) on
// hash-named copies of keys too long for the archive.
const (
	metaNamespace = "sce-"
	metaPIT       = "sce-pit"
	metaRole      = "sce-role"
	metaVersion   = "sce-source-version-id"
	metaSHA256    = "sce-sha256"
	metaPartSize  = "sce-part-size"
	metaSourceKey = "sce-source-key-base64"
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
// archive key, with a SHA-256 checksum S3 checks on arrival and stores
// (of the whole object, or of each part), after checking what was read
// against the source's own integrity data.
type copier struct {
	s3       S3API
	bucket   string
	keyArn   string
	layout   layout
	partSize int64
	now      func() time.Time
}

// upload is one copy on its way into the archive.
type upload struct {
	key  string
	meta map[string]string
	body io.Reader
	// check hashes what is read; verify runs before the copy is committed.
	check  *checker
	verify func() error
}

// copy archives one source version and returns its manifest entry.
func (c *copier) copy(ctx context.Context, role, bucket string, v version) (Entry, error) {
	integrity, err := integrityOf(ctx, c.s3, bucket, v)
	if err != nil {
		return Entry{}, err
	}
	src, err := c.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(v.key), VersionId: aws.String(v.versionID),
		ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		return Entry{}, fmt.Errorf("read s3://%s/%s (version %s): %w", bucket, v.key, v.versionID, err)
	}
	defer src.Body.Close()
	k := newChecker(integrity)
	partSize := c.partSizeOf(v)
	placed := c.metadata(role, v, src.Metadata, partSize)
	up := &upload{key: c.layout.archiveKey(role, v.key), meta: placed.meta, body: io.TeeReader(src.Body, k), check: k}
	up.verify = func() error { return k.verify(ctx, c.s3, bucket, v) }
	var e Entry
	if partSize == 0 {
		e, err = c.putSingle(ctx, up)
	} else {
		e, err = c.putMultipart(ctx, up, partSize)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("archive s3://%s/%s to s3://%s/%s: %w", bucket, v.key, c.bucket, up.key, err)
	}
	e.Role, e.SourceBucket, e.SourceKey, e.SourceVersionID, e.Key = role, bucket, v.key, v.versionID, up.key
	e.Size, e.SHA256, e.SourceCheck, e.ArchivedAt = k.n, k.hexSHA256(), integrity.method, c.now().UTC()
	e.SourceMetadata = placed.sourceMetadata
	return e, nil
}

// partSizeOf is the part size a version is copied in: 0 (one PUT) when
// it fits in one part.
func (c *copier) partSizeOf(v version) int64 {
	if v.size <= c.partSize {
		return 0
	}
	return partSizeFor(v.size, c.partSize)
}

// putStream uploads content of unknown size: in one PUT when it fits in
// one part, else in parts of the copier's part size.
func (c *copier) putStream(ctx context.Context, up *upload) (Entry, error) {
	head, err := io.ReadAll(io.LimitReader(up.body, c.partSize+1))
	if err != nil {
		return Entry{}, err
	}
	rest := up.body
	up.body = bytes.NewReader(head)
	if int64(len(head)) <= c.partSize {
		return c.putSingle(ctx, up)
	}
	up.body = io.MultiReader(up.body, rest)
	return c.putMultipart(ctx, up, partSizeFor(0, c.partSize))
}

// putSingle uploads content of at most one part, once it matched the
// source's integrity data.
func (c *copier) putSingle(ctx context.Context, up *upload) (Entry, error) {
	data, err := io.ReadAll(io.LimitReader(up.body, c.partSize+1))
	if err != nil {
		return Entry{}, err
	}
	if err := up.verify(); err != nil {
		return Entry{}, err
	}
	up.meta[metaSHA256] = up.check.hexSHA256()
	sum := b64sha(data)
	out, err := c.s3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(c.bucket), Key: aws.String(up.key), Body: bytes.NewReader(data), ContentLength: aws.Int64(int64(len(data))),
		ChecksumSHA256: aws.String(sum), ServerSideEncryption: types.ServerSideEncryptionAwsKms,
		SSEKMSKeyId: aws.String(c.keyArn), Metadata: up.meta,
	})
	if err != nil {
		return Entry{}, err
	}
	return Entry{ArchiveVersionID: aws.ToString(out.VersionId), ArchiveChecksum: sum}, nil
}

// putMultipart uploads content in parts of partSize, holding one part in
// memory, and completes the upload only when the content matched the
// source's integrity data: a damaged read never becomes an object.
func (c *copier) putMultipart(ctx context.Context, up *upload, partSize int64) (Entry, error) {
	up.meta[metaPartSize] = strconv.FormatInt(partSize, 10)
	created, err := c.s3.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket: aws.String(c.bucket), Key: aws.String(up.key), ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
		ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: aws.String(c.keyArn), Metadata: up.meta,
	})
	if err != nil {
		return Entry{}, err
	}
	parts, sums, err := c.uploadParts(ctx, up.key, created.UploadId, up.body, partSize)
	if err == nil {
		err = up.verify()
	}
	var out *s3.CompleteMultipartUploadOutput
	if err == nil {
		out, err = c.s3.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
			Bucket: aws.String(c.bucket), Key: aws.String(up.key), UploadId: created.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
		})
	}
	if err != nil {
		c.abort(ctx, up.key, created.UploadId)
		return Entry{}, err
	}
	return Entry{ArchiveVersionID: aws.ToString(out.VersionId), ArchiveChecksum: compositeSHA256(sums), PartSize: partSize}, nil
}

// abort cancels an unfinished upload, even when ctx is cancelled.
func (c *copier) abort(ctx context.Context, key string, uploadID *string) {
	abortCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	_, _ = c.s3.AbortMultipartUpload(abortCtx, &s3.AbortMultipartUploadInput{Bucket: aws.String(c.bucket), Key: aws.String(key), UploadId: uploadID})
}

// uploadParts uploads body in parts of partSize, each with its SHA-256,
// and returns the parts and their binary SHA-256s.
func (c *copier) uploadParts(ctx context.Context, key string, uploadID *string, body io.Reader, partSize int64) ([]types.CompletedPart, [][]byte, error) {
	buf := make([]byte, partSize)
	var parts []types.CompletedPart
	var sums [][]byte
	for num := int32(1); ; num++ {
		n, readErr := io.ReadFull(body, buf)
		if n > 0 {
			sum := sha256.Sum256(buf[:n])
			out, err := c.s3.UploadPart(ctx, &s3.UploadPartInput{
				Bucket: aws.String(c.bucket), Key: aws.String(key), UploadId: uploadID, PartNumber: aws.Int32(num),
				Body: bytes.NewReader(buf[:n]), ContentLength: aws.Int64(int64(n)), ChecksumSHA256: aws.String(base64.StdEncoding.EncodeToString(sum[:])),
			})
			if err != nil {
				return nil, nil, err
			}
			parts = append(parts, types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(num), ChecksumSHA256: out.ChecksumSHA256})
			sums = append(sums, sum[:])
		}
		switch {
		case errors.Is(readErr, io.EOF) || errors.Is(readErr, io.ErrUnexpectedEOF):
			return parts, sums, nil
		case readErr != nil:
			return nil, nil, readErr
		}
	}
}

// compositeSHA256 is the checksum S3 stores for a multipart upload with
// SHA-256 parts: the SHA-256 of the parts' binary SHA-256s, -<parts>.
func compositeSHA256(sums [][]byte) string {
	h := sha256.New()
	for _, s := range sums {
		h.Write(s)
	}
	return fmt.Sprintf("%s-%d", base64.StdEncoding.EncodeToString(h.Sum(nil)), len(sums))
}

// contentChecksum is the checksum S3 stores for content copied in parts
// of partSize (0: in one part), computed from the content.
func contentChecksum(r io.Reader, partSize int64) (string, error) {
	if partSize == 0 {
		h := sha256.New()
		if _, err := io.Copy(h, r); err != nil {
			return "", err
		}
		return base64.StdEncoding.EncodeToString(h.Sum(nil)), nil
	}
	var sums [][]byte
	buf := make([]byte, partSize)
	for {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			s := sha256.Sum256(buf[:n])
			sums = append(sums, s[:])
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return compositeSHA256(sums), nil
		}
		if err != nil {
			return "", err
		}
	}
}

func b64sha(data []byte) string {
	sum := sha256.Sum256(data)
	return base64.StdEncoding.EncodeToString(sum[:])
}
