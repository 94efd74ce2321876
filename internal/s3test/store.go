package s3test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// S3's limits the store enforces.
const (
	// maxKeyBytes is S3's longest object key, in bytes of UTF-8.
	maxKeyBytes = 1024
	// maxUserMetadata is the most user-defined metadata an object can
	// carry. AWS puts it at 2 KB, measured as the UTF-8 bytes of every
	// name (without its x-amz-meta- prefix) and every value, added up
	// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html,
	// "User-defined object metadata"); 2 KB is read here as 2,048 bytes.
	maxUserMetadata = 2048
	// nullVersion is the version ID of an object written while versioning
	// was never enabled or is suspended.
	nullVersion = "null"
	// standardClass is the storage class of a new object.
	standardClass = "STANDARD"
)

// store is the server's memory: buckets, their object versions and the
// multipart uploads in progress. It implements gofakes3's Backend,
// VersionedBackend and MultipartBackend with S3's semantics where the
// bundled in-memory backend differs: versions newest first, the previous
// version becomes current when the current one is deleted by version ID,
// version listings page with key and version-ID markers, and each version
// keeps its checksum and storage class.
type store struct {
	mu      sync.Mutex
	now     func() time.Time
	buckets map[string]*bucket
	uploads map[gofakes3.UploadID]*upload
	// seq numbers versions and uploads, so IDs are unique and deterministic.
	seq int
}

// bucket is one bucket's state.
type bucket struct {
	created    time.Time
	versioning gofakes3.VersioningStatus
	// objectLock is set for a bucket created with Object Lock.
	objectLock bool
	// lockRule is the bucket's default Object Lock retention, if any.
	lockRule *defaultRetention
	// keys maps each key to its versions, newest first: [0] is current.
	keys map[string][]*version
}

// version is one object version or delete marker.
type version struct {
	key, id  string
	marker   bool
	body     []byte
	etag     string
	meta     map[string]string
	modified time.Time
	checksum checksum
	class    string
	// retention is the version's Object Lock retention, if any.
	retention retention
}

func newStore() *store {
	return &store{now: time.Now, buckets: map[string]*bucket{}, uploads: map[gofakes3.UploadID]*upload{}}
}

func (s *store) nextID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%016d", prefix, s.seq)
}

// bucket returns a bucket; the caller holds s.mu.
func (s *store) bucket(name string) (*bucket, error) {
	b := s.buckets[name]
	if b == nil {
		return nil, gofakes3.BucketNotFound(name)
	}
	return b, nil
}

