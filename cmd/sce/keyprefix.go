package main

import (
	"fmt"
	"strings"
)

// checkKeyPrefix refuses a --prefix starting with "/", which no S3 key
// does, so it would match nothing (sce audit, sce egress request); the fix
// is the prefix without its slashes, or whenEmpty when nothing else is left.
func checkKeyPrefix(prefix, whenEmpty string) error {
	if !strings.HasPrefix(prefix, "/") {
		return nil
	}
	fix := whenEmpty
	if rest := strings.TrimLeft(prefix, "/"); rest != "" {
		fix = fmt.Sprintf("use --prefix %s", rest)
	}
	return usagef("--prefix %s: S3 keys do not start with \"/\": %s", prefix, fix)
}
