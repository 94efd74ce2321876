package egress

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/s3test"
)

// threeResults writes three results and returns their contents by key.
func threeResults(t *testing.T, w *world) map[string]string {
	t.Helper()
	files := map[string]string{"results/a.csv": "a,1\n", "results/b.csv": "b,2\n", "results/c.csv": "c,3\n"}
	for k, v := range files {
		w.srv.Put(t, outputBkt, k, v)
	}
	return files
}

func TestApproveCopiesExactlyTheListedVersions(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	w.srv.Put(t, outputBkt, "results/later.csv", "added after the request")

	out, err := Approve(context.Background(), w.as(approver).env, w.review(m.ID))
	require.NoError(t, err)

	assert.False(t, out.Resumed)
	assert.Equal(t, 3, out.Copied)
	assert.Equal(t, 0, out.AlreadyCopied)
	var keys []string
	for _, f := range m.Files {
		keys = append(keys, m.ID+"/"+f.Key)
		body, _ := w.read(t, outputBkt, f.Key, f.VersionID)
		got, _ := w.read(t, egressBkt, m.ID+"/"+f.Key, "")
		assert.Equal(t, body, got, f.Key)
		head, err := w.c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(egressBkt), Key: aws.String(m.ID + "/" + f.Key)})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"sce-egress-request": m.ID, "sce-source-version": f.VersionID, "sce-sha256": f.SHA256}, head.Metadata)
	}
	var egressVersions []string
	for i, c := range out.Receipt.Copies {
		egressVersions = append(egressVersions, c.EgressKey+"@"+c.EgressVersionID)
		assert.Equal(t, Copy{Key: m.Files[i].Key, SourceVersionID: m.Files[i].VersionID, EgressKey: keys[i], EgressVersionID: c.EgressVersionID, SHA256: m.Files[i].SHA256}, c)
	}
	assert.ElementsMatch(t, egressVersions, w.versions(t, egressBkt, ""), "exactly the listed files, one version each")
	copies := 0
	for _, r := range w.srv.Requests() {
		if r.Bucket == egressBkt && r.Method == "PUT" && r.Key != "" {
			copies++
			assert.Regexp(t, `^`+outputBkt+`/results/[abc]\.csv\?versionId=v[0-9]{16}$`, r.Header.Get("X-Amz-Copy-Source"))
			assert.Equal(t, "REPLACE", r.Header.Get("X-Amz-Tagging-Directive"), "the source's tags are not copied")
			assert.Empty(t, r.Header.Get("X-Amz-Tagging"), "the copy gets no tags")
		}
	}
	assert.Equal(t, 3, copies)

	var d Decision
	w.decode(t, logsBkt, "egress/decisions/"+m.ID+".json", &d)
	assert.Equal(t, out.Decision, d)
	assert.Equal(t, Decision{Format: 1, RequestID: m.ID, Decision: Approved, Reviewer: approver, Reason: "counts above 10, no identifiers",
		DecidedAt: t0, ManifestVersionID: d.ManifestVersionID, ManifestSHA256: d.ManifestSHA256, EgressBucket: egressBkt, Manifest: m}, d)
	assert.Len(t, d.ManifestSHA256, 64)
	var rc Receipt
	w.decode(t, logsBkt, "egress/receipts/"+m.ID+".json", &rc)
	assert.Equal(t, out.Receipt, rc)
	assert.Equal(t, approver, rc.CompletedBy)
	for _, key := range []string{"egress/decisions/" + m.ID + ".json", "egress/receipts/" + m.ID + ".json"} {
		head, err := w.c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(logsBkt), Key: aws.String(key)})
		require.NoError(t, err)
		assert.Equal(t, types.ObjectLockModeGovernance, head.ObjectLockMode, key)
		assert.Equal(t, t0.AddDate(0, 0, 365), aws.ToTime(head.ObjectLockRetainUntilDate), key)
	}
}

func TestSelfApprovalIsRefused(t *testing.T) {
	for name, reviewer := range map[string]string{
		"the requester":                 worker,
		"another session of their role": "arn:aws:sts::123456789012:assumed-role/hipaa-worker/carol",
	} {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			threeResults(t, w)
			m := w.request(t, "results/")
			_, err := Approve(context.Background(), w.as(reviewer).env, w.review(m.ID))
			require.ErrorIs(t, err, ErrRefused)
			assert.Equal(t, "refused: request "+m.ID+" was made by "+worker+"; "+reviewer+
				" is the same principal (arn:aws:iam::123456789012:role/hipaa-worker) and cannot review it: ask a reviewer, who decides as the role hipaa-egress-approver", err.Error())
			_, err = Reject(context.Background(), w.env, w.review(m.ID))
			require.ErrorIs(t, err, ErrRefused)
			assert.Empty(t, w.versions(t, egressBkt, ""))
			assert.Empty(t, w.versions(t, logsBkt, ""))
		})
	}
}