// ListBuckets implements gofakes3.Backend.
func (s *store) ListBuckets() ([]gofakes3.BucketInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]gofakes3.BucketInfo, 0, len(s.buckets))
	for name, b := range s.buckets {
		out = append(out, gofakes3.BucketInfo{Name: name, CreationDate: gofakes3.NewContentTime(b.created)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// CreateBucket implements gofakes3.Backend.
func (s *store) CreateBucket(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.buckets[name] != nil {
		return gofakes3.ResourceError(gofakes3.ErrBucketAlreadyExists, name)
	}
	s.buckets[name] = &bucket{created: s.now(), keys: map[string][]*version{}}
	return nil
}

// BucketExists implements gofakes3.Backend.
func (s *store) BucketExists(name string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buckets[name] != nil, nil
}

// DeleteBucket implements gofakes3.Backend: only an empty bucket (no
// version, no delete marker) can be deleted.
func (s *store) DeleteBucket(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(name)
	if err != nil {
		return err
	}
	if len(b.keys) > 0 {
		return gofakes3.ResourceError(gofakes3.ErrBucketNotEmpty, name)
	}
	delete(s.buckets, name)
	return nil
}

// ForceDeleteBucket implements gofakes3.Backend.
func (s *store) ForceDeleteBucket(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.bucket(name); err != nil {
		return err
	}
	delete(s.buckets, name)
	return nil
}

// VersioningConfiguration implements gofakes3.VersionedBackend.
func (s *store) VersioningConfiguration(name string) (gofakes3.VersioningConfiguration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(name)
	if err != nil {
		return gofakes3.VersioningConfiguration{}, err
	}
	return gofakes3.VersioningConfiguration{Status: b.versioning}, nil
}

// SetVersioningConfiguration implements gofakes3.VersionedBackend.
func (s *store) SetVersioningConfiguration(name string, v gofakes3.VersioningConfiguration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(name)
	if err != nil {
		return err
	}
	b.versioning = v.Status
	return nil
}

// add makes v the current version of its key: a new version when
// versioning is enabled, else the null version, replacing the old one. The
// caller holds s.mu.
func (s *store) add(b *bucket, v *version) {
	if b.versioning == gofakes3.VersioningEnabled {
		v.id = s.nextID("v")
	} else {
		v.id = nullVersion
		b.keys[v.key] = removeVersion(b.keys[v.key], nullVersion)
	}
	b.keys[v.key] = append([]*version{v}, b.keys[v.key]...)
}

func removeVersion(vs []*version, id string) []*version {
	out := vs[:0:0]
	for _, v := range vs {
		if v.id != id {
			out = append(out, v)
		}
	}
	return out
}

// current is a key's current version, nil when it has none or the current
// one is a delete marker. The caller holds s.mu.
func (b *bucket) current(key string) *version {
	vs := b.keys[key]
	if len(vs) == 0 || vs[0].marker {
		return nil
	}
	return vs[0]
}

// find is a key's version by ID ("" for the current one, a delete marker
// included). The caller holds s.mu.
func (b *bucket) find(key, id string) (*version, error) {
	vs := b.keys[key]
	if id == "" {
		if len(vs) == 0 {
			return nil, gofakes3.KeyNotFound(key)
		}
		return vs[0], nil
	}
	for _, v := range vs {
		if v.id == id {
			return v, nil
		}
	}
	return nil, gofakes3.ErrorMessage(gofakes3.ErrNoSuchVersion, "The specified version does not exist.")
}

// lookup finds a version for a GET or HEAD (versionID "" is the current
// one) and returns a copy, safe to read once the lock is released.
func (s *store) lookup(bucketName, key, versionID string) (*version, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(bucketName)
	if err != nil {
		return nil, err
	}
	v, err := b.find(key, versionID)
	if err != nil {
		return nil, err
	}
	cp := *v
	return &cp, nil
}

// PutObject implements gofakes3.Backend: it honours If-None-Match: * and
// If-Match, keeps the Object Lock retention the request set, keeps the checksum the request carried (checked on arrival by
// the server) or computes S3's default CRC64NVME, and keeps the metadata S3
// keeps.
func (s *store) PutObject(bucketName, key string, meta map[string]string, input io.Reader, size int64, conditions *gofakes3.PutConditions) (gofakes3.PutObjectResult, error) {
	body, err := gofakes3.ReadAll(input, size)
	if err != nil {
		return gofakes3.PutObjectResult{}, err
	}
	sum, err := storedChecksum(http.Header(multi(meta)), body)
	if err != nil {
		return gofakes3.PutObjectResult{}, err
	}
	v, err := newVersion(key, body, meta, sum)
	if err != nil {
		return gofakes3.PutObjectResult{}, err
	}
	// The server checked the Object Lock headers before the write.
	v.retention, _ = retentionOf(http.Header(multi(meta)), s.clock())
	return s.put(bucketName, v, conditions)
}

// put stores a new version after checking the write conditions, with the
// bucket's default retention when the write set none.
func (s *store) put(bucketName string, v *version, conditions *gofakes3.PutConditions) (gofakes3.PutObjectResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(bucketName)
	if err != nil {
		return gofakes3.PutObjectResult{}, err
	}
	if err := b.check(v.key, conditions); err != nil {
		return gofakes3.PutObjectResult{}, err
	}
	v.modified = s.now()
	if v.retention.mode == "" && b.lockRule != nil {
		v.retention = b.lockRule.from(v.modified)
	}
	s.add(b, v)
	return gofakes3.PutObjectResult{VersionID: gofakes3.VersionID(visibleID(b, v.id))}, nil
}

// check applies If-None-Match: * (no current object: a delete marker does
// not count) and If-Match: <etag> to a write.
func (b *bucket) check(key string, c *gofakes3.PutConditions) error {
	if c == nil {
		return nil
	}
	cur := b.current(key)
	if c.IfNoneMatch != nil {
		if *c.IfNoneMatch != "*" {
			return gofakes3.ErrorMessage(gofakes3.ErrNotImplemented, "If-None-Match on a write only accepts *")
		}
		if cur != nil {
			return gofakes3.ErrorMessage(gofakes3.ErrPreconditionFailed, "At least one of the pre-conditions you specified did not hold")
		}
	}
	if c.IfMatch != nil && (cur == nil || strings.Trim(*c.IfMatch, `"`) != strings.Trim(cur.etag, `"`)) {
		return gofakes3.ErrorMessage(gofakes3.ErrPreconditionFailed, "At least one of the pre-conditions you specified did not hold")
	}
	return nil
}

// visibleID is a version's ID as S3 reports it: none in a bucket that never
// had versioning.
func visibleID(b *bucket, id string) string {
	if b.versioning == gofakes3.VersioningNone {
		return ""
	}
	return id
}

// newVersion builds an object version: its ETag (the MD5 of a single-part
// upload), the metadata S3 keeps, and its storage class.
func newVersion(key string, body []byte, meta map[string]string, sum checksum) (*version, error) {
	if len(key) > maxKeyBytes {
		return nil, gofakes3.ResourceError(gofakes3.ErrKeyTooLong, key)
	}
	kept, err := keptMetadata(meta)
	if err != nil {
		return nil, err
	}
	digest := md5.Sum(body)
	class := meta["X-Amz-Storage-Class"]
	if class == "" {
		class = standardClass
	}
	return &version{key: key, body: body, etag: `"` + hex.EncodeToString(digest[:]) + `"`, meta: kept, checksum: sum, class: class}, nil
}

// keptHeaders are the request headers S3 stores with an object, besides
// x-amz-meta-*.
var keptHeaders = []string{
	"Content-Type", "Content-Disposition", "Content-Encoding", "Content-Language", "Cache-Control",
	"X-Amz-Server-Side-Encryption", "X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id", "X-Amz-Server-Side-Encryption-Bucket-Key-Enabled",
}

// keptMetadata keeps the headers S3 stores, refusing user metadata over
// S3's 2 KB limit: the bytes (Go's len, the UTF-8 encoding) of each name
// after x-amz-meta- and of each value.
func keptMetadata(meta map[string]string) (map[string]string, error) {
	kept := map[string]string{}
	user := 0
	for k, v := range meta {
		if name, ok := strings.CutPrefix(k, "X-Amz-Meta-"); ok {
			kept[k] = v
			user += len(name) + len(v)
		}
	}
	if user > maxUserMetadata {
		return nil, gofakes3.ErrorMessage(gofakes3.ErrMetadataTooLarge, fmt.Sprintf("Your metadata headers exceed the maximum allowed metadata size (%d bytes, the limit is %d)", user, maxUserMetadata))
	}
	for _, k := range keptHeaders {
		if v, ok := meta[k]; ok {
			kept[k] = v
		}
	}
	return kept, nil
}

// multi turns single-valued metadata into header form.
func multi(meta map[string]string) map[string][]string {
	out := make(map[string][]string, len(meta))
	for k, v := range meta {
		out[k] = []string{v}
	}
	return out
}

// object converts a version for gofakes3 (used by its copy helper).
func (v *version) object(withBody bool) *gofakes3.Object {
	var body io.ReadCloser = io.NopCloser(bytes.NewReader(nil))
	if withBody {
		body = io.NopCloser(bytes.NewReader(v.body))
	}
	md5sum, _ := hex.DecodeString(strings.Trim(strings.SplitN(v.etag, "-", 2)[0], `"`))
	return &gofakes3.Object{Name: v.key, Metadata: v.meta, Size: int64(len(v.body)), Contents: body, Hash: md5sum,
		VersionID: gofakes3.VersionID(v.id), IsDeleteMarker: v.marker}
}

// GetObject implements gofakes3.Backend.
func (s *store) GetObject(bucketName, key string, _ *gofakes3.ObjectRangeRequest) (*gofakes3.Object, error) {
	return s.objectVersion(bucketName, key, "", true)
}

// HeadObject implements gofakes3.Backend.
func (s *store) HeadObject(bucketName, key string) (*gofakes3.Object, error) {
	return s.objectVersion(bucketName, key, "", false)
}

// GetObjectVersion implements gofakes3.VersionedBackend.
func (s *store) GetObjectVersion(bucketName, key string, id gofakes3.VersionID, _ *gofakes3.ObjectRangeRequest) (*gofakes3.Object, error) {
	return s.objectVersion(bucketName, key, string(id), true)
}

// HeadObjectVersion implements gofakes3.VersionedBackend.
func (s *store) HeadObjectVersion(bucketName, key string, id gofakes3.VersionID) (*gofakes3.Object, error) {
	return s.objectVersion(bucketName, key, string(id), false)
}

func (s *store) objectVersion(bucketName, key, id string, withBody bool) (*gofakes3.Object, error) {
	v, err := s.lookup(bucketName, key, id)
	if err != nil {
		return nil, err
	}
	if id == "" && v.marker {
		return nil, gofakes3.KeyNotFound(key)
	}
	return v.object(withBody), nil
}

// CopyObject implements gofakes3.Backend.
func (s *store) CopyObject(srcBucket, srcKey, dstBucket, dstKey string, meta map[string]string) (gofakes3.CopyObjectResult, error) {
	return gofakes3.CopyObject(s, srcBucket, srcKey, dstBucket, dstKey, meta)
}
