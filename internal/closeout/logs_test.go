package closeout

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
)

const (
	sshGroup = "/sce/hipaa/ssh"
	dnsGroup = "/sce/hipaa/dns-queries"
)

// sshExport is what the export of sshGroup holds, gunzipped.
const sshExport = `{"logStreamName":"i-0abc/auth","timestamp":1780000000000,"ingestionTime":1780000000007,"eventId":"1","message":"Accepted publickey for alice from 198.51.100.7"}
{"logStreamName":"i-0abc/audit","timestamp":1780000001000,"ingestionTime":1780000001007,"eventId":"2","message":"type=EXECVE argc=2 a0=\"cat\" a1=\"/data/cohort.csv\""}
{"logStreamName":"i-0abc/auth","timestamp":1780000002000,"ingestionTime":1780000002007,"eventId":"3","message":"session closed for user alice"}
{"logStreamName":"i-0def/audit","timestamp":1780000003000,"ingestionTime":1780000003007,"eventId":"4","message":"<&>"}
{"logStreamName":"i-0def/auth","timestamp":1780000004000,"ingestionTime":1780000004007,"eventId":"5","message":"two\nlines"}
`

// withLogGroups gives the project two log groups, one of them empty, in
// its state and in CloudWatch Logs.
func (w *world) withLogGroups() {
	w.logs = &fakeLogs{calls: w.calls, pageSize: 2, groups: map[string][]types.FilteredLogEvent{
		sshGroup: {
			logEventAt("i-0abc/auth", 1780000000000, "1", "Accepted publickey for alice from 198.51.100.7"),
			logEventAt("i-0abc/audit", 1780000001000, "2", `type=EXECVE argc=2 a0="cat" a1="/data/cohort.csv"`),
			logEventAt("i-0abc/auth", 1780000002000, "3", "session closed for user alice"),
			logEventAt("i-0def/audit", 1780000003000, "4", "<&>"),
			logEventAt("i-0def/auth", 1780000004000, "5", "two\nlines"),
		},
		dnsGroup: {},
	}}
	w.addLogGroup(sshGroup, "ssh")
	w.addLogGroup(dnsGroup, "dns-queries")
}

func (w *world) addLogGroup(name, short string) {
	w.stack.resources = append(w.stack.resources, Resource{URN: "urn:pulumi:hipaa::sce::aws:cloudwatch/logGroup:LogGroup::hipaa-" + short + "-log-group",
		Type: awstype.CloudWatchLogGroup, ID: name})
}

// gunzip reads a gzipped export.
func gunzip(t *testing.T, data string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(data))
	require.NoError(t, err)
	out, err := io.ReadAll(zr)
	require.NoError(t, err)
	return string(out)
}

// entryOf is the manifest's current copy of key.
func entryOf(t *testing.T, m Manifest, key string) Entry {
	t.Helper()
	i := slices.IndexFunc(m.Objects, func(e Entry) bool { return e.Key == key })
	require.GreaterOrEqual(t, i, 0, "the manifest lists %s", key)
	return m.Objects[i]
}

// duringCloseout is an event the bastion logs while the buckets are emptied.
const duringCloseout = `{"logStreamName":"i-0def/auth","timestamp":1814434200000,"ingestionTime":1814434200007,"eventId":"6",` +
	`"message":"Accepted publickey for bob"}` + "\n"

