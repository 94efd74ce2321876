package audit

import (
	"bufio"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/sce"
)

// S3 replication copies every new object version of a project bucket into
// its same-region replica and back, as the project's replication role
// (sce.ReplicationRoleName), which only S3 may assume. CloudTrail records
// those copies as S3 data events of the role's session (reading a version
// on one bucket, writing it into the other): they are no one's access to
// PHI, so the report counts them apart, per principal, instead of among
// the people's events: only the role's own work, though (see
// matcher.replication); anything else its name appears in stays there.

// ReplicationSummary is what one session principal of the project's
// replication role did on the selected buckets.
type ReplicationSummary struct {
	// Principal is the role session's ARN.
	Principal string `json:"principal"`
	// Events counts the calls; Denied those that failed.
	Events int `json:"events"`
	Denied int `json:"denied"`
	// Actions counts the calls per S3 action.
	Actions map[string]int `json:"actions"`
	// Buckets are the buckets the calls were on, sorted.
	Buckets []string `json:"buckets"`
	// First and Last bound the activity.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// replicationTally counts replication events by principal, as a file is
// read and as the files are merged.
type replicationTally map[string]*replicationCount

// replicationCount is one principal's ReplicationSummary as it is
// counted: its actions and buckets are few, so they are lists (a map
// assignment would keep a key that is only a view of a read buffer).
type replicationCount struct {
	principal    string
	events       int
	denied       int
	actions      []string
	actionCounts []int
	buckets      []string
	first, last  time.Time
}

// add counts one event; its strings may be views of a read buffer, so
// what is kept is cloned.
func (t replicationTally) add(e *rawEvent) {
	c := t[e.principal]
	if c == nil {
		c = &replicationCount{principal: strings.Clone(e.principal), first: e.time, last: e.time}
		t[c.principal] = c
	}
	denied := 0
	if e.errorCode != "" {
		denied = 1
	}
	c.count(e.action, 1, denied, e.time, e.time)
	if !slices.Contains(c.buckets, e.bucket) {
		c.buckets = append(c.buckets, strings.Clone(e.bucket))
	}
}

// count adds n calls of action, denied of them failed, between first and
// last.
func (c *replicationCount) count(action string, n, denied int, first, last time.Time) {
	c.events += n
	c.denied += denied
	if i := slices.Index(c.actions, action); i >= 0 {
		c.actionCounts[i] += n
	} else {
		c.actions, c.actionCounts = append(c.actions, strings.Clone(action)), append(c.actionCounts, n)
	}
	c.first, c.last = minTime(c.first, first), maxTime(c.last, last)
}

// merge adds the counts of other.
func (t replicationTally) merge(other replicationTally) {
	for p, o := range other {
		c := t[p]
		if c == nil {
			t[p] = o
			continue
		}
		// Each call has one action: counting the actions counts the calls.
		for i, a := range o.actions {
			c.count(a, o.actionCounts[i], 0, o.first, o.last)
		}
		c.denied += o.denied
		for _, b := range o.buckets {
			if !slices.Contains(c.buckets, b) {
				c.buckets = append(c.buckets, b)
			}
		}
	}
}

// summaries are the tallies sorted by principal, each with its buckets
// sorted; nil when there are none.
func (t replicationTally) summaries() []ReplicationSummary {
	if len(t) == 0 {
		return nil
	}
	out := make([]ReplicationSummary, 0, len(t))
	for _, c := range t {
		actions := make(map[string]int, len(c.actions))
		for i, a := range c.actions {
			actions[a] = c.actionCounts[i]
		}
		buckets := slices.Clone(c.buckets)
		sort.Strings(buckets)
		out = append(out, ReplicationSummary{Principal: c.principal, Events: c.events, Denied: c.denied, Actions: actions,
			Buckets: buckets, First: c.first, Last: c.last})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Principal < out[j].Principal })
	return out
}

// ReplicationEvents counts the S3 data events of the project's
// replication role the filter selected, which the report counts apart.
func (r *Report) ReplicationEvents() int {
	n := 0
	for _, s := range r.Replication {
		n += s.Events
	}
	return n
}

