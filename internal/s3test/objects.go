package s3test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/johannesboyne/gofakes3"
)

// coldClasses are the storage classes whose objects must be restored
// before they can be read: GET answers 403 InvalidObjectState, HEAD works.
var coldClasses = map[string]bool{"GLACIER": true, "DEEP_ARCHIVE": true}

// subresources are the object query parameters whose requests the server
// leaves to gofakes3 (or refuses), not to serveObject.
var subresources = []string{"uploadId", "uploads", "tagging", "acl", "attributes", "retention", "legal-hold", "torrent", "restore"}

// isObjectRead reports a GET or HEAD of an object or one of its versions.
func isObjectRead(r *http.Request, req Request) bool {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || req.Bucket == "" || req.Key == "" {
		return false
	}
	q := r.URL.Query()
	for _, s := range subresources {
		if q.Has(s) {
			return false
		}
	}
	return true
}

// serveObject answers a GET or HEAD of an object as S3 does: the version
// asked for (the current one without versionId), its metadata, ETag,
// version ID and storage class, its checksum and checksum type only when
// the request sets x-amz-checksum-mode: ENABLED, and 403
// InvalidObjectState for a GET of an object in a cold storage class.
func (s *Server) serveObject(w http.ResponseWriter, r *http.Request, req Request) {
	q := r.URL.Query()
	id := q.Get("versionId")
	v, err := s.store.lookup(req.Bucket, req.Key, id)
	switch {
	case err != nil:
		failWithError(w, r, err)
		return
	case v.marker:
		w.Header().Set("x-amz-delete-marker", "true")
		w.Header().Set("x-amz-version-id", v.id)
		if id == "" {
			failWithError(w, r, gofakes3.KeyNotFound(req.Key))
		} else {
			fail(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
		}
		return
	case r.Method == http.MethodGet && coldClasses[v.class]:
		fail(w, r, http.StatusForbidden, "InvalidObjectState", "The operation is not valid for the object's storage class")
		return
	case r.Header.Get("Range") != "" || q.Has("partNumber"):
		fail(w, r, http.StatusNotImplemented, "NotImplemented", "s3test does not serve ranges or parts of an object")
		return
	}
	writeObjectHeaders(w.Header(), v, strings.EqualFold(r.Header.Get("x-amz-checksum-mode"), "ENABLED"))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(v.body)
	}
}

// writeObjectHeaders sets the response headers of a version.
func writeObjectHeaders(h http.Header, v *version, checksumMode bool) {
	for k, val := range v.meta {
		h.Set(k, val)
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "binary/octet-stream")
	}
	h.Set("ETag", v.etag)
	h.Set("Last-Modified", v.modified.UTC().Format(http.TimeFormat))
	h.Set("Content-Length", strconv.Itoa(len(v.body)))
	h.Set("Accept-Ranges", "bytes")
	if v.id != nullVersion {
		h.Set("x-amz-version-id", v.id)
	}
	if v.class != standardClass {
		h.Set("x-amz-storage-class", v.class)
	}
	writeRetention(h, v.retention)
	if checksumMode && v.checksum.algo != "" {
		h.Set(v.checksum.header(), v.checksum.value)
		h.Set("x-amz-checksum-type", v.checksum.typ)
	}
}

// checkUpload checks the checksum header of an object or part upload
// against its content, as S3 does on arrival, and answers BadDigest when
// they differ; it reports whether it answered. A part's checksum must use
// the upload's algorithm, and is echoed in the response as S3 does.
func (s *Server) checkUpload(w http.ResponseWriter, r *http.Request, req Request) bool {
	if r.Method != http.MethodPut || req.Key == "" || r.Header.Get("x-amz-copy-source") != "" {
		return false
	}
	algo, value, err := requestChecksum(r.Header)
	if err == nil && strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") {
		err = gofakes3.ErrorMessage(gofakes3.ErrNotImplemented, "s3test does not decode aws-chunked uploads")
	}
	uploadID := gofakes3.UploadID(r.URL.Query().Get("uploadId"))
	if want := s.store.uploadAlgorithm(uploadID); err == nil && uploadID != "" && want != "" && algo != want {
		err = gofakes3.ErrorInvalidArgument("x-amz-checksum-"+algo, value,
			"Checksum Type mismatch occurred, expected checksum Type: "+want+", actual checksum Type: "+algo)
	}
	if err == nil && algo != "" {
		err = s.verifyBody(r, algo, value)
	}
	if err != nil {
		failWithError(w, r, err)
		return true
	}
	if uploadID != "" && algo != "" {
		w.Header().Set(checksumHeader(algo), value)
	}
	return false
}

// verifyBody reads a request's content, checks its checksum, and puts the
// content back for the handler.
func (s *Server) verifyBody(r *http.Request, algo, value string) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return gofakes3.ErrIncompleteBody
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	return verify(algo, value, data)
}

// failWithError answers with a gofakes3 error's code, status and message.
func failWithError(w http.ResponseWriter, r *http.Request, err error) {
	code, message := gofakes3.ErrInternal, err.Error()
	var e gofakes3.Error
	if errors.As(err, &e) {
		code = e.ErrorCode()
		message = strings.TrimPrefix(strings.TrimPrefix(e.Error(), string(code)), ": ")
	}
	if message == "" {
		message = string(code)
	}
	fail(w, r, code.Status(), string(code), message)
}

// fail answers with an S3 error; a HEAD response has no body.
func fail(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	if r.Method == http.MethodHead {
		w.WriteHeader(status)
		return
	}
	FailWith(w, status, code, message)
}