func TestLogGroupsAreExportedVerifiedAndReportedBeforeAnythingIsDestroyed(t *testing.T) {
	w := newWorld(t)
	w.withLogGroups()
	w.stack.onUnprotect = func() {
		w.clock.set(testNow.Add(time.Hour))
		w.logs.groups[sshGroup] = append(w.logs.groups[sshGroup],
			logEventAt("i-0def/auth", testNow.Add(30*time.Minute).UnixMilli(), "6", "Accepted publickey for bob"))
	}
	st, err := w.run()
	require.NoError(t, err)

	filters := slices.Repeat([]string{"FilterLogEvents"}, 5)
	assert.Equal(t, slices.Concat([]string{"Outputs", "Config", "Resources"}, filters, afterDestroy[:2], filters, afterDestroy[2:]), w.calls.all(),
		"every page of both groups is read before protection is lifted, and again right before the destroy")
	sshKey, dnsKey := testLayout.logKey(sshGroup), testLayout.logKey(dnsGroup)
	assert.Equal(t, "objects/hipaa/"+instance+"/cloudwatch-logs/sce/hipaa/ssh.jsonl.gz", sshKey)
	archived := w.archived()
	assert.Equal(t, sshExport+duringCloseout, gunzip(t, archived[sshKey]), "the current export has what was logged during the close-out")
	assert.Empty(t, gunzip(t, archived[dnsKey]), "an empty group is exported too")

	m := w.manifest()
	ssh, dns := entryOf(t, m, sshKey), entryOf(t, m, dnsKey)
	require.Len(t, m.Superseded, 2, "the archive step's exports stay, superseded")
	first := m.Superseded[slices.IndexFunc(m.Superseded, func(e Entry) bool { return e.Key == sshKey })]
	assert.Equal(t, int64(5), aws.ToInt64(first.Events))
	assert.NotContains(t, first.SourceVersionID, logsFinal)
	assert.True(t, strings.HasSuffix(ssh.SourceVersionID, ", before the destroy"), ssh.SourceVersionID)
	assert.Equal(t, logsRole, ssh.Role)
	assert.Equal(t, sshGroup, ssh.SourceKey)
	assert.Equal(t, logsCheck, ssh.SourceCheck)
	assert.Equal(t, int64(6), aws.ToInt64(ssh.Events))
	require.NotNil(t, dns.Events, "an empty group's entry says 0 events")
	assert.Equal(t, int64(0), *dns.Events)
	assert.Equal(t, sum(archived[sshKey]), ssh.SHA256)
	assert.Equal(t, int64(len(archived[sshKey])), ssh.Size)
	assert.Equal(t, Total{2, ssh.Size + dns.Size}, m.Totals[logsRole])
	assert.True(t, st.Archive.Verified)

	until := strings.TrimSuffix(strings.TrimPrefix(ssh.SourceVersionID, "events until "), ", before the destroy")
	end, err := time.Parse(time.RFC3339Nano, until)
	require.NoError(t, err)
	firstEnd, err := time.Parse(time.RFC3339Nano, strings.TrimPrefix(first.SourceVersionID, "events until "))
	require.NoError(t, err)
	asked := w.logs.asked[0]
	assert.Equal(t, sshGroup, aws.ToString(asked.LogGroupName))
	assert.Nil(t, asked.StartTime, "from the group's first event")
	assert.Equal(t, firstEnd.UnixMilli(), aws.ToInt64(asked.EndTime), "to the export's start")
	assert.True(t, aws.ToBool(asked.StartFromHead))
	assert.Equal(t, end.UnixMilli(), aws.ToInt64(w.logs.asked[5].EndTime), "the final export reads to its own start")

	assert.Equal(t, []LogGroupExport{{Name: sshGroup, Key: sshKey, Events: 6, Bytes: ssh.Size, Until: until},
		{Name: dnsGroup, Key: dnsKey, Events: 0, Bytes: dns.Size,
			Until: strings.TrimSuffix(strings.TrimPrefix(dns.SourceVersionID, "events until "), ", before the destroy")}},
		st.Archive.LogGroups)
	assert.Contains(t, st.Steps[1].Detail, "8 objects copied now, 2 log groups exported now (5 events in 2 log groups archived, 1 empty), 10 archived in all")
	md := w.read(archive, testLayout.report()+".md")
	for _, want := range []string{
		"\nThe stack's 2 log groups, deleted by the destroy, were exported first",
		"(6 events in 2 log groups archived, 1 empty):\n\n| log group | events | bytes | events until | archive key |\n",
		fmt.Sprintf("| %s | 6 | %d | %s | %s |\n", sshGroup, ssh.Size, until, sshKey),
		fmt.Sprintf("| %s | 0 | %d | ", dnsGroup, dns.Size),
		"Each source read was checked against: CRC64NVME checksum (8), none (CloudWatch Logs has no checksum) (2).\n",
		"2 earlier copies of the same keys (the source changed between runs, or a log group was exported again before the destroy) are kept",
	} {
		assert.Contains(t, md, want)
	}
	assert.Contains(t, w.log.String(), "exported log group /sce/hipaa/ssh: 5 events, ")
}

