package closeout

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/sce-dev/sce/sce"
)

// Where a project instance's close-out lives in the archive bucket:
//
//	objects/<pit>/<instance>/<role>/<source key>       the copies (Glacier after 90 days)
//	objects/<pit>/<instance>/long-keys/<role>/<sha256>  copies of keys too long for the above
//	closeout/<pit>/<instance>/MANIFEST.json            what was archived, with checksums
//	closeout/<pit>/<instance>/CLOSEOUT-REPORT.md, .json the report
//	closeout/<pit>/<instance>/CLOSEOUT-STATE.json      the close-out's checkpoint
//	closeout/<pit>/<instance>/CLOSEOUT.lock            held while a close-out runs
//
// The instance is the stack's creation time, so a PIT used again by a later
// project never shares a prefix with the earlier one's archive. Only the
// copies are under sce.ArchiveObjectsPrefix, the part of the bucket the
// baseline's lifecycle rule moves to Glacier: the documents stay readable.
const (
	documentsPrefix = "closeout/"
	longKeysDir     = "long-keys/"
	// maxKeyBytes is S3's longest object key.
	maxKeyBytes = 1024
	// stackType is the type of the Pulumi stack's root resource.
	stackType = "pulumi:pulumi:Stack"
	// instanceFormat is the stack creation time in an instance name.
	instanceFormat = "20060102T150405Z"
)

// layout names the archive keys of one project instance.
type layout struct{ pit, instance string }

// objects is the prefix of the instance's copies.
func (l layout) objects() string { return sce.ArchiveObjectsPrefix + l.pit + "/" + l.instance + "/" }

// documents is the prefix of the instance's manifest, reports, checkpoint
// and lock.
func (l layout) documents() string { return documentsPrefix + l.pit + "/" + l.instance + "/" }

func (l layout) manifest() string   { return l.documents() + "MANIFEST.json" }
func (l layout) report() string     { return l.documents() + "CLOSEOUT-REPORT" }
func (l layout) checkpoint() string { return l.documents() + "CLOSEOUT-STATE.json" }
func (l layout) lock() string       { return l.documents() + "CLOSEOUT.lock" }

// archiveKey is where a source object of a role is archived:
// objects/<pit>/<instance>/<role>/<key>, or, when that would pass S3's
// 1,024 bytes, objects/<pit>/<instance>/long-keys/<role>/<SHA-256 of the
// key> (the manifest and the copy's metadata keep the original key). The
// same key always maps to the same archive key.
func (l layout) archiveKey(role, key string) string {
	if k := l.objects() + role + "/" + key; len(k) <= maxKeyBytes {
		return k
	}
	sum := sha256.Sum256([]byte(key))
	return l.objects() + longKeysDir + role + "/" + hex.EncodeToString(sum[:])
}

// hashedKey reports whether an archive key is a hash-named copy.
func (l layout) hashedKey(key string) bool { return strings.HasPrefix(key, l.objects()+longKeysDir) }

// instanceOf names a project instance: the creation time of the stack's
// root resource, or, in a state that does not record it, the project KMS
// key's ID (unique to the instance too).
func instanceOf(res []Resource, kmsKeyArn string) string {
	for _, r := range res {
		if r.Type == stackType && !r.Created.IsZero() {
			return r.Created.UTC().Format(instanceFormat)
		}
	}
	return "key-" + kmsKeyArn[strings.LastIndex(kmsKeyArn, "/")+1:]
}

// parseCreated parses a state timestamp; zero when absent or malformed.
func parseCreated(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