func TestRejectCopiesNothingAndRecordsTheDecision(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")

	d, err := Reject(context.Background(), w.as(approver).env, Review{ID: m.ID, Reason: "row 3 has a count of 2", Lock: lock})
	require.NoError(t, err)

	assert.Equal(t, Rejected, d.Decision)
	assert.Equal(t, "row 3 has a count of 2", d.Reason)
	assert.Empty(t, w.versions(t, egressBkt, ""), "nothing copied")
	var stored Decision
	w.decode(t, logsBkt, "egress/decisions/"+m.ID+".json", &stored)
	assert.Equal(t, d, stored)
	assert.Len(t, w.versions(t, logsBkt, ""), 1, "the decision only: no receipt")

	_, err = Approve(context.Background(), w.env, w.review(m.ID))
	require.ErrorIs(t, err, ErrRefused)
	assert.Equal(t, "refused: request "+m.ID+" was rejected by "+approver+" at 2026-03-02T10:15:00Z: make a new request", err.Error())
	_, err = Reject(context.Background(), w.env, w.review(m.ID))
	assert.Equal(t, "refused: request "+m.ID+" was already rejected by "+approver+" at 2026-03-02T10:15:00Z", err.Error())
	assert.Empty(t, w.versions(t, egressBkt, ""))
	assert.Len(t, w.versions(t, logsBkt, ""), 1)
}

func TestAFileChangedAfterTheRequestIsRefused(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	byKey := map[string]File{}
	for _, f := range m.Files {
		byKey[f.Key] = f
	}
	newA := w.srv.Put(t, outputBkt, "results/a.csv", "a,999\n")
	w.srv.Delete(t, outputBkt, "results/c.csv")

	_, err := Approve(context.Background(), w.as(approver).env, w.review(m.ID))

	require.ErrorIs(t, err, ErrRefused)
	assert.Equal(t, "refused: 2 of the 3 files of request "+m.ID+" changed after the request, so nothing was copied:\n"+
		"  results/a.csv: replaced after the request (current version "+newA+", requested "+byKey["results/a.csv"].VersionID+")\n"+
		"  results/c.csv: deleted after the request\n"+
		"reject it and ask for a new request", err.Error())
	assert.Empty(t, w.versions(t, egressBkt, ""), "nothing copied")
	assert.Empty(t, w.versions(t, logsBkt, ""), "nothing recorded")
}

func TestAPinnedVersionThatReadsDifferentlyIsRefused(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	tampered := m
	tampered.Files = append([]File(nil), m.Files...)
	tampered.Files[1].SHA256 = hexSHA("something else")

	err := verify(context.Background(), w.c, tampered, true)

	require.ErrorIs(t, err, ErrRefused)
	assert.Equal(t, "refused: 1 of the 3 files of request "+m.ID+" changed after the request, so nothing was copied:\n"+
		"  results/b.csv: version "+m.Files[1].VersionID+" reads 4 bytes with SHA-256 "+m.Files[1].SHA256+", the request has 4 bytes with "+hexSHA("something else")+"\n"+
		"reject it and ask for a new request", err.Error())
}

func TestARewrittenManifestIsRefused(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	body, _ := w.read(t, outputBkt, ".sce-egress/requests/"+m.ID+".json", "")
	w.srv.Put(t, outputBkt, ".sce-egress/requests/"+m.ID+".json", body)

	_, err := Approve(context.Background(), w.as(approver).env, w.review(m.ID))

	require.ErrorIs(t, err, ErrRefused)
	assert.Equal(t, "refused: the manifest s3://"+outputBkt+"/.sce-egress/requests/"+m.ID+".json has 2 versions and delete markers: it was rewritten after the request; reject it and ask for a new request", err.Error())
	assert.Empty(t, w.versions(t, egressBkt, ""))
}

