package s3test

import (
	"net/http"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// Object Lock request headers.
const (
	lockEnabledHeader = "X-Amz-Bucket-Object-Lock-Enabled"
	lockModeHeader    = "X-Amz-Object-Lock-Mode"
	lockUntilHeader   = "X-Amz-Object-Lock-Retain-Until-Date"
	bypassHeader      = "X-Amz-Bypass-Governance-Retention"
)

// Object Lock retention modes.
const (
	governance = "GOVERNANCE"
	compliance = "COMPLIANCE"
)

// retention is the Object Lock retention of one object version; the zero
// value is none.
type retention struct {
	// mode is GOVERNANCE or COMPLIANCE.
	mode string
	// until is when the retention ends.
	until time.Time
}

// protects reports whether the retention forbids deleting the version at
// now: COMPLIANCE always, GOVERNANCE unless bypassed.
func (r retention) protects(now time.Time, bypass bool) bool {
	if r.mode == "" || !now.Before(r.until) {
		return false
	}
	return r.mode == compliance || !bypass
}

// retentionOf reads the Object Lock headers of a write as S3 checks them:
// both or neither, a known mode, a date in the future.
func retentionOf(h http.Header, now time.Time) (retention, error) {
	mode, until := h.Get(lockModeHeader), h.Get(lockUntilHeader)
	if mode == "" && until == "" {
		return retention{}, nil
	}
	if mode == "" || until == "" {
		return retention{}, gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument,
			"x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied")
	}
	if mode != governance && mode != compliance {
		return retention{}, gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "Unknown wormMode directive.")
	}
	t, err := time.Parse(time.RFC3339, until)
	if err != nil {
		return retention{}, gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "The retain until date must be in ISO 8601 format")
	}
	if !t.After(now) {
		return retention{}, gofakes3.ErrorMessage(gofakes3.ErrInvalidArgument, "The retain until date must be in the future!")
	}
	return retention{mode: mode, until: t.UTC()}, nil
}

// checkLock checks the Object Lock headers of an object write (a put or a
// copy) and answers the error when they are wrong, as S3 does: only in a
// bucket created with Object Lock, and a put must carry Content-MD5 or a
// checksum header. It reports whether it answered.
func (s *Server) checkLock(w http.ResponseWriter, r *http.Request, req Request, copying bool) bool {
	ret, err := retentionOf(r.Header, s.store.clock())
	if err != nil {
		failWithError(w, r, err)
		return true
	}
	if ret.mode == "" {
		return false
	}
	if !s.store.lockable(req.Bucket) {
		fail(w, r, http.StatusBadRequest, "InvalidRequest", "Bucket is missing Object Lock Configuration")
		return true
	}
	if algo, _, _ := requestChecksum(r.Header); !copying && algo == "" && r.Header.Get("Content-MD5") == "" {
		fail(w, r, http.StatusBadRequest, "InvalidRequest",
			"Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters")
		return true
	}
	return false
}

// lockable reports whether a bucket was created with Object Lock.
func (s *store) lockable(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.buckets[name]
	return b != nil && b.objectLock
}

// enableLock marks a bucket as created with Object Lock, which turns
// versioning on for good, as S3 does.
func (s *store) enableLock(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.buckets[name]; b != nil {
		b.objectLock = true
		b.versioning = gofakes3.VersioningEnabled
	}
}

// isLockedBucketCreation reports a CreateBucket asking for Object Lock.
func isLockedBucketCreation(r *http.Request, req Request) bool {
	return r.Method == http.MethodPut && req.Bucket != "" && req.Key == "" && r.URL.RawQuery == "" &&
		strings.EqualFold(r.Header.Get(lockEnabledHeader), "true")
}

// refuseLockedDelete answers 403 AccessDenied to a DeleteObject of a
// version its retention protects (GOVERNANCE can be bypassed with
// x-amz-bypass-governance-retention: true) and reports whether it
// answered. Deleting without a version ID only adds a delete marker, which
// Object Lock allows. DeleteObjects is not checked.
func (s *Server) refuseLockedDelete(w http.ResponseWriter, r *http.Request, req Request) bool {
	id := r.URL.Query().Get("versionId")
	if r.Method != http.MethodDelete || req.Key == "" || id == "" {
		return false
	}
	v, err := s.store.lookup(req.Bucket, req.Key, id)
	if err != nil || !v.retention.protects(s.store.clock(), strings.EqualFold(r.Header.Get(bypassHeader), "true")) {
		return false
	}
	fail(w, r, http.StatusForbidden, "AccessDenied", "Access Denied because object protected by object lock.")
	return true
}

// writeRetention sets a version's Object Lock response headers.
func writeRetention(h http.Header, r retention) {
	if r.mode == "" {
		return
	}
	h.Set(lockModeHeader, r.mode)
	h.Set(lockUntilHeader, r.until.Format(time.RFC3339))
}

// clock reads the store's clock; the caller does not hold s.mu.
func (s *store) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}
