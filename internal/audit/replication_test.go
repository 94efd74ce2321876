package audit

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// replicator is a session of project hipaa's replication role, as S3
// assumes it; notReplicator is a role whose name only starts like it.
const (
	replicator    = "arn:aws:sts::123456789012:assumed-role/hipaa-s3-replication/s3-replication"
	notReplicator = "arn:aws:sts::123456789012:assumed-role/hipaa-s3-replication-copy/eve"
	dataInReplica = dataIn + "-replica"
)

// replicationTrail writes the study's trail plus what S3 replication
// records: reading the uploaded version on data-in and writing it into
// the replica, as the replication role, one of them denied; and a read of
// the replica by a role that is not the replication role.
func replicationTrail(tr *trailtest.Trail) {
	studyTrail(tr)
	s3 := func(minute int, action, bucket, principal, errorCode string) map[string]any {
		return trailtest.S3Event{Time: at(minute), Action: action, Bucket: bucket, Key: "cohort/patients.csv", Principal: principal,
			SourceIP: "s3.amazonaws.com", InvokedBy: "s3.amazonaws.com", ErrorCode: errorCode}.Record()
	}
	tr.WriteLog(at(25), []map[string]any{
		s3(21, "GetObjectVersionForReplication", dataIn, replicator, ""),
		s3(22, "ReplicateObject", dataInReplica, replicator, ""),
		s3(23, "ReplicateObject", dataInReplica, replicator, "AccessDenied"),
		s3(24, "GetObject", dataInReplica, notReplicator, ""),
	})
}

// TestReplicationIsCountedApart: the replication role's events are not
// among the events and summaries of people's access, in any reading way;
// they are counted per principal, and a role named like it is not one.
func TestReplicationIsCountedApart(t *testing.T) {
	for way, opts := range readingWays {
		t.Run(way, func(t *testing.T) {
			dir := t.TempDir()
			replicationTrail(trailtest.NewTrail(t, dir, logsBkt))
			opts.Sources, opts.Filter = []string{dir}, Filter{PIT: "hipaa"}
			rep := run(t, opts)
			assert.Equal(t, []string{
				"2026-03-02T10:02:00Z " + bob + " PutObject " + dataIn + "/cohort/patients.csv 198.51.100.7 ok",
				"2026-03-02T10:11:00Z " + mallory + " GetObject " + dataIn + "/cohort/patients.csv 203.0.113.9 AccessDenied",
				"2026-03-02T10:12:00Z " + alice + " GetObject " + dataIn + "/cohort/patients.csv vpce-0abc (10.16.1.10) ok",
				"2026-03-02T10:24:00Z " + notReplicator + " GetObject " + dataInReplica + "/cohort/patients.csv s3.amazonaws.com ok",
				"2026-03-02T11:10:00Z " + alice + " PutObject " + output + "/results/model.rds vpce-0abc (10.16.1.10) ok",
			}, rows(t, rep))
			assert.Equal(t, []ReplicationSummary{{Principal: replicator, Events: 3, Denied: 1,
				Actions: map[string]int{"GetObjectVersionForReplication": 1, "ReplicateObject": 2},
				Buckets: []string{dataIn, dataInReplica}, First: at(21), Last: at(23)}}, rep.Replication)
			assert.Equal(t, 3, rep.ReplicationEvents())
			for _, p := range rep.Principals() {
				assert.NotEqual(t, replicator, p.Principal)
			}
		})
	}
}

// TestReplicationNeedsAPIT: without a PIT the report knows no replication
// role, and every event is listed as it is.
func TestReplicationNeedsAPIT(t *testing.T) {
	dir := t.TempDir()
	replicationTrail(trailtest.NewTrail(t, dir, logsBkt))
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{Buckets: []string{dataIn, dataInReplica}}})
	assert.Nil(t, rep.Replication)
	assert.Equal(t, 7, rep.Len(), "bob's, mallory's and alice's on data-in, eve's and the three of replication")
	var replication []PrincipalSummary
	for _, p := range rep.Principals() {
		if p.Principal == replicator {
			replication = append(replication, p)
		}
	}
	require.Len(t, replication, 1)
	assert.Equal(t, 3, replication[0].Events)
}