func TestAnInterruptedApproveResumesWithoutCopyingTwice(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	w.failOnce(m.ID + "/results/b.csv")

	_, err := Approve(context.Background(), w.as(approver).env, w.review(m.ID))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "copy 1 of 3 files of request "+m.ID+"; run the same approve again to copy the rest: copy s3://")
	assert.Contains(t, err.Error(), "injected: the connection dropped")
	assert.Len(t, w.versions(t, egressBkt, ""), 1, "a.csv was copied before the failure")
	assert.Len(t, w.versions(t, logsBkt, "egress/decisions/"), 1, "the decision is recorded before copying")
	assert.Empty(t, w.versions(t, logsBkt, "egress/receipts/"), "no receipt for an incomplete copy")
	hist, err := History(context.Background(), w.env)
	require.NoError(t, err)
	assert.Equal(t, StatusIncomplete, hist[0].Status())

	w.srv.ClearInterceptors()
	out, err := Approve(context.Background(), w.as("arn:aws:sts::123456789012:assumed-role/hipaa-egress-approver/dave").env, Review{ID: m.ID, Reason: "resume", Lock: lock})
	require.NoError(t, err)

	assert.True(t, out.Resumed)
	assert.Equal(t, approver, out.Decision.Reviewer, "the decision stays the first reviewer's")
	assert.Equal(t, 2, out.Copied)
	assert.Equal(t, 1, out.AlreadyCopied)
	assert.Len(t, out.Receipt.Copies, 3)
	for _, f := range m.Files {
		assert.Len(t, w.versions(t, egressBkt, m.ID+"/"+f.Key), 1, "%s copied once", f.Key)
	}
	assert.Equal(t, 1, w.writes(egressBkt, m.ID+"/results/a.csv"), "a.csv is not copied again")
	assert.Equal(t, 2, w.writes(egressBkt, m.ID+"/results/b.csv"), "the failed copy and its retry")
	assert.Equal(t, 1, w.writes(logsBkt, "egress/decisions/"+m.ID+".json"), "the decision is written once")
}

func TestTheDecisionRecordIsWrittenOnce(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	w.as(approver)
	first, err := Approve(context.Background(), w.env, w.review(m.ID))
	require.NoError(t, err)

	again, err := Approve(context.Background(), w.env, Review{ID: m.ID, Reason: "approve twice", Lock: lock})
	require.NoError(t, err)
	assert.True(t, again.Resumed)
	assert.Equal(t, 0, again.Copied)
	assert.Equal(t, 3, again.AlreadyCopied)
	assert.Equal(t, first.Receipt, again.Receipt, "the first receipt stands")
	assert.Equal(t, first.Decision, again.Decision)

	_, err = putOnce(context.Background(), w.c, logsBkt, decisionKey(m.ID), Decision{Decision: Rejected}, &lock, t0)
	assert.True(t, errors.Is(err, errExists), "%v", err)
	assert.Len(t, w.versions(t, logsBkt, "egress/decisions/"), 1)
	assert.Len(t, w.versions(t, logsBkt, "egress/receipts/"), 1)
	assert.Equal(t, 2, w.writes(logsBkt, "egress/receipts/"+m.ID+".json"), "the second approval's receipt is refused by If-None-Match")
	assert.Equal(t, 2, w.writes(logsBkt, "egress/decisions/"+m.ID+".json"), "the approval, then the refused overwrite")

	versions := w.versions(t, logsBkt, "egress/decisions/")
	id := versions[0][len("egress/decisions/"+m.ID+".json@"):]
	_, err = w.c.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: aws.String(logsBkt), Key: aws.String(decisionKey(m.ID)), VersionId: aws.String(id)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "AccessDenied", "Object Lock keeps the decision")
}

func TestApproveNeedsAnEgressBucket(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	w.env.Project.Egress = ""
	_, err := Approve(context.Background(), w.as(approver).env, w.review(m.ID))
	require.Error(t, err)
	assert.Equal(t, "project hipaa has no egress bucket (stack output bucketNames.egress): update the stack to a version of sce with the airlock and run `sce policy config hipaa --out hipaa-policy.json`, then `pulumi up -s hipaa --policy-pack policies --policy-pack-config hipaa-policy.json` first", err.Error())
}

func TestReviewRefusesBadInput(t *testing.T) {
	w := newWorld(t)
	w.as(approver)
	for _, tc := range []struct {
		r    Review
		want string
	}{
		{Review{ID: "x", Reason: "r", Lock: lock}, `"x" is not a request ID (like 20260302T101500Z-1a2b3c4d): see ` + "`sce egress review`"},
		{Review{ID: "20260302T101500Z-1a2b3c4d", Reason: " ", Lock: lock}, "--reason is empty: say why request 20260302T101500Z-1a2b3c4d is approved or rejected (it is kept with the decision)"},
		{Review{ID: "20260302T101500Z-1a2b3c4d", Reason: "r", Lock: Retention{Mode: "FOREVER", Days: 1}}, `Object Lock mode "FOREVER": use GOVERNANCE or COMPLIANCE`},
		{Review{ID: "20260302T101500Z-1a2b3c4d", Reason: "r", Lock: Retention{Mode: types.ObjectLockRetentionModeCompliance}}, "Object Lock retention of 0 days: use 1 to 36500"},
		{Review{ID: "20260302T101500Z-1a2b3c4d", Reason: "r", Lock: lock}, "no request 20260302T101500Z-1a2b3c4d in project hipaa (s3://" + outputBkt + "/.sce-egress/requests/20260302T101500Z-1a2b3c4d.json): see `sce egress review hipaa`"},
	} {
		_, err := Reject(context.Background(), w.env, tc.r)
		require.ErrorIs(t, err, ErrInvalid)
		assert.Equal(t, tc.want, err.Error())
	}
}

