package closeout

import (
	"encoding/base64"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// maxUserMetadata is the most user-defined metadata sce puts on a copy.
// AWS limits an object's user-defined metadata to 2 KB, measured as the
// UTF-8 bytes of every name (without its x-amz-meta- prefix) and every
// value, added up
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html,
// "User-defined object metadata"). sce reads 2 KB as 2,000 bytes, the
// stricter of 2,000 and 2,048, so that no copy is refused under either
// reading: what does not fit is kept in the manifest, not lost.
const maxUserMetadata = 2000

// metaInManifest is set on a copy that does not carry all it would, when
// that would pass maxUserMetadata: its value names what the copy's
// manifest entry keeps instead, inManifestSource (the source's user
// metadata, in the entry's sourceMetadata) and inManifestKey (the source
// key of a hash-named copy, the entry's sourceKey, instead of
// metaSourceKey), separated by ", ".
const (
	metaInManifest   = "sce-in-manifest"
	inManifestSource = "source-metadata"
	inManifestKey    = "source-key"
	// sha256Room is what metaSHA256 takes on a single-part copy: it is set
	// once the content is read, after the metadata is placed.
	sha256Room = len(metaSHA256) + 64
)

// placement is where a copy's metadata goes.
type placement struct {
	// meta is the copy's user metadata (but metaSHA256, set later).
	meta map[string]string
	// sourceMetadata is the source's user metadata when the copy does not
	// carry it: its manifest entry's SourceMetadata.
	sourceMetadata map[string]string
}

// metadata places a copy's metadata: sce's own (PIT, role, source version,
// and the part size of a copy in parts of partSize, or room for its
// SHA-256 when partSize is 0), the source key of a hash-named copy, and
// the source's user metadata but for names in sce's own sce- namespace,
// which describe the copy and are sce's alone.
func (c *copier) metadata(role string, v version, source map[string]string, partSize int64) placement {
	own := map[string]string{metaPIT: c.layout.pit, metaRole: role, metaVersion: v.versionID}
	room := sha256Room
	if partSize > 0 {
		own[metaPartSize], room = strconv.FormatInt(partSize, 10), 0
	}
	var key map[string]string
	if c.layout.hashedKey(c.layout.archiveKey(role, v.key)) {
		key = map[string]string{metaSourceKey: base64.StdEncoding.EncodeToString([]byte(v.key))}
	}
	return place(own, key, userMetadata(source), maxUserMetadata-room)
}

// userMetadata is a source's user metadata without the names in sce's
// sce- namespace; nil when nothing is left.
func userMetadata(source map[string]string) map[string]string {
	meta := maps.Clone(source)
	maps.DeleteFunc(meta, func(k, _ string) bool { return strings.HasPrefix(strings.ToLower(k), metaNamespace) })
	if len(meta) == 0 {
		return nil
	}
	return meta
}

// place puts sce's own metadata (own) on a copy, with as much of the
// source key (key) and the source's metadata (source) as fits in limit:
// both, else the key alone (without it a hash-named copy says nothing of
// its source away from the manifest), else the source's metadata alone,
// else neither; what is left off is named by metaInManifest. own and
// metaInManifest always fit (TestSCEsOwnMetadataAlwaysFits).
func place(own, key, source map[string]string, limit int) placement {
	var p placement
	for _, keep := range [][2]bool{{true, true}, {true, false}, {false, true}, {false, false}} {
		p = placement{meta: maps.Clone(own)}
		var left []string
		if len(source) > 0 && !keep[1] {
			p.sourceMetadata, left = source, append(left, inManifestSource)
		} else {
			maps.Copy(p.meta, source)
		}
		if len(key) > 0 && !keep[0] {
			left = append(left, inManifestKey)
		} else {
			maps.Copy(p.meta, key)
		}
		if len(left) > 0 {
			p.meta[metaInManifest] = strings.Join(left, ", ")
		}
		if metadataSize(p.meta) <= limit {
			break
		}
	}
	return p
}

// metadataSize is user metadata's size as S3 measures it: the bytes of
// every name and value (Go strings hold UTF-8).
func metadataSize(meta map[string]string) int {
	n := 0
	for k, v := range meta {
		n += len(k) + len(v)
	}
	return n
}

// sourceMetadataInManifest reports whether a copy's metadata says its
// manifest entry keeps the source's metadata.
func sourceMetadataInManifest(meta map[string]string) bool {
	return slices.Contains(strings.Split(meta[metaInManifest], ", "), inManifestSource)
}
