package s3test

import (
	"cmp"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// copySourceHeader names the object a CopyObject copies.
const copySourceHeader = "X-Amz-Copy-Source"

// isCopy reports a CopyObject (an UploadPartCopy is left to gofakes3).
func isCopy(r *http.Request, req Request) bool {
	return r.Method == http.MethodPut && req.Key != "" && r.Header.Get(copySourceHeader) != "" && !r.URL.Query().Has("uploadId")
}

// isObjectWrite reports a PutObject.
func isObjectWrite(r *http.Request, req Request) bool {
	q := r.URL.Query()
	return r.Method == http.MethodPut && req.Key != "" && r.Header.Get(copySourceHeader) == "" &&
		!q.Has("uploadId") && !q.Has("partNumber") && !q.Has("tagging") && !q.Has("acl") && !q.Has("retention")
}

// copyResult is the body of a CopyObject response.
type copyResult struct {
	XMLName        xml.Name `xml:"CopyObjectResult"`
	ETag           string   `xml:"ETag"`
	LastModified   string   `xml:"LastModified"`
	ChecksumType   string   `xml:"ChecksumType,omitempty"`
	ChecksumCRC32  string   `xml:"ChecksumCRC32,omitempty"`
	ChecksumCRC32C string   `xml:"ChecksumCRC32C,omitempty"`
	ChecksumCRC64  string   `xml:"ChecksumCRC64NVME,omitempty"`
	ChecksumSHA1   string   `xml:"ChecksumSHA1,omitempty"`
	ChecksumSHA256 string   `xml:"ChecksumSHA256,omitempty"`
}

// serveCopy answers a CopyObject as S3 does: the source version named by
// ?versionId= in x-amz-copy-source (the current one without it; a delete
// marker is refused), x-amz-copy-source-if-match checked against the
// source's ETag, the source's metadata unless x-amz-metadata-directive is
// REPLACE, a checksum computed with x-amz-checksum-algorithm (else the
// source's algorithm, else CRC64NVME), the Object Lock headers, and the
// new version's ID and the source's in the response headers.
func (s *Server) serveCopy(w http.ResponseWriter, r *http.Request, req Request) {
	src, err := s.copySource(r)
	if err != nil {
		failWithError(w, r, err)
		return
	}
	if m := r.Header.Get("X-Amz-Copy-Source-If-Match"); m != "" && strings.Trim(m, `"`) != strings.Trim(src.etag, `"`) {
		failWithError(w, r, gofakes3.ErrorMessage(gofakes3.ErrPreconditionFailed, "At least one of the pre-conditions you specified did not hold"))
		return
	}
	if s.checkLock(w, r, req, true) {
		return
	}
	v, err := copiedVersion(r, req.Key, src)
	if err == nil {
		v.retention, err = retentionOf(r.Header, s.store.clock())
	}
	var res gofakes3.PutObjectResult
	if err == nil {
		res, err = s.store.put(req.Bucket, v, nil)
	}
	if err != nil {
		failWithError(w, r, err)
		return
	}
	if res.VersionID != "" {
		w.Header().Set("x-amz-version-id", string(res.VersionID))
	}
	if src.id != nullVersion {
		w.Header().Set("x-amz-copy-source-version-id", src.id)
	}
	out := copyResult{ETag: v.etag, LastModified: v.modified.UTC().Format(time.RFC3339Nano), ChecksumType: v.checksum.typ}
	out.setChecksum(v.checksum)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusOK)
	_ = xml.NewEncoder(w).Encode(out)
}

// copySource finds the version x-amz-copy-source names: /bucket/key, URL
// encoded, with an optional ?versionId=.
func (s *Server) copySource(r *http.Request) (*version, error) {
	raw := r.Header.Get(copySourceHeader)
	path, query, _ := strings.Cut(raw, "?")
	path, err := url.PathUnescape(strings.TrimPrefix(path, "/"))
	if err != nil {
		return nil, gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "Invalid copy source encoding")
	}
	bucket, key, ok := strings.Cut(path, "/")
	if !ok || key == "" {
		return nil, gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "Invalid copy source object key")
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "Invalid copy source version id")
	}
	id := q.Get("versionId")
	v, err := s.store.lookup(bucket, key, id)
	switch {
	case err != nil:
		return nil, err
	case v.marker && id != "":
		return nil, gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "The source of a copy request may not specifically refer to a delete marker by version id.")
	case v.marker:
		return nil, gofakes3.KeyNotFound(key)
	case coldClasses[v.class]:
		return nil, gofakes3.ErrorMessage("InvalidObjectState", "Operation is not valid for the source object's storage class")
	}
	return v, nil
}

// copiedVersion is the new version a copy writes: the source's content,
// its metadata or the request's (REPLACE), the server-side encryption the
// request asks for, and its checksum.
func copiedVersion(r *http.Request, key string, src *version) (*version, error) {
	meta := map[string]string{}
	if strings.EqualFold(r.Header.Get("X-Amz-Metadata-Directive"), "REPLACE") {
		for k, vs := range r.Header {
			meta[k] = vs[0]
		}
	} else {
		for k, val := range src.meta {
			meta[k] = val
		}
		for _, k := range keptHeaders {
			if val := r.Header.Get(k); val != "" && strings.HasPrefix(k, "X-Amz-Server-Side-Encryption") {
				meta[k] = val
			}
		}
	}
	if class := r.Header.Get("X-Amz-Storage-Class"); class != "" {
		meta["X-Amz-Storage-Class"] = class
	}
	algo := cmp.Or(strings.ToLower(r.Header.Get("X-Amz-Checksum-Algorithm")), src.checksum.algo, "crc64nvme")
	if algorithms[algo] == nil {
		return nil, gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "Invalid x-amz-checksum-algorithm: "+algo)
	}
	return newVersion(key, src.body, meta, checksum{algo: algo, value: sumOf(algo, src.body), typ: fullObject})
}

// setChecksum sets the element of the checksum's algorithm.
func (c *copyResult) setChecksum(sum checksum) {
	switch sum.algo {
	case "crc32":
		c.ChecksumCRC32 = sum.value
	case "crc32c":
		c.ChecksumCRC32C = sum.value
	case "crc64nvme":
		c.ChecksumCRC64 = sum.value
	case "sha1":
		c.ChecksumSHA1 = sum.value
	case "sha256":
		c.ChecksumSHA256 = sum.value
	}
}
