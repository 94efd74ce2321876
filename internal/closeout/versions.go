package closeout

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// version is one object version, or delete marker, in a bucket.
type version struct {
	key, versionID string
	size           int64
	latest, marker bool
	// class is the version's storage class.
	class string
}

// current reports whether the version is an object's current content.
func (v version) current() bool { return v.latest && !v.marker }

// listVersions pages through every version and delete marker of a bucket.
func listVersions(ctx context.Context, client S3API, bucket string, page func([]version) error) error {
	return listVersionsUnder(ctx, client, bucket, "", page)
}

// listVersionsUnder pages through every version and delete marker of the
// keys under a prefix.
func listVersionsUnder(ctx context.Context, client S3API, bucket, prefix string, page func([]version) error) error {
	p := s3.NewListObjectVersionsPaginator(client, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list versions of %s: %w", bucket, err)
		}
		vs := make([]version, 0, len(out.Versions)+len(out.DeleteMarkers))
		for _, v := range out.Versions {
			vs = append(vs, version{key: aws.ToString(v.Key), versionID: aws.ToString(v.VersionId), size: aws.ToInt64(v.Size),
				latest: aws.ToBool(v.IsLatest), class: string(v.StorageClass)})
		}
		for _, m := range out.DeleteMarkers {
			vs = append(vs, version{key: aws.ToString(m.Key), versionID: aws.ToString(m.VersionId), latest: aws.ToBool(m.IsLatest), marker: true})
		}
		if err := page(vs); err != nil {
			return err
		}
	}
	return nil
}

// BucketCounts describes a bucket's content.
type BucketCounts struct {
	// Objects and Bytes are the current versions.
	Objects int   `json:"objects"`
	Bytes   int64 `json:"bytes"`
	// Noncurrent counts older versions; DeleteMarkers the delete markers.
	Noncurrent    int `json:"noncurrentVersions"`
	DeleteMarkers int `json:"deleteMarkers"`
}

func (c *BucketCounts) count(v version) {
	switch {
	case v.marker:
		c.DeleteMarkers++
	case v.latest:
		c.Objects++
		c.Bytes += v.size
	default:
		c.Noncurrent++
	}
}
