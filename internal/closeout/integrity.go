package closeout

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// How a copy's source read was checked, as the manifest records it.
const (
	// checkedSecondRead: the source stores no checksum of the whole object
	// and its ETag is no MD5 (multipart, or SSE-KMS), so it was read a
	// second time and both reads had the same SHA-256.
	checkedSecondRead = "second read"
	checkedETag       = "ETag (MD5)"
	checkedChecksum   = " checksum" // after the algorithm: "CRC64NVME checksum"
)

// crc64NVME is the CRC-64/NVME polynomial, reversed as hash/crc64 takes it.
const crc64NVME = 0x9a6c9329ac4bc9b5

// fullObjectChecksums are the checksums S3 can store of a whole object, in
// the order close-out prefers them, with their hash.
var fullObjectChecksums = []struct {
	name string
	get  func(*s3.HeadObjectOutput) *string
	hash func() hash.Hash
}{
	{"SHA256", func(h *s3.HeadObjectOutput) *string { return h.ChecksumSHA256 }, sha256.New},
	{"SHA512", func(h *s3.HeadObjectOutput) *string { return h.ChecksumSHA512 }, sha512.New},
	{"SHA1", func(h *s3.HeadObjectOutput) *string { return h.ChecksumSHA1 }, sha1.New},
	{"CRC64NVME", func(h *s3.HeadObjectOutput) *string { return h.ChecksumCRC64NVME }, func() hash.Hash { return crc64.New(crc64.MakeTable(crc64NVME)) }},
	{"CRC32C", func(h *s3.HeadObjectOutput) *string { return h.ChecksumCRC32C }, func() hash.Hash { return crc32.New(crc32.MakeTable(crc32.Castagnoli)) }},
	{"CRC32", func(h *s3.HeadObjectOutput) *string { return h.ChecksumCRC32 }, func() hash.Hash { return crc32.NewIEEE() }},
	{"MD5", func(h *s3.HeadObjectOutput) *string { return h.ChecksumMD5 }, md5.New},
}

// sourceCheck is what a source version's content must match: S3's own
// integrity data for it, read with a HEAD separate from the GET that reads
// the content.
type sourceCheck struct {
	// method says what is compared (for the manifest).
	method string
	// hash computes, while the content streams, what want is compared
	// with; nil for a second read.
	hash func() hash.Hash
	// want is the expected value: base64 for a checksum, hex for an MD5 ETag.
	want string
	hex  bool
}

// integrityOf reads a source version's integrity data: a full-object
// checksum when S3 stores one, else the ETag when it is the MD5 of the
// content (a single-part upload not encrypted with KMS or a customer key),
// else nothing, and the content is read twice.
func integrityOf(ctx context.Context, client S3API, bucket string, v version) (sourceCheck, error) {
	h, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(v.key),
		VersionId: aws.String(v.versionID), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		return sourceCheck{}, fmt.Errorf("read the checksum of s3://%s/%s (version %s): %w", bucket, v.key, v.versionID, err)
	}
	if n := aws.ToInt64(h.ContentLength); n != v.size {
		return sourceCheck{}, fmt.Errorf("s3://%s/%s (version %s) has %d bytes, its listing said %d", bucket, v.key, v.versionID, n, v.size)
	}
	if h.ChecksumType != types.ChecksumTypeComposite {
		for _, c := range fullObjectChecksums {
			if value := aws.ToString(c.get(h)); value != "" && !strings.Contains(value, "-") {
				return sourceCheck{method: c.name + checkedChecksum, hash: c.hash, want: value}, nil
			}
		}
	}
	etag := strings.Trim(aws.ToString(h.ETag), `"`)
	kms := strings.HasPrefix(string(h.ServerSideEncryption), "aws:kms")
	if len(etag) == 32 && !kms && aws.ToString(h.SSECustomerAlgorithm) == "" {
		return sourceCheck{method: checkedETag, hash: md5.New, want: etag, hex: true}, nil
	}
	return sourceCheck{method: checkedSecondRead}, nil
}

// checker hashes content as it streams: the SHA-256 the manifest records
// and, when the source has one, its own checksum or MD5.
type checker struct {
	check  sourceCheck
	sha256 hash.Hash
	own    hash.Hash
	n      int64
}

func newChecker(c sourceCheck) *checker {
	k := &checker{check: c, sha256: sha256.New()}
	if c.hash != nil {
		k.own = c.hash()
	}
	return k
}

// Write implements io.Writer.
func (k *checker) Write(p []byte) (int, error) {
	k.sha256.Write(p)
	if k.own != nil {
		k.own.Write(p)
	}
	k.n += int64(len(p))
	return len(p), nil
}

// hexSHA256 is the content's SHA-256, hex.
func (k *checker) hexSHA256() string { return hex.EncodeToString(k.sha256.Sum(nil)) }

// verify compares what was read with the source's integrity data, or reads
// the source again when it has none; any difference refuses the read.
func (k *checker) verify(ctx context.Context, client S3API, bucket string, v version) error {
	if k.n != v.size {
		return damaged(bucket, v, fmt.Sprintf("%d bytes were read, S3 stores %d", k.n, v.size))
	}
	if k.own == nil {
		again, err := readSHA256(ctx, client, bucket, v)
		if err != nil {
			return fmt.Errorf("read s3://%s/%s (version %s) a second time: %w", bucket, v.key, v.versionID, err)
		}
		if again != k.hexSHA256() {
			return damaged(bucket, v, fmt.Sprintf("two reads differ (SHA-256 %s, then %s)", k.hexSHA256(), again))
		}
		return nil
	}
	got := base64.StdEncoding.EncodeToString(k.own.Sum(nil))
	if k.check.hex {
		got = hex.EncodeToString(k.own.Sum(nil))
	}
	if got != k.check.want {
		return damaged(bucket, v, fmt.Sprintf("the content read has %s %s, S3 stores %s", k.check.method, got, k.check.want))
	}
	return nil
}

func damaged(bucket string, v version, what string) error {
	return fmt.Errorf("read s3://%s/%s (version %s): %s: the read was damaged, so nothing of it is archived; run close-out again to read it again",
		bucket, v.key, v.versionID, what)
}

// readSHA256 reads a source version and returns its hex SHA-256.
func readSHA256(ctx context.Context, client S3API, bucket string, v version) (string, error) {
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(v.key), VersionId: aws.String(v.versionID),
		ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		return "", err
	}
	defer out.Body.Close()
	h := sha256.New()
	if _, err := io.Copy(h, out.Body); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