// ReplicationNote says how many events were replication and by whom;
// "" when replication was not checked (no PIT), and says so when there
// was none.
func (r *Report) ReplicationNote() string {
	if r.Replication == nil {
		return ""
	}
	role := sce.ReplicationRoleName(r.Filter.PIT)
	n := r.ReplicationEvents()
	if n == 0 {
		if len(r.BucketsNotFound) > 0 {
			// No event of the buckets was read: there is nothing to say.
			return ""
		}
		return "0 events are S3 replication between the buckets and their replicas (sessions of the replication role " + role +
			", which only S3 may assume): " + r.Filter.noneSelected()
	}
	principals := make([]string, len(r.Replication))
	for i, s := range r.Replication {
		principals[i] = s.Principal
	}
	return fmt.Sprintf("%s %s S3 replication between the buckets and their replicas (%s, the replication role %s only S3 may assume), counted apart: %s no one's access",
		english.Plural(n, "more event"), english.IsAre(n), strings.Join(principals, ", "), role, english.Agree(n, "it is", "they are"))
}

// noneSelected says that no replication was found: among every event of
// the buckets, or only among those f's principal and key filters select,
// which the replication role's may not be.
func (f Filter) noneSelected() string {
	var by []string
	if f.Principal != "" {
		by = append(by, fmt.Sprintf("principal containing %q", f.Principal))
	}
	if f.KeyPrefix != "" {
		by = append(by, fmt.Sprintf("keys starting with %q", f.KeyPrefix))
	}
	if len(by) == 0 {
		return "none was recorded"
	}
	return "none among the events selected (" + strings.Join(by, ", ") + ")"
}

// replicationRows are the cells of the replication section of the table
// format, one row per principal.
func (r *Report) replicationRows(c *cells) [][]string {
	var rows [][]string
	for _, s := range r.Replication {
		rows = append(rows, []string{c.cell(s.Principal), strconv.Itoa(s.Events), strconv.Itoa(s.Denied), stamp(s.First), stamp(s.Last),
			c.cell(actionList(s.Actions)), c.cell(strings.Join(s.Buckets, " "))})
	}
	return rows
}

// writeReplicationTable writes the replication section of the table
// format, rows made by replicationRows, when it was checked (with a PIT):
// its count, 0 too.
func (r *Report) writeReplicationTable(bw *bufio.Writer, rows [][]string) error {
	if r.Replication == nil {
		return nil
	}
	n := r.ReplicationEvents()
	fmt.Fprintf(bw, "\nS3 REPLICATION (not access by people): %s\n", english.Plural(n, "event"))
	if n == 0 {
		return nil
	}
	return writeRows(bw, "PRINCIPAL\tEVENTS\tDENIED\tFIRST\tLAST\tACTIONS\tBUCKETS", rows)
}

// writeReplicationMarkdown writes the replication section of the markdown
// format, when it was checked (with a PIT): its count, 0 too.
func (r *Report) writeReplicationMarkdown(bw *bufio.Writer) {
	if r.Replication == nil {
		return
	}
	n := r.ReplicationEvents()
	fmt.Fprintf(bw, "\n## S3 replication (%s)\n\n", english.Plural(n, "event"))
	fmt.Fprintf(bw, "S3 data events of the replication role %s, which only S3 may assume: S3 copying each object version "+
		"between a bucket and its replica. They are no one's access to PHI and are not among the principals, objects and events of this report.\n",
		md(sce.ReplicationRoleName(r.Filter.PIT)))
	if n == 0 {
		return
	}
	bw.WriteString("\n| principal | events | denied | first | last | actions | buckets |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, s := range r.Replication {
		fmt.Fprintf(bw, "| %s | %d | %d | %s | %s | %s | %s |\n", md(s.Principal), s.Events, s.Denied, stamp(s.First), stamp(s.Last),
			actionList(s.Actions), md(strings.Join(s.Buckets, ", ")))
	}
}