// TestReplicationInEveryFormat: table and markdown say how many events
// were replication, by which principal, in a section of their own; json
// carries the summaries; csv lists people's events only.
func TestReplicationInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	replicationTrail(trailtest.NewTrail(t, dir, logsBkt))
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	out := map[string]string{}
	for _, format := range Formats() {
		var buf bytes.Buffer
		require.NoError(t, rep.Write(&buf, format))
		out[format] = buf.String()
	}
	note := "3 more events are S3 replication between the buckets and their replicas (" + replicator +
		", the replication role hipaa-s3-replication only S3 may assume), counted apart: they are no one's access"
	assert.Contains(t, out["table"], "\nreplication: "+note+"\n")
	assert.Contains(t, out["table"], "\nS3 REPLICATION (not access by people): 3 events\n"+
		"PRINCIPAL                                                                   EVENTS  DENIED  FIRST                 LAST                  ACTIONS                                              BUCKETS\n"+
		replicator+"  3       1       2026-03-02T10:21:00Z  2026-03-02T10:23:00Z  GetObjectVersionForReplication 1, ReplicateObject 2  "+dataIn+" "+dataInReplica+"\n")
	assert.Contains(t, out["markdown"], "\n## S3 replication (3 events)\n\nS3 data events of the replication role hipaa-s3-replication, which only S3 may assume")
	assert.Contains(t, out["markdown"], "| "+md(replicator)+" | 3 | 1 | 2026-03-02T10:21:00Z | 2026-03-02T10:23:00Z | GetObjectVersionForReplication 1, ReplicateObject 2 | "+
		md(dataIn+", "+dataInReplica)+" |\n")
	assert.Contains(t, out["json"], `"replication":[{"principal":"`+replicator+`","events":3,"denied":1,`+
		`"actions":{"GetObjectVersionForReplication":1,"ReplicateObject":2},"buckets":["`+dataIn+`","`+dataInReplica+`"],`+
		`"first":"2026-03-02T10:21:00Z","last":"2026-03-02T10:23:00Z"}]`)
	assert.Equal(t, 1+5, strings.Count(out["csv"], "\n"), "the header and people's five events")
	assert.NotContains(t, out["csv"], replicator)
}

// TestReplicationIsOnlyTheRolesOwnWork: only what the replication role
// may do, by its session in the buckets' account, is counted apart. A
// session of a role of the same name in another account, even doing
// replication's actions, and the real role's session reading an object
// with GetObject are people's events: a probe of a PHI bucket is never
// hidden.
func TestReplicationIsOnlyTheRolesOwnWork(t *testing.T) {
	const foreign = "arn:aws:sts::999999999999:assumed-role/hipaa-s3-replication/s3-replication"
	for way, opts := range readingWays {
		t.Run(way, func(t *testing.T) {
			dir := t.TempDir()
			tr := trailtest.NewTrail(t, dir, logsBkt)
			s3 := func(minute int, action, bucket, principal, errorCode string) map[string]any {
				return trailtest.S3Event{Time: at(minute), Action: action, Bucket: bucket, Key: "cohort/patients.csv", Principal: principal,
					SourceIP: "198.51.100.9", ErrorCode: errorCode}.Record()
			}
			tr.WriteLog(at(10), []map[string]any{
				s3(1, "GetObject", dataIn, foreign, "AccessDenied"),
				s3(2, "GetObjectVersionForReplication", dataIn, foreign, "AccessDenied"),
				s3(3, "GetObject", dataIn, replicator, ""),
				s3(4, "ReplicateObject", dataInReplica, replicator, ""),
				s3(5, "GetObjectVersionForReplication", "hipaa-data-in-1234567890-us-west-2", replicator, ""),
			})
			opts.Sources, opts.Filter = []string{dir}, Filter{PIT: "hipaa", Buckets: []string{"hipaa-data-in-1234567890-us-west-2"}}
			rep := run(t, opts)
			assert.Equal(t, []string{
				"2026-03-02T10:01:00Z " + foreign + " GetObject " + dataIn + "/cohort/patients.csv 198.51.100.9 AccessDenied",
				"2026-03-02T10:02:00Z " + foreign + " GetObjectVersionForReplication " + dataIn + "/cohort/patients.csv 198.51.100.9 AccessDenied",
				"2026-03-02T10:03:00Z " + replicator + " GetObject " + dataIn + "/cohort/patients.csv 198.51.100.9 ok",
				"2026-03-02T10:05:00Z " + replicator + " GetObjectVersionForReplication hipaa-data-in-1234567890-us-west-2/cohort/patients.csv 198.51.100.9 ok",
			}, rows(t, rep))
			assert.Equal(t, []ReplicationSummary{{Principal: replicator, Events: 1, Actions: map[string]int{"ReplicateObject": 1},
				Buckets: []string{dataInReplica}, First: at(4), Last: at(4)}}, rep.Replication)
		})
	}
}