func TestAFailedLogExportResumesWithoutExportingAGroupTwice(t *testing.T) {
	w := newWorld(t)
	w.withLogGroups()
	failed := false
	w.logs.fail = func(group string, page int) error {
		if group == dnsGroup && !failed {
			failed = true
			return fmt.Errorf("ThrottlingException: Rate exceeded: %w", errInjected)
		}
		return nil
	}
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step archive failed: export log group /sce/hipaa/dns-queries to s3://"+archive+"/"+
		testLayout.logKey(dnsGroup)+": read the events of log group /sce/hipaa/dns-queries (CloudWatch Logs FilterLogEvents): "+
		"ThrottlingException: Rate exceeded: injected (8 objects copied and 1 log group exported before the failure)")
	assert.NotContains(t, w.calls.all(), "Unprotect")

	st, err := w.run()
	require.NoError(t, err)
	puts := w.archivePuts(nil)
	assert.Equal(t, 2, puts[testLayout.logKey(sshGroup)], "the archive step's export and the final one")
	assert.Equal(t, 2, puts[testLayout.logKey(dnsGroup)], "the failed export uploaded nothing")
	var asked []string
	for _, in := range w.logs.asked {
		asked = append(asked, aws.ToString(in.LogGroupName))
	}
	ssh4 := []string{sshGroup, sshGroup, sshGroup, sshGroup}
	assert.Equal(t, slices.Concat(ssh4, []string{dnsGroup}, []string{dnsGroup}, ssh4, []string{dnsGroup}), asked,
		"the rerun's archive step exports only the group that failed")
	assert.Len(t, st.Archive.LogGroups, 2)
	assert.True(t, st.Archive.Verified)
	assert.True(t, st.done(StepReport))
}

func TestADamagedLogExportBlocksDestroyAndIsExportedAgain(t *testing.T) {
	w := newWorld(t)
	w.withLogGroups()
	sshKey := testLayout.logKey(sshGroup)
	w.srv.Intercept(corrupt(sshKey))
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step verify-archive failed: 1 of 10 archived copies does not match MANIFEST.json, so nothing is destroyed: "+
		sshKey+": S3 stores the SHA-256 checksum ")
	assert.NotContains(t, w.calls.all(), "Destroy")

	w.srv.ClearInterceptors()
	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, 3, w.archivePuts(nil)[sshKey], "the rejected export is made again, then the final one")
	assert.Equal(t, sshExport, gunzip(t, w.archived()[sshKey]))
	assert.Equal(t, 1, st.Archive.Rejected)
	assert.True(t, st.Archive.Verified)
}

