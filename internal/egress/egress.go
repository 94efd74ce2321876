// Package egress is the airlock results leave a project by. A requester
// (a researcher on a worker, or IT) names a prefix of the output bucket;
// the request manifest pins every object under it by version ID, size and
// SHA-256 and records who asked and why. A reviewer, never the requester's
// own principal, approves or rejects it: approval re-checks every file,
// records the decision once, under Object Lock, in the logs bucket, and
// copies exactly the listed versions into the project's egress bucket, the
// only place recipients read from. An approval that is interrupted resumes
// where it stopped without copying anything twice.
//
// Where things are kept:
//
//	output bucket  .sce-egress/requests/<id>.json  the request manifest (written once)
//	logs bucket    egress/decisions/<id>.json      the decision (written once, Object Lock)
//	logs bucket    egress/receipts/<id>.json       what was copied (written once, Object Lock)
//	egress bucket  <id>/<key>                      the released copy of each listed version
package egress

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Format is the version of the JSON documents the package writes.
const Format = 1

// S3API is the part of the S3 client the airlock uses.
type S3API interface {
	ListObjectVersions(ctx context.Context, in *s3.ListObjectVersionsInput, opts ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	CopyObject(ctx context.Context, in *s3.CopyObjectInput, opts ...func(*s3.Options)) (*s3.CopyObjectOutput, error)
}

// Env is what the airlock works with.
type Env struct {
	// S3 reaches the project's buckets.
	S3 S3API
	// Caller returns the ARN of the identity the commands run as (STS
	// GetCallerIdentity): the requester, or the reviewer.
	Caller func(context.Context) (string, error)
	// Now is the clock.
	Now func() time.Time
	// Project names the project and its buckets.
	Project Project
}

// caller asks for the caller's identity, with context on failure.
func (e Env) caller(ctx context.Context) (string, error) {
	id, err := e.Caller(ctx)
	if err != nil {
		return "", wrap("who is calling", err)
	}
	if id == "" {
		return "", wrap("who is calling", errEmptyIdentity)
	}
	return id, nil
}

func (e Env) now() time.Time { return e.Now().UTC() }
