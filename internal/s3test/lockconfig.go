package s3test

import (
	"encoding/xml"
	"net/http"
	"time"

	"github.com/johannesboyne/gofakes3"
)

// defaultRetention is a bucket's default Object Lock retention rule: a
// mode and a period of either days or years.
type defaultRetention struct {
	Mode  string `xml:"Mode"`
	Days  int    `xml:"Days,omitempty"`
	Years int    `xml:"Years,omitempty"`
}

// lockConfiguration is the ObjectLockConfiguration document of
// PutObjectLockConfiguration and GetObjectLockConfiguration.
type lockConfiguration struct {
	XMLName xml.Name  `xml:"ObjectLockConfiguration"`
	Xmlns   string    `xml:"xmlns,attr,omitempty"`
	Enabled string    `xml:"ObjectLockEnabled,omitempty"`
	Rule    *lockRule `xml:"Rule,omitempty"`
}

// lockRule is the Rule of an ObjectLockConfiguration.
type lockRule struct {
	DefaultRetention *defaultRetention `xml:"DefaultRetention"`
}

// from is the retention the rule gives a version written at t.
func (d defaultRetention) from(t time.Time) retention {
	return retention{mode: d.Mode, until: t.AddDate(d.Years, 0, d.Days).UTC()}
}

// isLockConfiguration reports a PutObjectLockConfiguration.
func isLockConfiguration(r *http.Request, req Request) bool {
	return r.Method == http.MethodPut && req.Bucket != "" && req.Key == "" && r.URL.Query().Has("object-lock")
}

// isLockConfigurationRead reports a GetObjectLockConfiguration.
func isLockConfigurationRead(r *http.Request, req Request) bool {
	return r.Method == http.MethodGet && req.Bucket != "" && req.Key == "" && r.URL.Query().Has("object-lock")
}

// malformedXML answers S3's MalformedXML error.
func malformedXML(w http.ResponseWriter, r *http.Request) {
	fail(w, r, http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
}

// ruleOf checks a configuration's default retention rule as S3 does: a
// known mode and a positive period of days or of years, not both. It
// returns nil for a configuration without a rule.
func ruleOf(cfg lockConfiguration) (*defaultRetention, bool) {
	if cfg.Rule == nil || cfg.Rule.DefaultRetention == nil {
		return nil, cfg.Rule == nil
	}
	d := cfg.Rule.DefaultRetention
	modeOK := d.Mode == governance || d.Mode == compliance
	periodOK := (d.Days > 0) != (d.Years > 0) && d.Days >= 0 && d.Years >= 0
	return d, modeOK && periodOK
}

// putLockConfiguration answers a PutObjectLockConfiguration: with
// ObjectLockEnabled, it enables Object Lock on a bucket whose versioning is
// enabled, as S3 allows on an existing bucket, and keeps the default
// retention rule it carries (replacing the one before; none removes it),
// which GetObjectLockConfiguration returns and every later write that sets
// no retention of its own gets.
func (s *Server) putLockConfiguration(w http.ResponseWriter, r *http.Request, req Request) {
	var cfg lockConfiguration
	if err := xml.NewDecoder(r.Body).Decode(&cfg); err != nil || cfg.Enabled != "Enabled" {
		malformedXML(w, r)
		return
	}
	rule, ok := ruleOf(cfg)
	if !ok {
		malformedXML(w, r)
		return
	}
	s.store.mu.Lock()
	b, err := s.store.bucket(req.Bucket)
	versioned := err == nil && b.versioning == gofakes3.VersioningEnabled
	if versioned {
		b.objectLock, b.lockRule = true, rule
	}
	s.store.mu.Unlock()
	switch {
	case err != nil:
		failWithError(w, r, err)
	case !versioned:
		fail(w, r, http.StatusConflict, "InvalidBucketState", "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration")
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// getLockConfiguration answers a GetObjectLockConfiguration: the bucket's
// Object Lock and default retention rule, or, for a bucket without Object
// Lock, S3's ObjectLockConfigurationNotFoundError.
func (s *Server) getLockConfiguration(w http.ResponseWriter, r *http.Request, req Request) {
	s.store.mu.Lock()
	b, err := s.store.bucket(req.Bucket)
	var cfg lockConfiguration
	locked := err == nil && b.objectLock
	if locked {
		cfg = lockConfiguration{Xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", Enabled: "Enabled"}
		if b.lockRule != nil {
			rule := *b.lockRule
			cfg.Rule = &lockRule{DefaultRetention: &rule}
		}
	}
	s.store.mu.Unlock()
	switch {
	case err != nil:
		failWithError(w, r, err)
	case !locked:
		fail(w, r, http.StatusNotFound, "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")
	default:
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write([]byte(xml.Header))
		_ = xml.NewEncoder(w).Encode(cfg)
	}
}
