package sce

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckBucketName(t *testing.T) {
	for _, ok := range []string{"abc", "sce-archive-123456789012-us-west-2", "my.bucket.v2", strings.Repeat("a", 63)} {
		assert.NoError(t, CheckBucketName(ok), ok)
	}
	cases := map[string]string{
		"BAD_bucket":            `"BAD_bucket" is not an S3 bucket name: 'B' is not allowed: use lowercase letters, digits, dots and hyphens`,
		"bad_bucket":            `"bad_bucket" is not an S3 bucket name: '_' is not allowed: use lowercase letters, digits, dots and hyphens`,
		"ab":                    `"ab" is not an S3 bucket name: it has 2 characters, S3 takes 3 to 63`,
		strings.Repeat("a", 64): `"` + strings.Repeat("a", 64) + `" is not an S3 bucket name: it has 64 characters, S3 takes 3 to 63`,
		"-archive":              `"-archive" is not an S3 bucket name: it must start and end with a letter or digit`,
		"archive.":              `"archive." is not an S3 bucket name: it must start and end with a letter or digit`,
		"my..bucket":            `"my..bucket" is not an S3 bucket name: it must not have two dots together`,
		"192.168.5.4":           `"192.168.5.4" is not an S3 bucket name: it must not be an IP address`,
		"xn--archive":           `"xn--archive" is not an S3 bucket name: S3 reserves the prefix "xn--"`,
		"archive-s3alias":       `"archive-s3alias" is not an S3 bucket name: S3 reserves the suffix "-s3alias"`,
	}
	for name, want := range cases {
		assert.EqualError(t, CheckBucketName(name), want, name)
	}
}
