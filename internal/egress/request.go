package egress

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// maxCopyBytes is the largest object one CopyObject copies (5 GiB).
const maxCopyBytes = 5 << 30

// RequestOptions are what a requester says.
type RequestOptions struct {
	// Prefix selects the output bucket's objects to release.
	Prefix string
	// Reason says why they should leave.
	Reason string
}

// Request makes a request: it pins the current version of every object
// under the prefix, reads each to compute its SHA-256, and writes the
// manifest to the output bucket once. The request is not released until a
// reviewer approves it.
func Request(ctx context.Context, env Env, opts RequestOptions) (Manifest, error) {
	if err := checkRequest(opts); err != nil {
		return Manifest{}, err
	}
	requester, err := env.caller(ctx)
	if err != nil {
		return Manifest{}, err
	}
	now := env.now()
	id, err := newID(now)
	if err != nil {
		return Manifest{}, err
	}
	m := Manifest{Format: Format, ID: id, PIT: env.Project.PIT, Bucket: env.Project.Output, Prefix: opts.Prefix,
		Requester: requester, Reason: strings.TrimSpace(opts.Reason), RequestedAt: now}
	if m.Files, err = pin(ctx, env.S3, m.Bucket, opts.Prefix, id); err != nil {
		return Manifest{}, err
	}
	if _, err := putOnce(ctx, env.S3, m.Bucket, requestKey(id), m, nil, now); err != nil {
		return Manifest{}, wrap("write the request manifest", err)
	}
	return m, nil
}

// checkRequest refuses an empty prefix or reason, and the airlock's own
// prefix.
func checkRequest(opts RequestOptions) error {
	switch {
	case opts.Prefix == "":
		return invalid("--prefix is empty: name the results to release, for example results/table1/")
	case strings.HasPrefix(opts.Prefix, reservedPrefix) || strings.HasPrefix(reservedPrefix, opts.Prefix):
		return invalid("--prefix %q covers %s, the airlock's own records: name the results to release, for example results/table1/", opts.Prefix, reservedPrefix)
	case strings.TrimSpace(opts.Reason) == "":
		return invalid("--reason is empty: say why these results should leave the environment (the reviewer reads it)")
	}
	return nil
}

// newID names a request by its time and 32 random bits.
func newID(now time.Time) (string, error) {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", wrap("make a request ID", err)
	}
	return now.Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:]), nil
}

// pin lists the current versions under prefix and reads each one.
func pin(ctx context.Context, c S3API, bucket, prefix, id string) ([]File, error) {
	latest, err := currentVersions(ctx, c, bucket, prefix)
	if err != nil {
		return nil, err
	}
	if len(latest) == 0 {
		return nil, invalid("no object under s3://%s/%s: check --prefix (keys are case-sensitive)", bucket, prefix)
	}
	files := make([]File, 0, len(latest))
	for _, f := range latest {
		switch {
		case f.VersionID == "" || f.VersionID == "null":
			return nil, fmt.Errorf("s3://%s/%s has no version ID: the output bucket must be versioned for a request to pin its files", bucket, f.Key)
		case len(egressKey(id, f.Key)) > maxKeyBytes:
			return nil, fmt.Errorf("s3://%s/%s: the key is too long to be released under %s/ (S3 keys are at most %d bytes): shorten it", bucket, f.Key, id, maxKeyBytes)
		case f.Size > maxCopyBytes:
			return nil, fmt.Errorf("s3://%s/%s is %d bytes: the airlock copies files up to 5 GiB; split it", bucket, f.Key, f.Size)
		}
		got, err := readVersion(ctx, c, bucket, f.Key, f.VersionID)
		if err != nil {
			return nil, err
		}
		f.SHA256, f.ETag = got.sha256, got.etag
		if got.size != f.Size {
			return nil, fmt.Errorf("s3://%s/%s (version %s): listed as %d bytes, read %d: try again", bucket, f.Key, f.VersionID, f.Size, got.size)
		}
		files = append(files, f)
	}
	return files, nil
}

// currentVersions are the current object versions under prefix, in key
// order (a key whose current version is a delete marker has none).
func currentVersions(ctx context.Context, c S3API, bucket, prefix string) ([]File, error) {
	var out []File
	in := &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(prefix)}
	for {
		page, err := c.ListObjectVersions(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, v := range page.Versions {
			if aws.ToBool(v.IsLatest) {
				out = append(out, File{Key: aws.ToString(v.Key), VersionID: aws.ToString(v.VersionId), Size: aws.ToInt64(v.Size)})
			}
		}
		if !aws.ToBool(page.IsTruncated) {
			break
		}
		in.KeyMarker, in.VersionIdMarker = page.NextKeyMarker, page.NextVersionIdMarker
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}
