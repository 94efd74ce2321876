package egress

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistoryAndPending(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	w.srv.Put(t, outputBkt, "figures/f1.png", "png")
	approved := w.request(t, "results/a")
	rejected := w.request(t, "results/b")
	open := w.request(t, "figures/")
	_, err := Approve(context.Background(), w.as(approver).env, w.review(approved.ID))
	require.NoError(t, err)
	_, err = Reject(context.Background(), w.env, w.review(rejected.ID))
	require.NoError(t, err)
	// A manifest removed from the output bucket stays in the history
	// through its decision.
	_, err = w.c.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(outputBkt), Key: aws.String(requestKey(rejected.ID))})
	require.NoError(t, err)

	hist, err := History(context.Background(), w.env)
	require.NoError(t, err)
	got := map[string]string{}
	for _, e := range hist {
		got[e.Manifest.ID] = e.Status()
	}
	assert.Equal(t, map[string]string{approved.ID: StatusApproved, rejected.ID: StatusRejected, open.ID: StatusPending}, got)
	for _, e := range hist {
		switch e.Manifest.ID {
		case approved.ID:
			assert.Equal(t, approved, e.Manifest)
			require.NotNil(t, e.Receipt)
			assert.Equal(t, approved.ID+"/results/a.csv", e.Receipt.Copies[0].EgressKey)
		case rejected.ID:
			assert.Equal(t, rejected, e.Manifest, "from the decision")
			assert.Nil(t, e.Receipt)
		}
	}
	pend, err := Pending(context.Background(), w.env)
	require.NoError(t, err)
	require.Len(t, pend, 1)
	assert.Equal(t, open, pend[0].Manifest)
	assert.Nil(t, pend[0].Decision)
}

func TestFromOutputs(t *testing.T) {
	p, err := FromOutputs(map[string]any{"pit": "hipaa", "bucketNames": map[string]any{
		"output": outputBkt, "logs": logsBkt, "egress": egressBkt, "data-in": "x"}})
	require.NoError(t, err)
	assert.Equal(t, Project{PIT: "hipaa", Output: outputBkt, Logs: logsBkt, Egress: egressBkt}, p)

	p, err = FromOutputs(map[string]any{"pit": "hipaa", "bucketNames": map[string]any{"output": outputBkt, "logs": logsBkt}})
	require.NoError(t, err, "requests work before the stack has an egress bucket")
	assert.Equal(t, "", p.Egress)

	_, err = FromOutputs(map[string]any{"bucketNames": map[string]any{"output": outputBkt}})
	require.Error(t, err)
	assert.Equal(t, "the stack outputs have no bucketNames.logs, pit: is this an sce project stack, deployed with `pulumi up`?", err.Error())
}

func TestPrincipal(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:sts::123456789012:assumed-role/hipaa-worker/i-0abc":        "arn:aws:iam::123456789012:role/hipaa-worker",
		"arn:aws-us-gov:sts::123456789012:assumed-role/approver/carol":      "arn:aws-us-gov:iam::123456789012:role/approver",
		"arn:aws:iam::123456789012:user/alice":                              "arn:aws:iam::123456789012:user/alice",
		"arn:aws:sts::123456789012:federated-user/bob":                      "arn:aws:sts::123456789012:federated-user/bob",
		"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_1/eve": "arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_1",
	} {
		assert.Equal(t, want, principal(in), in)
	}
}

func TestIDs(t *testing.T) {
	assert.Equal(t, "20260302T101500Z-0a1b2c3d", idOf(RequestsPrefix, ".sce-egress/requests/20260302T101500Z-0a1b2c3d.json"))
	assert.Equal(t, "20260302T101500Z-0a1b2c3d", idOf(DecisionsPrefix, "egress/decisions/20260302T101500Z-0a1b2c3d.json"))
	for _, key := range []string{".sce-egress/requests/x.json", ".sce-egress/requests/20260302T101500Z-0a1b2c3d.txt",
		".sce-egress/requests/a/20260302T101500Z-0a1b2c3d.json", "20260302T101500Z-0a1b2c3d.json", ".sce-egress/requests/20261302T101500Z-0a1b2c3d.json",
		".sce-egress/requests/20260302T101500Z-0A1B2C3D.json", ".sce-egress/requests/20260302T101500Z-0a1b2c3.json"} {
		assert.Equal(t, "", idOf(RequestsPrefix, key), key)
	}
}

// TestHistoryRefusesAManifestOfAnotherRequest: a manifest whose ID, project
// or bucket is not the one its key names (anyone who can write the reserved
// prefix could pass one request off as another) is refused by the history,
// as approve refuses it, instead of being listed.
func TestHistoryRefusesAManifestOfAnotherRequest(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	w.srv.Put(t, outputBkt, requestKey("20990101T000000Z-deadbeef"), `{"id":"`+m.ID+`","pit":"`+m.PIT+`","bucket":"`+outputBkt+`"}`)
	_, err := History(context.Background(), w.env)
	require.Error(t, err)
	assert.Equal(t, "refused: s3://"+outputBkt+"/"+requestKey("20990101T000000Z-deadbeef")+` names request "`+m.ID+`" of project "`+m.PIT+
		`" in bucket "`+outputBkt+`": it is not this request's manifest; find out who wrote it`, err.Error())
}
