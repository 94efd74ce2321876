package s3test

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/johannesboyne/gofakes3"
)

// upload is a multipart upload in progress.
type upload struct {
	bucket, key string
	meta        map[string]string
	// algo and typ are the checksum the upload was created with ("" for
	// none: the object then gets S3's default full-object CRC64NVME).
	algo, typ string
	parts     map[int]*part
}

// part is one uploaded part: its content, ETag and binary checksum.
type part struct {
	body []byte
	etag string
	sum  []byte
}

// CreateMultipartUpload implements gofakes3.MultipartBackend, refusing a
// key over S3's 1,024 bytes and user metadata over its 2 KB as PutObject
// does: S3 refuses them when the upload is created, before any part is sent.
func (s *store) CreateMultipartUpload(bucketName, key string, meta map[string]string) (gofakes3.UploadID, error) {
	if len(key) > maxKeyBytes {
		return "", gofakes3.ResourceError(gofakes3.ErrKeyTooLong, key)
	}
	if _, err := keptMetadata(meta); err != nil {
		return "", err
	}
	algo := strings.ToLower(meta["X-Amz-Checksum-Algorithm"])
	if algo != "" && algorithms[algo] == nil {
		return "", gofakes3.ErrorInvalidArgument("x-amz-checksum-algorithm", algo, "Checksum algorithm provided is unsupported.")
	}
	typ := meta["X-Amz-Checksum-Type"]
	if typ == "" {
		typ = composite
	}
	if algo != "" && typ == fullObject && !strings.HasPrefix(algo, "crc") {
		return "", gofakes3.ErrorInvalidArgument("x-amz-checksum-type", typ, "The FULL_OBJECT checksum type is only supported for CRC algorithms.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.bucket(bucketName); err != nil {
		return "", err
	}
	id := gofakes3.UploadID(s.nextID("u"))
	s.uploads[id] = &upload{bucket: bucketName, key: key, meta: meta, algo: algo, typ: typ, parts: map[int]*part{}}
	return id, nil
}

// upload finds an upload of a key; the caller holds s.mu.
func (s *store) upload(bucketName, key string, id gofakes3.UploadID) (*upload, error) {
	u := s.uploads[id]
	if u == nil || u.bucket != bucketName || u.key != key {
		return nil, gofakes3.ErrNoSuchUpload
	}
	return u, nil
}

// uploadAlgorithm is the checksum algorithm an upload was created with.
func (s *store) uploadAlgorithm(id gofakes3.UploadID) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.uploads[id]; u != nil {
		return u.algo
	}
	return ""
}

// UploadPart implements gofakes3.MultipartBackend.
func (s *store) UploadPart(bucketName, key string, id gofakes3.UploadID, number int, size int64, input io.Reader) (string, error) {
	body, err := gofakes3.ReadAll(input, size)
	if err != nil {
		return "", err
	}
	digest := md5.Sum(body)
	p := &part{body: body, etag: `"` + hex.EncodeToString(digest[:]) + `"`}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.upload(bucketName, key, id)
	if err != nil {
		return "", err
	}
	if u.algo != "" {
		h := algorithms[u.algo]()
		h.Write(body)
		p.sum = h.Sum(nil)
	}
	u.parts[number] = p
	return p.etag, nil
}

// CompleteMultipartUpload implements gofakes3.MultipartBackend: the listed
// parts, in ascending order and with their ETags, become one object whose
// ETag is the MD5 of the parts' MD5s and whose checksum is composite (or
// full-object when the upload asked for it).
func (s *store) CompleteMultipartUpload(bucketName, key string, id gofakes3.UploadID, in *gofakes3.CompleteMultipartUploadRequest) (gofakes3.VersionID, string, error) {
	s.mu.Lock()
	u, err := s.upload(bucketName, key, id)
	if err != nil {
		s.mu.Unlock()
		return "", "", err
	}
	parts, err := u.listed(in)
	if err == nil {
		delete(s.uploads, id)
	}
	s.mu.Unlock()
	if err != nil {
		return "", "", err
	}
	v, err := u.assemble(parts)
	if err != nil {
		return "", "", err
	}
	res, err := s.put(bucketName, v, nil)
	return res.VersionID, v.etag, err
}

// listed are the parts a completion names, checked against those uploaded.
func (u *upload) listed(in *gofakes3.CompleteMultipartUploadRequest) ([]*part, error) {
	if len(in.Parts) == 0 {
		return nil, gofakes3.ErrorMessage(gofakes3.ErrMalformedXML, "The XML you provided did not list any part")
	}
	var parts []*part
	for i, cp := range in.Parts {
		if i > 0 && cp.PartNumber <= in.Parts[i-1].PartNumber {
			return nil, gofakes3.ErrInvalidPartOrder
		}
		p := u.parts[cp.PartNumber]
		if p == nil || strings.Trim(cp.ETag, `"`) != strings.Trim(p.etag, `"`) {
			return nil, gofakes3.ErrInvalidPart
		}
		parts = append(parts, p)
	}
	return parts, nil
}

// assemble joins the parts into the new object version.
func (u *upload) assemble(parts []*part) (*version, error) {
	var body, md5s []byte
	var sums [][]byte
	for _, p := range parts {
		body = append(body, p.body...)
		raw, _ := hex.DecodeString(strings.Trim(p.etag, `"`))
		md5s = append(md5s, raw...)
		sums = append(sums, p.sum)
	}
	var sum checksum
	switch {
	case u.algo == "":
		sum = checksum{algo: "crc64nvme", value: sumOf("crc64nvme", body), typ: fullObject}
	case u.typ == fullObject:
		sum = checksum{algo: u.algo, value: sumOf(u.algo, body), typ: fullObject}
	default:
		sum = checksum{algo: u.algo, value: compositeChecksum(u.algo, sums), typ: composite}
	}
	v, err := newVersion(u.key, body, u.meta, sum)
	if err != nil {
		return nil, err
	}
	digest := md5.Sum(md5s)
	v.etag = fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(digest[:]), len(parts))
	return v, nil
}

// AbortMultipartUpload implements gofakes3.MultipartBackend.
func (s *store) AbortMultipartUpload(bucketName, key string, id gofakes3.UploadID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.upload(bucketName, key, id); err != nil {
		return err
	}
	delete(s.uploads, id)
	return nil
}

// ListMultipartUploads implements gofakes3.MultipartBackend; the server
// does not list uploads (nothing here needs it) and says so.
func (s *store) ListMultipartUploads(string, *gofakes3.UploadListMarker, gofakes3.Prefix, int64) (*gofakes3.ListMultipartUploadsResult, error) {
	return nil, gofakes3.ErrorMessage(gofakes3.ErrNotImplemented, "s3test does not list multipart uploads")
}

// ListParts implements gofakes3.MultipartBackend; the server does not list
// parts (nothing here needs it) and says so.
func (s *store) ListParts(string, string, gofakes3.UploadID, int, int64) (*gofakes3.ListMultipartUploadPartsResult, error) {
	return nil, gofakes3.ErrorMessage(gofakes3.ErrNotImplemented, "s3test does not list the parts of an upload")
}

// multipartETag is the ETag of content uploaded in parts equal parts: the
// MD5 of the parts' MD5s, then -<parts>.
func multipartETag(body []byte, parts int) string {
	size := (len(body) + parts - 1) / parts
	var md5s []byte
	for i := 0; i < len(body); i += size {
		d := md5.Sum(body[i:min(i+size, len(body))])
		md5s = append(md5s, d[:]...)
	}
	d := md5.Sum(md5s)
	return fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(d[:]), parts)
}
