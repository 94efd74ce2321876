package s3test

import (
	"slices"
	"strings"

	"github.com/johannesboyne/gofakes3"
)

// defaultMaxKeys is how many entries a listing page holds unless asked.
const defaultMaxKeys = 1000

// sortedKeys are a bucket's keys in S3's order (UTF-8 bytes). The caller
// holds s.mu.
func (b *bucket) sortedKeys() []string {
	keys := make([]string, 0, len(b.keys))
	for k := range b.keys {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ListBucket implements gofakes3.Backend: the current objects (no delete
// markers) after the marker, grouped by delimiter, max-keys at a time.
func (s *store) ListBucket(name string, prefix *gofakes3.Prefix, page gofakes3.ListBucketPage) (*gofakes3.ObjectList, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(name)
	if err != nil {
		return nil, err
	}
	if prefix == nil {
		prefix = &gofakes3.Prefix{}
	}
	limit := page.MaxKeys
	if limit <= 0 {
		limit = defaultMaxKeys
	}
	out := gofakes3.NewObjectList()
	var n int64
	for _, key := range b.sortedKeys() {
		cur := b.current(key)
		common, ok := match(prefix, key)
		if cur == nil || (page.HasMarker && key <= page.Marker) || !ok {
			continue
		}
		if common != "" && (page.HasMarker && common <= page.Marker || hasPrefix(out.CommonPrefixes, common)) {
			continue
		}
		if n == limit {
			out.IsTruncated = true
			break
		}
		n++
		if common != "" {
			out.AddPrefix(common)
			out.NextMarker = common
			continue
		}
		out.Add(&gofakes3.Content{Key: key, LastModified: gofakes3.NewContentTime(cur.modified), ETag: cur.etag,
			Size: int64(len(cur.body)), StorageClass: gofakes3.StorageClass(cur.class)})
		out.NextMarker = key
	}
	if !out.IsTruncated {
		out.NextMarker = ""
	}
	return out, nil
}

// match applies a listing's prefix and delimiter to a key, as S3 does: the
// key must start with the prefix; with a delimiter after it, the key is
// rolled up into the common prefix ending at that delimiter.
func match(p *gofakes3.Prefix, key string) (common string, ok bool) {
	rest, ok := strings.CutPrefix(key, p.Prefix)
	if !ok {
		return "", false
	}
	if p.Delimiter == "" {
		return "", true
	}
	if i := strings.Index(rest, p.Delimiter); i >= 0 {
		return key[:len(p.Prefix)+i+len(p.Delimiter)], true
	}
	return "", true
}

func hasPrefix(ps []gofakes3.CommonPrefix, p string) bool {
	return slices.ContainsFunc(ps, func(c gofakes3.CommonPrefix) bool { return c.Prefix == p })
}

// ListBucketVersions implements gofakes3.VersionedBackend: keys in order,
// each key's versions and delete markers newest first, starting after the
// key marker (and, with a version-ID marker, after that version of the
// marker's key), max-keys at a time; a truncated page names the last key
// and version it returned as the next markers.
func (s *store) ListBucketVersions(name string, prefix *gofakes3.Prefix, page *gofakes3.ListBucketVersionsPage) (*gofakes3.ListBucketVersionsResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(name)
	if err != nil {
		return nil, err
	}
	if prefix == nil {
		prefix = &gofakes3.Prefix{}
	}
	if page == nil {
		page = &gofakes3.ListBucketVersionsPage{}
	}
	out := gofakes3.NewListBucketVersionsResult(name, prefix, page)
	l := versionLister{b: b, out: out, page: page, limit: page.MaxKeys}
	if l.limit <= 0 {
		l.limit = defaultMaxKeys
	}
	for _, key := range b.sortedKeys() {
		if !l.listKey(key, prefix) {
			break
		}
	}
	if !out.IsTruncated {
		out.NextKeyMarker, out.NextVersionIDMarker = "", ""
	}
	return out, nil
}

// versionLister fills one page of a version listing.
type versionLister struct {
	b     *bucket
	out   *gofakes3.ListBucketVersionsResult
	page  *gofakes3.ListBucketVersionsPage
	limit int64
	n     int64
}

// listKey adds a key's versions after the markers; false once the page is full.
func (l *versionLister) listKey(key string, prefix *gofakes3.Prefix) bool {
	common, ok := match(prefix, key)
	if !ok || (l.page.HasKeyMarker && key < l.page.KeyMarker) {
		return true
	}
	if common != "" {
		if hasPrefix(l.out.CommonPrefixes, common) || (l.page.HasKeyMarker && common <= l.page.KeyMarker) {
			return true
		}
		if !l.room() {
			return false
		}
		l.out.AddPrefix(common)
		l.out.NextKeyMarker, l.out.NextVersionIDMarker = common, ""
		return true
	}
	for _, v := range l.after(key) {
		if !l.room() {
			return false
		}
		l.out.Versions = append(l.out.Versions, l.item(v, v == l.b.keys[key][0]))
		l.out.NextKeyMarker, l.out.NextVersionIDMarker = key, gofakes3.VersionID(v.id)
	}
	return true
}

// room counts one more entry, or marks the page truncated when it is full.
func (l *versionLister) room() bool {
	if l.n == l.limit {
		l.out.IsTruncated = true
		return false
	}
	l.n++
	return true
}

// after are a key's versions the page may hold: all of them, none for the
// key marker itself, or those after the version-ID marker.
func (l *versionLister) after(key string) []*version {
	vs := l.b.keys[key]
	if !l.page.HasKeyMarker || key != l.page.KeyMarker {
		return vs
	}
	if !l.page.HasVersionIDMarker {
		return nil
	}
	for i, v := range vs {
		if v.id == string(l.page.VersionIDMarker) {
			return vs[i+1:]
		}
	}
	return nil
}

func (l *versionLister) item(v *version, latest bool) gofakes3.VersionItem {
	at := gofakes3.NewContentTime(v.modified)
	if v.marker {
		return &gofakes3.DeleteMarker{Key: v.key, VersionID: gofakes3.VersionID(v.id), IsLatest: latest, LastModified: at}
	}
	return &gofakes3.Version{Key: v.key, VersionID: gofakes3.VersionID(v.id), IsLatest: latest, LastModified: at,
		Size: int64(len(v.body)), StorageClass: gofakes3.StorageClass(v.class), ETag: v.etag}
}
