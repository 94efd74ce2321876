package sce

import (
	"github.com/sce-dev/sce/sce/internal/keys"
)

// The builder steps below convert the public BaselineArgs into the narrow
// arguments of the concern packages under sce/internal and keep their
// results for the steps that depend on them.

// buildKeys creates the baseline key and the archive key.
func (b *baselineBuilder) buildKeys() error {
	k, err := keys.Baseline(b.Scope, b.args.AdminRoleArn, string(BucketArchive))
	if err != nil {
		return err
	}
	b.key, b.archiveKey = k.Key, k.Archive
	return nil
}
