package egress

import (
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequestPinsTheCurrentVersionsUnderThePrefix(t *testing.T) {
	w := newWorld(t)
	w.srv.Put(t, outputBkt, "results/table1.csv", "draft")
	a2 := w.srv.Put(t, outputBkt, "results/table1.csv", "n,mean\n120,41.5\n")
	b := w.srv.Put(t, outputBkt, "results/fig 2.png", "PNG...")
	w.srv.Put(t, outputBkt, "results/removed.csv", "gone")
	w.srv.Delete(t, outputBkt, "results/removed.csv")
	w.srv.Put(t, outputBkt, "scratch/notes.txt", "not asked for")

	m := w.request(t, "results/")

	assert.Regexp(t, regexp.MustCompile(`^20260302T101500Z-[0-9a-f]{8}$`), m.ID)
	want := Manifest{Format: 1, ID: m.ID, PIT: "hipaa", Bucket: outputBkt, Prefix: "results/", Requester: worker,
		Reason: "table 1 of the paper, aggregate counts only", RequestedAt: t0, Files: []File{
			{Key: "results/fig 2.png", VersionID: b, Size: 6, SHA256: hexSHA("PNG..."), ETag: `"` + md5hex("PNG...") + `"`},
			{Key: "results/table1.csv", VersionID: a2, Size: 16, SHA256: hexSHA("n,mean\n120,41.5\n"), ETag: `"` + md5hex("n,mean\n120,41.5\n") + `"`},
		}}
	assert.Equal(t, want, m)
	var stored Manifest
	w.decode(t, outputBkt, ".sce-egress/requests/"+m.ID+".json", &stored)
	assert.Equal(t, want, stored)
	assert.Equal(t, int64(22), m.Bytes())
}

func TestRequestRefusesBadInput(t *testing.T) {
	w := newWorld(t)
	w.srv.Put(t, outputBkt, "results/t.csv", "x")
	for _, tc := range []struct {
		opts RequestOptions
		want string
	}{
		{RequestOptions{Reason: "r"}, "--prefix is empty: name the results to release, for example results/table1/"},
		{RequestOptions{Prefix: ".sce-egress/requests/", Reason: "r"}, `--prefix ".sce-egress/requests/" covers .sce-egress/, the airlock's own records: name the results to release, for example results/table1/`},
		{RequestOptions{Prefix: ".sce", Reason: "r"}, `--prefix ".sce" covers .sce-egress/, the airlock's own records: name the results to release, for example results/table1/`},
		{RequestOptions{Prefix: "results/", Reason: "  "}, "--reason is empty: say why these results should leave the environment (the reviewer reads it)"},
		{RequestOptions{Prefix: "Results/", Reason: "r"}, "no object under s3://" + outputBkt + "/Results/: check --prefix (keys are case-sensitive)"},
	} {
		_, err := Request(context.Background(), w.env, tc.opts)
		require.ErrorIs(t, err, ErrInvalid)
		assert.Equal(t, tc.want, err.Error())
	}
	assert.Empty(t, w.versions(t, outputBkt, ".sce-egress/"), "no manifest written")
}

func TestRequestNeedsAVersionedOutputBucket(t *testing.T) {
	w := newWorld(t)
	w.srv.Bucket(t, "plain", false)
	w.srv.Put(t, "plain", "results/t.csv", "x")
	w.env.Project.Output = "plain"
	_, err := Request(context.Background(), w.env, RequestOptions{Prefix: "results/", Reason: "r"})
	require.Error(t, err)
	assert.Equal(t, "s3://plain/results/t.csv has no version ID: the output bucket must be versioned for a request to pin its files", err.Error())
}
