package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

const (
	egressBkt = "hipaa-egress-123456789012-us-west-2"
	approver  = "arn:aws:sts::123456789012:assumed-role/hipaa-egress-approver/carol"
	recipient = "arn:aws:iam::123456789012:user/collaborator-dana"
)

// releaseTrail writes a trail where approved results are copied into the
// egress bucket and downloaded (once refused), next to a PHI read and a
// download from another project's egress bucket.
func releaseTrail(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	tr := trailtest.NewTrail(t, "trail", logsBkt)
	tr.WriteLog(at(30), []map[string]any{
		trailtest.S3Event{Time: at(10), Action: "GetObject", Bucket: output, Key: "results/table1.csv", Principal: approver, SourceIP: "198.51.100.7"}.Record(),
		trailtest.S3Event{Time: at(11), Action: "CopyObject", Bucket: egressBkt, Key: "20260302T101500Z-1a2b3c4d/results/table1.csv", Principal: approver, SourceIP: "198.51.100.7"}.Record(),
		trailtest.S3Event{Time: at(20), Action: "GetObject", Bucket: egressBkt, Key: "20260302T101500Z-1a2b3c4d/results/table1.csv", Principal: recipient, SourceIP: "203.0.113.50", BytesOut: 16}.Record(),
		trailtest.S3Event{Time: at(21), Action: "GetObject", Bucket: egressBkt, Key: "20260302T101500Z-1a2b3c4d/results/table1.csv", Principal: mallory, SourceIP: "203.0.113.9", ErrorCode: "AccessDenied"}.Record(),
		trailtest.S3Event{Time: at(22), Action: "GetObject", Bucket: "omop-egress-123456789012-us-west-2", Key: "r/x.csv", Principal: recipient, SourceIP: "203.0.113.50", BytesOut: 9}.Record(),
	})
}

func TestReportListsDownloadsFromTheEgressBucket(t *testing.T) {
	releaseTrail(t)
	rep := run(t, Options{Sources: []string{"trail"}, Filter: Filter{PIT: "hipaa", Egress: true}})

	downloads, err := rep.EgressDownloads()
	require.NoError(t, err)
	var got []string
	for _, e := range downloads {
		got = append(got, strings.Join([]string{stamp(e.Time), e.Principal, e.Bucket + "/" + e.Key, e.SourceIP, result(e.ErrorCode)}, " "))
	}
	assert.Equal(t, []string{
		"2026-03-02T10:20:00Z " + recipient + " " + egressBkt + "/20260302T101500Z-1a2b3c4d/results/table1.csv 203.0.113.50 ok",
		"2026-03-02T10:21:00Z " + mallory + " " + egressBkt + "/20260302T101500Z-1a2b3c4d/results/table1.csv 203.0.113.9 AccessDenied",
	}, got)
	assert.Equal(t, int64(16), downloads[0].BytesOut)
	assert.Equal(t, 4, rep.Len(), "the PHI read, the copy and the two downloads; not the other project's")
	assert.Equal(t, "the PHI buckets of project hipaa (hipaa-data-in-<account>-<region>, hipaa-output-<account>-<region>) and its egress bucket "+
		"hipaa-egress-<account>-<region>, each with its replica (<bucket>-replica)", rep.Filter.Describe())

	var table bytes.Buffer
	require.NoError(t, rep.Write(&table, "table"))
	assert.Contains(t, table.String(), "\nDOWNLOADS OF RELEASED RESULTS (GetObject on hipaa-egress-<account>-<region>): 2\n"+
		"TIME                  PRINCIPAL                                         OBJECT                                                                            BYTES OUT  FROM          RESULT\n"+
		"2026-03-02T10:20:00Z  "+recipient+"  "+egressBkt+"/20260302T101500Z-1a2b3c4d/results/table1.csv  16         203.0.113.50  ok\n"+
		"2026-03-02T10:21:00Z  "+mallory+"            "+egressBkt+"/20260302T101500Z-1a2b3c4d/results/table1.csv  0          203.0.113.9   AccessDenied\n\nEVENTS\n")

	var doc bytes.Buffer
	require.NoError(t, rep.Write(&doc, "markdown"))
	assert.Contains(t, doc.String(), "\n## Downloads of released results (2)\n\nGetObject calls on the egress bucket hipaa-egress-\\<account>-\\<region>, where approved results are released.\n\n"+
		"| time (UTC) | principal | object | bytes out | from | result |\n| --- | --- | --- | --- | --- | --- |\n"+
		"| 2026-03-02T10:20:00Z | "+recipient+" | "+egressBkt+"/20260302T101500Z-1a2b3c4d/results/table1.csv | 16 | 203.0.113.50 | ok |\n")

	var js bytes.Buffer
	require.NoError(t, rep.Write(&js, "json"))
	var parsed struct {
		Downloads []Event `json:"egressDownloads"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &parsed))
	assert.Len(t, parsed.Downloads, 2)
}

func TestDownloadsAreReportedOnlyWhenAskedFor(t *testing.T) {
	releaseTrail(t)
	rep := run(t, Options{Sources: []string{"trail"}, Filter: Filter{PIT: "hipaa"}})
	downloads, err := rep.EgressDownloads()
	require.NoError(t, err)
	assert.Nil(t, downloads)
	assert.Equal(t, 1, rep.Len(), "only the PHI read: the egress bucket is not in scope")
	var table, js bytes.Buffer
	require.NoError(t, rep.Write(&table, "table"))
	assert.NotContains(t, table.String(), "DOWNLOADS")
	require.NoError(t, rep.Write(&js, "json"))
	assert.NotContains(t, js.String(), "egressDownloads")
}

func TestNoDownloadIsSaidPlainly(t *testing.T) {
	t.Chdir(t.TempDir())
	tr := trailtest.NewTrail(t, "trail", logsBkt)
	tr.WriteLog(at(30), []map[string]any{
		trailtest.S3Event{Time: at(10), Action: "GetObject", Bucket: output, Key: "results/t.csv", Principal: alice, SourceIP: "10.16.1.10"}.Record(),
	})
	rep := run(t, Options{Sources: []string{"trail"}, Filter: Filter{PIT: "hipaa", Egress: true}})
	var table, js bytes.Buffer
	require.NoError(t, rep.Write(&table, "table"))
	assert.Contains(t, table.String(), "\nDOWNLOADS OF RELEASED RESULTS (GetObject on hipaa-egress-<account>-<region>): 0\n\nEVENTS\n")
	require.NoError(t, rep.Write(&js, "json"))
	assert.Contains(t, js.String(), `"egressDownloads":[]`)
}