// TestSessionAccount: only an ARN of a session of the project's
// replication role has an account.
func TestSessionAccount(t *testing.T) {
	m := Filter{PIT: "hipaa"}.compile()
	for principal, want := range map[string]string{
		replicator: "123456789012",
		"arn:aws-us-gov:sts::210987654321:assumed-role/hipaa-s3-replication/s": "210987654321",
		notReplicator: "",
		"arn:aws:iam::123456789012:role/hipaa-s3-replication":                    "",
		"arn:aws:sts::123456789012:assumed-role/hipaa-s3-replication/":           "",
		"arn:aws:sts::12345:assumed-role/hipaa-s3-replication/s":                 "",
		"arn:aws:sts::123456789012:assumed-role/x/hipaa-s3-replication/s":        "",
		"arn:aws:sts::123456789012:assumed-role/other-hipaa-s3-replication/s":    "",
		"arn:aws:sts:us-west-2:123456789012:assumed-role/hipaa-s3-replication/s": "",
	} {
		got, ok := m.sessionAccount(principal)
		assert.Equal(t, want, got, principal)
		assert.Equal(t, want != "", ok, principal)
	}
}

// TestCutReplicationCellIsAnnounced: replication on the six buckets of a
// project with its egress bucket (data-in, output, egress and their
// replicas) makes a BUCKETS cell of 241 characters; the table cuts it to
// 200 and says so, though no cell of the other sections is cut.
func TestCutReplicationCellIsAnnounced(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	buckets := []string{dataIn, dataInReplica, egressBkt, egressBkt + "-replica", output, output + "-replica"}
	var records []map[string]any
	for i, b := range buckets {
		records = append(records, trailtest.S3Event{Time: at(i), Action: "ReplicateObject", Bucket: b, Key: "k", Principal: replicator,
			SourceIP: "s3.amazonaws.com"}.Record())
	}
	tr.WriteLog(at(10), records)
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa", Egress: true}})
	require.Len(t, rep.Replication, 1)
	require.Equal(t, buckets, rep.Replication[0].Buckets)
	all := strings.Join(buckets, " ")
	require.Len(t, all, 241)
	var table bytes.Buffer
	require.NoError(t, rep.Write(&table, "table"))
	assert.Contains(t, table.String(), "\n"+cutNote+"\n")
	assert.Contains(t, table.String(), "  ReplicateObject 6  "+all[:199]+"…\n")
}

// TestCutEgressCellIsAnnounced: the cells of the downloads section are
// made with the others, so a cut one is announced. (Each of them is also
// a cell of the table of events, so the note would be printed anyway
// today; this pins that the section's own cuts count.)
func TestCutEgressCellIsAnnounced(t *testing.T) {
	dir := t.TempDir()
	key := strings.Repeat("k", 200)
	trailtest.NewTrail(t, dir, logsBkt).WriteLog(at(10), []map[string]any{
		trailtest.S3Event{Time: at(1), Action: "GetObject", Bucket: egressBkt, Key: key, Principal: recipient, SourceIP: "203.0.113.50"}.Record(),
	})
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa", Egress: true}})
	var c cells
	rows, err := rep.egressRows(&c)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.True(t, c.cut)
	assert.Equal(t, (egressBkt + "/" + key)[:199]+"…", rows[0][2])
}

