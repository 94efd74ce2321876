package sce

import (
	"fmt"
	"net/netip"
	"strings"
)

// The prefixes and suffixes S3 reserves: a general purpose bucket's name
// may not start or end with one (Amazon S3 User Guide, "General purpose
// bucket naming rules").
var (
	reservedBucketPrefixes = []string{"xn--", "sthree-", "amzn-s3-demo-"}
	reservedBucketSuffixes = []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}
)

// CheckBucketName returns an error saying which of S3's naming rules for a
// general purpose bucket name breaks, or nil: 3 to 63 characters of
// lowercase letters, digits, dots and hyphens, starting and ending with a
// letter or digit, no two dots together, not an IP address, and none of
// the prefixes and suffixes S3 reserves.
func CheckBucketName(name string) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%q is not an S3 bucket name: %s", name, fmt.Sprintf(format, a...))
	}
	if len(name) < 3 || len(name) > maxBucketName {
		return bad("it has %d characters, S3 takes 3 to %d", len(name), maxBucketName)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return bad("%q is not allowed: use lowercase letters, digits, dots and hyphens", r)
		}
	}
	first, last := name[0], name[len(name)-1]
	switch {
	case first == '.' || first == '-' || last == '.' || last == '-':
		return bad("it must start and end with a letter or digit")
	case strings.Contains(name, ".."):
		return bad("it must not have two dots together")
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return bad("it must not be an IP address")
	}
	for _, p := range reservedBucketPrefixes {
		if strings.HasPrefix(name, p) {
			return bad("S3 reserves the prefix %q", p)
		}
	}
	for _, s := range reservedBucketSuffixes {
		if strings.HasSuffix(name, s) {
			return bad("S3 reserves the suffix %q", s)
		}
	}
	return nil
}
