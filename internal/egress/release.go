package egress

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/sce-dev/sce/internal/english"
)

// release copies an approved request's files that are not yet in the
// egress bucket, then writes the receipt once.
func release(ctx context.Context, env Env, p pending, out Outcome, lock Retention, bucket string) (Outcome, error) {
	m := p.manifest
	rc := Receipt{Format: Format, RequestID: m.ID, CompletedBy: p.reviewer, Bucket: bucket}
	for _, f := range m.Files {
		c, copied, err := copyOnce(ctx, env.S3, bucket, m, f)
		if err != nil {
			where := fmt.Sprintf("copy %d of %s of request %s", out.Copied+out.AlreadyCopied, english.Plural(len(m.Files), "file"), m.ID)
			if errors.Is(err, errMismatchedCopy) {
				return out, fmt.Errorf("%s: %w", where, err)
			}
			return out, fmt.Errorf("%s; run the same approve again to copy the rest: %w", where, err)
		}
		if copied {
			out.Copied++
		} else {
			out.AlreadyCopied++
		}
		rc.Copies = append(rc.Copies, c)
	}
	rc.CompletedAt = env.now()
	_, err := putOnce(ctx, env.S3, env.Project.Logs, receiptKey(m.ID), rc, &lock, rc.CompletedAt)
	if errors.Is(err, errExists) {
		var earlier Receipt
		if _, _, err := getJSON(ctx, env.S3, env.Project.Logs, receiptKey(m.ID), &earlier); err != nil {
			return out, err
		}
		out.Receipt = earlier
		return out, nil
	}
	if err != nil {
		return out, wrap("record the receipt", err)
	}
	out.Receipt = rc
	return out, nil
}

// copyOnce copies one pinned version into the egress bucket, unless the
// copy is already there: a copy is recognised by its metadata (request ID,
// source version and SHA-256) and accepted only when the SHA-256 S3 holds
// for it is the request's (otherwise errMismatchedCopy). S3 computes a new copy's SHA-256, which must be
// the request's: otherwise approve stops with errMismatchedCopy, naming the
// copy for the administrator role to delete. copied is false for a copy an
// earlier run made. The copy carries sce's metadata and no tags: S3's
// default (TaggingDirective COPY) would copy the source's tags, text no
// reviewer saw, and needs s3:GetObjectTagging on the source and
// s3:PutObjectTagging on the copy, which the approver role does not have;
// REPLACE without a tag set writes none and needs neither.
func copyOnce(ctx context.Context, c S3API, bucket string, m Manifest, f File) (Copy, bool, error) {
	key := egressKey(m.ID, f.Key)
	cp := Copy{Key: f.Key, SourceVersionID: f.VersionID, EgressKey: key, SHA256: f.SHA256}
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled})
	switch {
	case err == nil:
		if head.Metadata[metaRequest] != m.ID || head.Metadata[metaSource] != f.VersionID || head.Metadata[metaSHA256] != f.SHA256 {
			return cp, false, fmt.Errorf("s3://%s/%s is there but is not the copy of %s version %s for request %s: find out who wrote it before approving again",
				bucket, key, f.Key, f.VersionID, m.ID)
		}
		if got := hexOfBase64(head.ChecksumSHA256); got != f.SHA256 {
			// Planted, or an earlier run's copy that came out different.
			return cp, false, mismatchedCopy(bucket, key, aws.ToString(head.VersionId), got, f.SHA256)
		}
		cp.EgressVersionID = aws.ToString(head.VersionId)
		return cp, false, nil
	case !hasCode(err, "NotFound", "NoSuchKey"):
		return cp, false, fmt.Errorf("check s3://%s/%s%s: %w", bucket, key, accessHint(err), err)
	}
	out, err := c.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), CopySource: aws.String(copySource(m.Bucket, f.Key, f.VersionID)),
		CopySourceIfMatch: aws.String(f.ETag), ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
		MetadataDirective: types.MetadataDirectiveReplace,
		Metadata:          map[string]string{metaRequest: m.ID, metaSource: f.VersionID, metaSHA256: f.SHA256},
		TaggingDirective:  types.TaggingDirectiveReplace,
	})
	if err != nil {
		return cp, false, fmt.Errorf("copy s3://%s/%s (version %s) to s3://%s/%s: %w", m.Bucket, f.Key, f.VersionID, bucket, key, err)
	}
	if got := hexOf(out.CopyObjectResult); got != f.SHA256 {
		return cp, false, mismatchedCopy(bucket, key, aws.ToString(out.VersionId), got, f.SHA256)
	}
	cp.EgressVersionID = aws.ToString(out.VersionId)
	return cp, true, nil
}

// copySource is x-amz-copy-source: the bucket and URL-encoded key of one
// version.
func copySource(bucket, key, versionID string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return bucket + "/" + strings.Join(parts, "/") + "?versionId=" + url.QueryEscape(versionID)
}

// errMismatchedCopy marks the error of a copy whose SHA-256 is not the
// request's: running approve again does not help until the administrator
// role has deleted the copy.
var errMismatchedCopy = errors.New("the copy differs from the request")

// mismatchedCopy is the error for a copy whose SHA-256 is not the
// request's. The approver role cannot delete it: the egress bucket policy
// keeps every deletion to the administrator role, so that no release can
// be taken back unseen. The error names the version the administrator
// deletes.
func mismatchedCopy(bucket, key, versionID, got, want string) error {
	return fmt.Errorf("%w: the copy s3://%s/%s (version %s) has SHA-256 %q, the request %s: recipients can read it until it is deleted, "+
		"and the approver role may delete nothing in egress: as the administrator role (sce:adminRoleArn), delete version %s of s3://%s/%s now, then investigate",
		errMismatchedCopy, bucket, key, versionID, got, want, versionID, bucket, key)
}

// hexOf is the hex SHA-256 S3 computed for a copy ("" when none).
func hexOf(r *types.CopyObjectResult) string {
	if r == nil {
		return ""
	}
	return hexOfBase64(r.ChecksumSHA256)
}

// hexOfBase64 is a base64 checksum as S3 reports it, in hex ("" when none).
func hexOfBase64(sum *string) string {
	b, err := base64.StdEncoding.DecodeString(aws.ToString(sum))
	if err != nil || len(b) == 0 {
		return ""
	}
	return hex.EncodeToString(b)
}
