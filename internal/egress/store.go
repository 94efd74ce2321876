package egress

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// Retention is the Object Lock retention of the decisions and receipts.
type Retention struct {
	// Mode is GOVERNANCE (a privileged role can lift it: close-out does)
	// or COMPLIANCE (no one can, until it ends).
	Mode types.ObjectLockRetentionMode
	// Days is how long the records are kept from when they are written.
	Days int
}

// check refuses a retention S3 would refuse.
func (r Retention) check() error {
	if r.Mode != types.ObjectLockRetentionModeGovernance && r.Mode != types.ObjectLockRetentionModeCompliance {
		return invalid("Object Lock mode %q: use GOVERNANCE or COMPLIANCE", r.Mode)
	}
	if r.Days < 1 || r.Days > 36500 {
		return invalid("Object Lock retention of %d days: use 1 to 36500", r.Days)
	}
	return nil
}

// document is a JSON document read from S3: its version and SHA-256.
type document struct {
	versionID, sha256 string
}

// putOnce writes a JSON document only if the key has no current object
// (If-None-Match: *), with its SHA-256 for S3 to check, and under Object
// Lock when lock is set. A document already there is errExists.
func putOnce(ctx context.Context, c S3API, bucket, key string, doc any, lock *Retention, now time.Time) (document, error) {
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return document{}, fmt.Errorf("encode s3://%s/%s: %w", bucket, key, err)
	}
	data = append(data, '\n')
	sum := sha256.Sum256(data)
	in := &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data), IfNoneMatch: aws.String("*"),
		ContentType: aws.String("application/json"), ChecksumSHA256: aws.String(base64.StdEncoding.EncodeToString(sum[:])),
	}
	if lock != nil {
		in.ObjectLockMode = types.ObjectLockMode(lock.Mode)
		in.ObjectLockRetainUntilDate = aws.Time(now.AddDate(0, 0, lock.Days))
	}
	out, err := c.PutObject(ctx, in)
	if hasCode(err, "PreconditionFailed", "ConditionalRequestConflict") {
		return document{}, fmt.Errorf("write s3://%s/%s: %w", bucket, key, errExists)
	}
	if err != nil {
		return document{}, fmt.Errorf("write s3://%s/%s: %w", bucket, key, err)
	}
	return document{versionID: aws.ToString(out.VersionId), sha256: hex.EncodeToString(sum[:])}, nil
}

// getJSON reads the current version of a JSON document into v; found is
// false when there is none.
func getJSON(ctx context.Context, c S3API, bucket, key string, v any) (doc document, found bool, err error) {
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if hasCode(err, "NoSuchKey", "NotFound") {
		return document{}, false, nil
	}
	if err != nil {
		return document{}, false, fmt.Errorf("read s3://%s/%s%s: %w", bucket, key, accessHint(err), err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		return document{}, false, fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return document{}, false, fmt.Errorf("read s3://%s/%s: not an airlock document: %w", bucket, key, err)
	}
	sum := sha256.Sum256(data)
	return document{versionID: aws.ToString(out.VersionId), sha256: hex.EncodeToString(sum[:])}, true, nil
}

// content is what reading one object version found.
type content struct {
	versionID, sha256, etag string
	size                    int64
}

// readVersion reads an object version (the current one when versionID is
// "") and computes its SHA-256 as it streams.
func readVersion(ctx context.Context, c S3API, bucket, key, versionID string) (content, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	}
	out, err := c.GetObject(ctx, in)
	if err != nil {
		return content{}, fmt.Errorf("read s3://%s/%s (version %s): %w", bucket, key, versionID, err)
	}
	defer out.Body.Close()
	h := sha256.New()
	n, err := io.Copy(h, out.Body)
	if err != nil {
		return content{}, fmt.Errorf("read s3://%s/%s (version %s): %w", bucket, key, versionID, err)
	}
	return content{versionID: aws.ToString(out.VersionId), sha256: hex.EncodeToString(h.Sum(nil)), etag: aws.ToString(out.ETag), size: n}, nil
}

// accessHint explains an S3 refusal to read a key that may not exist: S3
// answers 403, not 404, for a missing key to a caller without s3:ListBucket
// on the bucket.
func accessHint(err error) string {
	if !hasCode(err, "AccessDenied", "Forbidden") {
		return ""
	}
	return " (access denied: the airlock needs s3:GetObject on the key and s3:ListBucket on the bucket, without which S3 answers 403 for a key that does not exist)"
}

// hasCode reports an S3 error with one of the codes (a HEAD's 404 has the
// code NotFound).
func hasCode(err error, codes ...string) bool {
	var api smithy.APIError
	if err == nil || !errors.As(err, &api) {
		return false
	}
	for _, c := range codes {
		if api.ErrorCode() == c {
			return true
		}
	}
	return false
}