func TestALargeLogGroupIsExportedInParts(t *testing.T) {
	w := newWorld(t)
	w.logs = &fakeLogs{calls: w.calls, pageSize: 25, groups: map[string][]types.FilteredLogEvent{}}
	var want bytes.Buffer
	for i := range 80 {
		raw := make([]byte, 75_000)
		_, err := rand.Read(raw)
		require.NoError(t, err)
		msg := base64.StdEncoding.EncodeToString(raw)
		at := int64(1780000000000 + i)
		w.logs.groups[sshGroup] = append(w.logs.groups[sshGroup], logEventAt("s", at, fmt.Sprint(i), msg))
		fmt.Fprintf(&want, `{"logStreamName":"s","timestamp":%d,"ingestionTime":%d,"eventId":"%d","message":"%s"}`+"\n", at, at+7, i, msg)
	}
	w.addLogGroup(sshGroup, "ssh")
	st, err := w.run()
	require.NoError(t, err)
	key := testLayout.logKey(sshGroup)
	got := w.archived()[key]
	e := entryOf(t, w.manifest(), key)
	assert.Equal(t, int64(partSize), e.PartSize, "uploaded in parts")
	assert.Greater(t, e.Size, int64(partSize))
	assert.Equal(t, int64(80), aws.ToInt64(e.Events))
	assert.Equal(t, want.String(), gunzip(t, got))
	assert.True(t, st.Archive.Verified)
}

func TestLogExportRefusals(t *testing.T) {
	w := newWorld(t)
	w.stack.resources = append(w.stack.resources, Resource{URN: "urn:pulumi:hipaa::sce::aws:cloudwatch/logGroup:LogGroup::hipaa-ssh-log-group",
		Type: awstype.CloudWatchLogGroup})
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step archive failed: the stack's state records the log group "+
		"urn:pulumi:hipaa::sce::aws:cloudwatch/logGroup:LogGroup::hipaa-ssh-log-group without its name (no ID): "+
		"run `pulumi refresh` on the stack, then close-out again (8 objects copied and 0 log groups exported before the failure)")

	w = newWorld(t)
	w.addLogGroup(sshGroup, "ssh")
	_, err = w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step archive failed: close-out needs CloudWatch Logs (Env.Logs) to archive the stack's log groups")
}

func TestTheWarehouseLogGroupsMustBeGoneToo(t *testing.T) {
	w := newWorld(t)
	w.withLogGroups()
	const userlog = "/aws/redshift/cluster/hipaa-warehouse/userlog"
	w.logs.groups[userlog] = []types.FilteredLogEvent{logEventAt("hipaa-warehouse", 1780000000000, "u1", "user created")}
	w.addLogGroup(userlog, "warehouse-userlog")
	w.inspector.groups = []string{"log group " + userlog, "log group " + userlog + "-other"}
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step verify-no-trace failed: 1 thing of project hipaa is left: log group "+userlog+" (")

	w.inspector.groups = []string{"log group " + userlog + "-other"}
	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, Check{Name: "the stack's log groups outside /sce/hipaa/ (" + userlog + ")", Found: []string{},
		At: time.Date(2027, 7, 1, 9, 0, 49, 0, time.UTC)}, st.Trace.Checks[3])
	assert.Len(t, st.Archive.LogGroups, 3)
}

func TestAFailedFinalLogExportBlocksTheDestroyAndResumes(t *testing.T) {
	w := newWorld(t)
	w.withLogGroups()
	dnsCalls := 0
	w.logs.fail = func(group string, _ int) error {
		if group == dnsGroup {
			dnsCalls++
			if dnsCalls == 2 {
				return errInjected
			}
		}
		return nil
	}
	_, err := w.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "close-out step destroy failed: export log group /sce/hipaa/dns-queries to s3://"+archive+"/"+
		testLayout.logKey(dnsGroup)+": read the events of log group /sce/hipaa/dns-queries (CloudWatch Logs FilterLogEvents): injected; ")
	assert.Zero(t, w.calls.count("Destroy"))

	st, err := w.run()
	require.NoError(t, err)
	puts := w.archivePuts(nil)
	assert.Equal(t, 2, puts[testLayout.logKey(sshGroup)], "the final export made before the failure is not made again")
	assert.Equal(t, 2, puts[testLayout.logKey(dnsGroup)])
	assert.Equal(t, 1, w.calls.count("Destroy"))
	assert.Len(t, w.manifest().Superseded, 2)
	assert.True(t, st.done(StepReport))
}
