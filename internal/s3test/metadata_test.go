package s3test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUserMetadataIsLimitedTo2048BytesOfNamesAndValues: S3 measures
// user-defined metadata as the UTF-8 bytes of every name (without its
// x-amz-meta- prefix) and value, summed, and refuses more than 2 KB with
// MetadataTooLarge: on a PUT, and when a multipart upload is created, not
// only once its parts were sent.
func TestUserMetadataIsLimitedTo2048BytesOfNamesAndValues(t *testing.T) {
	s := Start(t)
	s.Bucket(t, bkt, true)
	c, ctx := s.Client(), context.Background()
	put := func(meta map[string]string) error {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bkt), Key: aws.String("m"), Body: strings.NewReader("x"), Metadata: meta})
		return err
	}
	create := func(meta map[string]string) error {
		_, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(bkt), Key: aws.String("m"), Metadata: meta})
		return err
	}
	for name, meta := range map[string]map[string]string{
		"one name and value of 2,048 bytes, the prefix not counted": {"k": strings.Repeat("v", 2047)},
		"two names and values summed":                               {"a": strings.Repeat("v", 1023), "b": strings.Repeat("v", 1023)},
		"1,023 two-byte characters and two bytes":                   {"k": strings.Repeat("é", 1023) + "v"},
	} {
		assert.NoError(t, put(meta), name)
		assert.NoError(t, create(meta), name)
	}
	for name, meta := range map[string]map[string]string{
		"one byte over":               {"k": strings.Repeat("v", 2048)},
		"two names and values summed": {"a": strings.Repeat("v", 1023), "b": strings.Repeat("v", 1024)},
		"1,024 two-byte characters":   {"k": strings.Repeat("é", 1024)},
	} {
		for op, call := range map[string]func(map[string]string) error{"PutObject": put, "CreateMultipartUpload": create} {
			err := call(meta)
			require.Error(t, err, "%s: %s", op, name)
			code, msg := apiError(t, err)
			assert.Equal(t, "MetadataTooLarge", code, "%s: %s", op, name)
			assert.Equal(t, "Your metadata headers exceed the maximum allowed metadata size (2049 bytes, the limit is 2048)", msg, "%s: %s", op, name)
		}
	}
}
