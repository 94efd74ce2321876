package s3test

import (
	"github.com/johannesboyne/gofakes3"
)

// DeleteObject implements gofakes3.Backend: in a versioned bucket it adds a
// delete marker; otherwise it removes the null version.
func (s *store) DeleteObject(bucketName, key string) (gofakes3.ObjectDeleteResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(bucketName)
	if err != nil {
		return gofakes3.ObjectDeleteResult{}, err
	}
	return s.remove(b, key), nil
}

// remove deletes a key without a version ID. The caller holds s.mu.
func (s *store) remove(b *bucket, key string) gofakes3.ObjectDeleteResult {
	if b.versioning == gofakes3.VersioningNone {
		b.dropVersion(key, nullVersion)
		return gofakes3.ObjectDeleteResult{}
	}
	if len(b.keys[key]) == 0 && b.versioning != gofakes3.VersioningEnabled {
		return gofakes3.ObjectDeleteResult{}
	}
	m := &version{key: key, marker: true, modified: s.now()}
	s.add(b, m)
	return gofakes3.ObjectDeleteResult{IsDeleteMarker: true, VersionID: gofakes3.VersionID(m.id)}
}

// dropVersion deletes one version of a key for good: when it was the
// current one, the next newest becomes current. The caller holds s.mu.
func (b *bucket) dropVersion(key, id string) gofakes3.ObjectDeleteResult {
	var res gofakes3.ObjectDeleteResult
	for _, v := range b.keys[key] {
		if v.id == id {
			res = gofakes3.ObjectDeleteResult{IsDeleteMarker: v.marker, VersionID: gofakes3.VersionID(id)}
		}
	}
	if rest := removeVersion(b.keys[key], id); len(rest) > 0 {
		b.keys[key] = rest
	} else {
		delete(b.keys, key)
	}
	return res
}

// DeleteObjectVersion implements gofakes3.VersionedBackend; a missing key
// or version is not an error, as with S3.
func (s *store) DeleteObjectVersion(bucketName, key string, id gofakes3.VersionID) (gofakes3.ObjectDeleteResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(bucketName)
	if err != nil {
		return gofakes3.ObjectDeleteResult{}, err
	}
	return b.dropVersion(key, string(id)), nil
}

// DeleteMulti implements gofakes3.Backend.
func (s *store) DeleteMulti(bucketName string, keys ...string) (gofakes3.MultiDeleteResult, error) {
	ids := make([]gofakes3.ObjectID, len(keys))
	for i, k := range keys {
		ids[i] = gofakes3.ObjectID{Key: k}
	}
	return s.DeleteMultiVersions(bucketName, ids...)
}

// maxDeleteObjects is the most keys one DeleteObjects request may name;
// S3 refuses more with MalformedXML.
const maxDeleteObjects = 1000

// DeleteMultiVersions implements gofakes3.VersionedBackend. Like S3 it
// refuses a request that names more than 1,000 keys.
func (s *store) DeleteMultiVersions(bucketName string, objects ...gofakes3.ObjectID) (gofakes3.MultiDeleteResult, error) {
	if len(objects) > maxDeleteObjects {
		return gofakes3.MultiDeleteResult{}, gofakes3.ErrorMessage(gofakes3.ErrMalformedXML,
			"The XML you provided was not well-formed or did not validate against our published schema")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bucket(bucketName)
	if err != nil {
		return gofakes3.MultiDeleteResult{}, err
	}
	var out gofakes3.MultiDeleteResult
	for _, o := range objects {
		if o.VersionID == "" {
			s.remove(b, o.Key)
		} else {
			b.dropVersion(o.Key, o.VersionID)
		}
		out.Deleted = append(out.Deleted, o)
	}
	return out, nil
}