func TestARequestDecidedMeanwhileIsNotApprovedOrCopied(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	other := "arn:aws:sts::123456789012:assumed-role/hipaa-egress-approver/dave"
	raced := false
	var rejectErr error // the interceptor runs on the server's goroutine: its result is asserted below
	w.srv.Intercept(func(_ http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if raced || r.Method != http.MethodPut || req.Key != decisionKey(m.ID) {
			return false
		}
		raced = true // another reviewer's rejection lands just before this approval's decision
		_, rejectErr = Reject(context.Background(), Env{S3: w.c, Now: w.env.Now, Project: w.env.Project,
			Caller: func(context.Context) (string, error) { return other, nil }}, Review{ID: m.ID, Reason: "no", Lock: lock})
		return false
	})

	_, err := Approve(context.Background(), w.as(approver).env, w.review(m.ID))

	require.True(t, raced, "the other reviewer's rejection was made")
	require.NoError(t, rejectErr, "the other reviewer's rejection")
	require.ErrorIs(t, err, ErrRefused)
	assert.Equal(t, "refused: request "+m.ID+" was decided by someone else meanwhile: see `sce egress list hipaa`", err.Error())
	assert.Empty(t, w.versions(t, egressBkt, ""), "nothing copied")
	var d Decision
	w.decode(t, logsBkt, decisionKey(m.ID), &d)
	assert.Equal(t, Rejected, d.Decision)
	assert.Equal(t, other, d.Reviewer)
}

// TestAPlantedCopyIsNotTakenForTheRelease: a resumed approve accepts a copy
// already in the egress bucket only when the SHA-256 S3 holds for it is the
// request's, not on its metadata alone (anyone who can write the bucket can
// write metadata).
func TestAPlantedCopyIsNotTakenForTheRelease(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	var f File
	for _, file := range m.Files {
		if file.Key == "results/b.csv" {
			f = file
		}
	}
	key := m.ID + "/results/b.csv"
	_, err := w.c.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(egressBkt), Key: aws.String(key), Body: strings.NewReader("not the result"),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
		Metadata:          map[string]string{metaRequest: m.ID, metaSource: f.VersionID, metaSHA256: f.SHA256},
	})
	require.NoError(t, err)

	_, err = Approve(context.Background(), w.as(approver).env, w.review(m.ID))
	require.Error(t, err)
	require.ErrorIs(t, err, errMismatchedCopy)
	sum := sha256.Sum256([]byte("not the result"))
	versions := w.versions(t, egressBkt, key)
	require.Len(t, versions, 1)
	version := strings.TrimPrefix(versions[0], key+"@")
	assert.Contains(t, err.Error(), "the copy s3://"+egressBkt+"/"+key+" (version "+version+") has SHA-256 \""+hex.EncodeToString(sum[:])+
		"\", the request "+f.SHA256+": recipients can read it until it is deleted")
	assert.NotContains(t, err.Error(), "run the same approve again", "a rerun meets the same copy")
	assert.Empty(t, w.versions(t, logsBkt, "egress/receipts/"), "no receipt names the planted copy")
}

// TestACopyThatDiffersFromTheRequestNamesTheVersionToDelete: when the SHA-256
// S3 computes for a copy is not the request's (copyOnce alone, past the
// verification that normally refuses such a request first), approve stops
// and names the copy's version for the administrator role to delete: the
// approver role may delete nothing in egress, so it does not try. The copy
// is still there, as on AWS.
func TestACopyThatDiffersFromTheRequestNamesTheVersionToDelete(t *testing.T) {
	w := newWorld(t)
	threeResults(t, w)
	m := w.request(t, "results/")
	f := m.Files[0]
	f.SHA256 = hexSHA("something else")

	_, copied, err := copyOnce(context.Background(), w.c, egressBkt, m, f)

	require.Error(t, err)
	assert.False(t, copied)
	versions := w.versions(t, egressBkt, "")
	require.Len(t, versions, 1, "the copy stays: only the administrator role may delete it")
	key := egressKey(m.ID, f.Key)
	version := strings.TrimPrefix(versions[0], key+"@")
	require.ErrorIs(t, err, errMismatchedCopy)
	assert.Equal(t, "the copy differs from the request: the copy s3://"+egressBkt+"/"+key+" (version "+version+") has SHA-256 \""+m.Files[0].SHA256+"\", the request "+f.SHA256+
		": recipients can read it until it is deleted, and the approver role may delete nothing in egress: as the administrator role (sce:adminRoleArn), "+
		"delete version "+version+" of s3://"+egressBkt+"/"+key+" now, then investigate", err.Error())
}
