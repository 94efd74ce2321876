package audit

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/sce-dev/sce/sce"
)

// Filter selects the events of the report. The zero value selects every S3
// data event.
type Filter struct {
	// PIT selects the project's PHI buckets (sce.BucketRole.PHI): the
	// buckets named <pit>-<role>-<account>-<region>.
	PIT string `json:"pit,omitempty"`
	// Buckets selects buckets by exact name, in addition to PIT's.
	Buckets []string `json:"buckets,omitempty"`
	// Since and Until bound the event time (Since inclusive, Until
	// exclusive); zero means unbounded.
	Since time.Time `json:"since,omitzero"`
	Until time.Time `json:"until,omitzero"`
	// Principal keeps events whose principal contains it, ignoring case.
	Principal string `json:"principal,omitempty"`
	// KeyPrefix keeps events on objects whose key starts with it.
	KeyPrefix string `json:"keyPrefix,omitempty"`
	// Egress, with PIT, selects the project's egress bucket too (named
	// <pit>-egress-<account>-<region>), and the report lists its
	// downloads.
	Egress bool `json:"egress,omitempty"`
}

// Describe says in words what the filter selects.
func (f Filter) Describe() string {
	var parts []string
	switch {
	case f.PIT != "" && len(f.Buckets) > 0:
		parts = append(parts, f.describePIT()+", and "+strings.Join(f.Buckets, ", "))
	case f.PIT != "":
		parts = append(parts, f.describePIT())
	case len(f.Buckets) > 0:
		parts = append(parts, "buckets "+strings.Join(f.Buckets, ", "))
	default:
		parts = append(parts, "every bucket")
	}
	if !f.Since.IsZero() {
		parts = append(parts, "from "+f.Since.UTC().Format(time.RFC3339))
	}
	if !f.Until.IsZero() {
		parts = append(parts, "before "+f.Until.UTC().Format(time.RFC3339))
	}
	if f.Principal != "" {
		parts = append(parts, fmt.Sprintf("principals containing %q", f.Principal))
	}
	if f.KeyPrefix != "" {
		parts = append(parts, fmt.Sprintf("keys starting with %q", f.KeyPrefix))
	}
	return strings.Join(parts, "; ")
}

// describePIT names the buckets of the project in scope, as the patterns
// of their names: the PHI buckets, the egress bucket when it is asked
// for, and the replica of each (<bucket>-replica), which the patterns
// match too (see projectBucketPattern).
func (f Filter) describePIT() string {
	var names []string
	for _, role := range phiRoles() {
		names = append(names, f.PIT+"-"+role+"-<account>-<region>")
	}
	return "the PHI buckets of project " + f.PIT + " (" + strings.Join(names, ", ") + ")" + f.describeEgress() + ", each with its replica (<bucket>-replica)"
}

// phiRoles are the roles of the buckets that hold PHI.
func phiRoles() []string {
	var roles []string
	for _, r := range sce.BucketRoles() {
		if r.PHI() {
			roles = append(roles, string(r))
		}
	}
	return roles
}

// matcher is a compiled Filter.
type matcher struct {
	f         Filter
	phi       *regexp.Regexp
	egress    *regexp.Regexp
	principal string
	// names are what a record of plain ASCII without escapes must contain
	// to name a bucket in scope; nil when every bucket is.
	names [][]byte
	// replicationSession is what the ARN of a session of the project's
	// replication role contains (see replication); "" without a PIT.
	replicationSession string
	// replicationActions are the event names of what that role may do;
	replicationActions []string
	// projectBuckets matches the names of the project's buckets of every
	// role, their account its second group.
	projectBuckets *regexp.Regexp
	// allNames is set when buckets are named: every S3 data event is read
	// for its bucket, so that a bucket not found gets the closest name seen.
	allNames bool
}

func (f Filter) compile() *matcher {
	m := &matcher{f: f, principal: strings.ToLower(f.Principal), egress: f.egressPattern(), allNames: len(f.Buckets) > 0}
	if f.PIT != "" {
		m.names = append(m.names, []byte(f.PIT+"-"))
		m.replicationSession = replicationSession(f.PIT)
		m.replicationActions, m.projectBuckets = replicationActions(), projectBucketPattern(f.PIT, allRoles())
	}
	for _, b := range f.Buckets {
		m.names = append(m.names, []byte(b))
	}
	if f.PIT != "" {
		m.phi = projectBucketPattern(f.PIT, phiRoles())
	}
	return m
}

// projectBucketPattern matches the names sce gives the buckets of project
// pit with one of roles, and their replicas: <pit>-<role>-<account>-<region>,
// the account (a 12-digit ID) its second group.
func projectBucketPattern(pit string, roles []string) *regexp.Regexp {
	quoted := make([]string, len(roles))
	for i, r := range roles {
		quoted[i] = regexp.QuoteMeta(r)
	}
	return regexp.MustCompile(`^` + regexp.QuoteMeta(pit) + `-(` + strings.Join(quoted, "|") + `)-([0-9]{12})-[a-z0-9-]+$`)
}

// scope says whether events on bucket are in scope, and why.
func (m *matcher) scope(name string) scope {
	sc := scope{named: slices.Index(m.f.Buckets, name)}
	sc.pit = m.phi != nil && m.phi.MatchString(name) || m.egress != nil && m.egress.MatchString(name)
	sc.in = m.phi == nil && len(m.f.Buckets) == 0 || sc.pit || sc.named >= 0
	return sc
}

// mayName reports whether a record of plain ASCII without escapes can
// name a bucket in scope: the bucket's name would be in its bytes.
func (m *matcher) mayName(rec []byte) bool {
	if m.names == nil {
		return true
	}
	for _, n := range m.names {
		if bytes.Contains(rec, n) {
			return true
		}
	}
	return false
}

// scoped reports whether the filter names buckets (a PIT or buckets).
func (f Filter) scoped() bool { return f.PIT != "" || len(f.Buckets) > 0 }

// searched names the buckets the filter asks for: a project's PHI buckets
// as the pattern of their names, then the buckets given.
func (f Filter) searched() []string {
	var out []string
	if f.PIT != "" {
		var names []string
		for _, role := range phiRoles() {
			names = append(names, f.PIT+"-"+role+"-<account>-<region>")
		}
		out = append(out, orList(names)+" (the PHI buckets of project "+f.PIT+")")
	}
	return append(out, f.Buckets...)
}

// orList joins "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
