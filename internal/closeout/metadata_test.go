package closeout

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// TestCopiesKeepTheSourcesMetadata: an archived copy keeps its source's
// user metadata, so that the signature of a CloudTrail digest file (in
// x-amz-meta-signature and x-amz-meta-signature-algorithm) can still be
// verified on the archive, single-part and multipart alike. sce's own
// metadata takes precedence, and a source's names in sce's sce-
// namespace are not carried over: they would describe another copy.
func TestCopiesKeepTheSourcesMetadata(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	const digest = "cloudtrail/AWSLogs/123456789012/CloudTrail-Digest/us-west-2/2027/06/30/" +
		"123456789012_CloudTrail-Digest_us-west-2_hipaa_us-west-2_20270630T000000Z.json.gz"
	signed := map[string]string{"signature": "3a4f0c", "signature-algorithm": "SHA256withRSA"}
	put := func(key, body string, meta map[string]string) {
		_, err := w.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucketOf(sce.BucketLogs)), Key: aws.String(key),
			Body: strings.NewReader(body), Metadata: meta})
		require.NoError(t, err)
		w.want[archiveKeyOf(sce.BucketLogs, key)] = body
	}
	put(digest, "digest", map[string]string{"signature": "3a4f0c", "signature-algorithm": "SHA256withRSA", "sce-part-size": "1", "sce-pit": "omop"})
	big := strings.Repeat("x", partSize+1)
	put("cloudtrail/big.json.gz", big, signed)

	_, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, w.want, w.archived())
	head := func(key string) map[string]string {
		h, err := w.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(archive), Key: aws.String(archiveKeyOf(sce.BucketLogs, key))})
		require.NoError(t, err)
		return h.Metadata
	}
	m := w.manifest()
	version := func(key string) string {
		for _, e := range m.Objects {
			if e.SourceKey == key {
				return e.SourceVersionID
			}
		}
		t.Fatalf("%s is not in the manifest", key)
		return ""
	}
	assert.Equal(t, map[string]string{"signature": "3a4f0c", "signature-algorithm": "SHA256withRSA", "sce-pit": pit, "sce-role": "logs",
		"sce-source-version-id": version(digest), "sce-sha256": sum("digest")}, head(digest))
	assert.Equal(t, map[string]string{"signature": "3a4f0c", "signature-algorithm": "SHA256withRSA", "sce-pit": pit, "sce-role": "logs",
		"sce-source-version-id": version("cloudtrail/big.json.gz"), "sce-part-size": "5242880"}, head("cloudtrail/big.json.gz"))
}
