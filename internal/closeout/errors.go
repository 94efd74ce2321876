package closeout

import (
	"errors"
	"strings"

	"github.com/aws/smithy-go"
)

// isNotFound reports an S3 "no such key/bucket" error.
func isNotFound(err error) bool {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return false
	}
	switch api.ErrorCode() {
	case "NoSuchKey", "NotFound", "NoSuchBucket", "NoSuchVersion":
		return true
	}
	return false
}

// isNoSuchBucket reports an S3 "no such bucket" error.
func isNoSuchBucket(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == "NoSuchBucket"
}

// bucketNotEmpty reports a destroy that failed because a bucket still held
// objects: log files delivered after it was emptied.
func bucketNotEmpty(err error) bool {
	return err != nil && strings.Contains(err.Error(), "BucketNotEmpty")
}
