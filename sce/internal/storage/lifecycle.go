package storage

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AbortMultipartDays is when unfinished multipart uploads are removed.
const AbortMultipartDays = 7

// NoncurrentVersionsRule expires noncurrent versions after days and
// removes unfinished multipart uploads.
func NoncurrentVersionsRule(days int) *s3.BucketLifecycleConfigurationV2RuleArgs {
	return &s3.BucketLifecycleConfigurationV2RuleArgs{
		Id:     pulumi.String("noncurrent-versions"),
		Status: pulumi.String("Enabled"),
		Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
		NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
			NoncurrentDays: pulumi.Int(days),
		},
		AbortIncompleteMultipartUpload: abortMultipart(),
	}
}

// abortMultipart removes unfinished multipart uploads after AbortMultipartDays.
func abortMultipart() *s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs {
	return &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
		DaysAfterInitiation: pulumi.Int(AbortMultipartDays),
	}
}