// TestNoReplicationIsSaidPlainly: with a PIT, replication is checked, and
// none is a count of 0 in every format; without one it is not checked,
// and no format says a word of it.
func TestNoReplicationIsSaidPlainly(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	note := "0 events are S3 replication between the buckets and their replicas (sessions of the replication role hipaa-s3-replication, " +
		"which only S3 may assume): none was recorded"
	checked := writeAll(t, run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}}))
	assert.Contains(t, checked["table"], "\nreplication: "+note+"\n")
	assert.Contains(t, checked["table"], "\nS3 REPLICATION (not access by people): 0 events\n\nEVENTS\n")
	assert.Contains(t, checked["markdown"], "\n- Replication: "+note+"\n")
	assert.Contains(t, checked["markdown"], "\n## S3 replication (0 events)\n\nS3 data events of the replication role hipaa-s3-replication")
	assert.NotContains(t, checked["markdown"], "| principal | events | denied | first | last | actions | buckets |")
	assert.Contains(t, checked["json"], `,"replication":[],`)

	unchecked := writeAll(t, run(t, Options{Sources: []string{dir}, Filter: Filter{Buckets: []string{dataIn}}}))
	assert.NotContains(t, unchecked["table"], "S3 REPLICATION")
	assert.NotContains(t, unchecked["table"], "replication:")
	assert.NotContains(t, unchecked["markdown"], "S3 replication")
	assert.NotContains(t, unchecked["markdown"], "Replication:")
	assert.NotContains(t, unchecked["json"], `"replication"`)
}

// TestOneReplicationEventIsSingular: "1 more event is", "1 event".
func TestOneReplicationEventIsSingular(t *testing.T) {
	dir := t.TempDir()
	trailtest.NewTrail(t, dir, logsBkt).WriteLog(at(10), []map[string]any{
		trailtest.S3Event{Time: at(1), Action: "ReplicateObject", Bucket: dataInReplica, Key: "k", Principal: replicator, SourceIP: "s3.amazonaws.com"}.Record(),
	})
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, "1 more event is S3 replication between the buckets and their replicas ("+replicator+
		", the replication role hipaa-s3-replication only S3 may assume), counted apart: it is no one's access", rep.ReplicationNote())
	out := writeAll(t, rep)
	assert.Contains(t, out["table"], "\nS3 REPLICATION (not access by people): 1 event\n")
	assert.Contains(t, out["markdown"], "\n## S3 replication (1 event)\n")
}

// writeAll writes a report in every format.
func writeAll(t *testing.T, rep *Report) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, format := range Formats() {
		var buf bytes.Buffer
		require.NoError(t, rep.Write(&buf, format))
		out[format] = buf.String()
	}
	return out
}

// TestNoReplicationAmongTheSelectedEvents: with a principal or key filter
// that replication's events do not match, the note does not claim that
// none was recorded, only that none was among the events selected.
func TestNoReplicationAmongTheSelectedEvents(t *testing.T) {
	dir := t.TempDir()
	trailtest.NewTrail(t, dir, logsBkt).WriteLog(at(10), []map[string]any{
		trailtest.S3Event{Time: at(1), Action: "GetObject", Bucket: dataIn, Key: "cohort/a.csv", Principal: alice}.Record(),
		trailtest.S3Event{Time: at(2), Action: "ReplicateObject", Bucket: dataInReplica, Key: "other/b.csv", Principal: replicator, SourceIP: "s3.amazonaws.com"}.Record(),
	})
	head := "0 events are S3 replication between the buckets and their replicas (sessions of the replication role hipaa-s3-replication, " +
		"which only S3 may assume): "
	for _, tt := range []struct {
		filter Filter
		want   string
	}{
		{Filter{PIT: "hipaa", Principal: "alice"}, `none among the events selected (principal containing "alice")`},
		{Filter{PIT: "hipaa", KeyPrefix: "cohort/"}, `none among the events selected (keys starting with "cohort/")`},
		{Filter{PIT: "hipaa", Principal: "alice", KeyPrefix: "cohort/"},
			`none among the events selected (principal containing "alice", keys starting with "cohort/")`},
	} {
		rep := run(t, Options{Sources: []string{dir}, Filter: tt.filter})
		assert.Equal(t, 1, rep.Len(), "alice's event")
		assert.Equal(t, head+tt.want, rep.ReplicationNote())
	}
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}})
	assert.Equal(t, 1, rep.ReplicationEvents(), "without the filters the replication is counted")
}
