package closeout

import (
	"context"
	"math"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/s3test"
	"github.com/sce-dev/sce/sce"
)

// TestCopiesKeepTheSourcesMetadata: an archived copy keeps its source's
// user metadata, so that the signature of a CloudTrail digest file (in
// x-amz-meta-signature and x-amz-meta-signature-algorithm) can still be
// verified on the archive, single-part and multipart alike. sce's own
// metadata takes precedence, and a source's names in sce's sce-
// namespace are not carried over: they would describe another copy.
func TestCopiesKeepTheSourcesMetadata(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	const digest = "cloudtrail/AWSLogs/123456789012/CloudTrail-Digest/us-west-2/2027/06/30/" +
		"123456789012_CloudTrail-Digest_us-west-2_hipaa_us-west-2_20270630T000000Z.json.gz"
	signed := map[string]string{"signature": "3a4f0c", "signature-algorithm": "SHA256withRSA"}
	put := func(key, body string, meta map[string]string) {
		_, err := w.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucketOf(sce.BucketLogs)), Key: aws.String(key),
			Body: strings.NewReader(body), Metadata: meta})
		require.NoError(t, err)
		w.want[archiveKeyOf(sce.BucketLogs, key)] = body
	}
	put(digest, "digest", map[string]string{"signature": "3a4f0c", "signature-algorithm": "SHA256withRSA", "sce-part-size": "1", "sce-pit": "omop"})
	big := strings.Repeat("x", partSize+1)
	put("cloudtrail/big.json.gz", big, signed)

	_, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, w.want, w.archived())
	head := func(key string) map[string]string {
		h, err := w.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(archive), Key: aws.String(archiveKeyOf(sce.BucketLogs, key))})
		require.NoError(t, err)
		return h.Metadata
	}
	m := w.manifest()
	version := func(key string) string {
		for _, e := range m.Objects {
			if e.SourceKey == key {
				return e.SourceVersionID
			}
		}
		t.Fatalf("%s is not in the manifest", key)
		return ""
	}
	assert.Equal(t, map[string]string{"signature": "3a4f0c", "signature-algorithm": "SHA256withRSA", "sce-pit": pit, "sce-role": "logs",
		"sce-source-version-id": version(digest), "sce-sha256": sum("digest")}, head(digest))
	assert.Equal(t, map[string]string{"signature": "3a4f0c", "signature-algorithm": "SHA256withRSA", "sce-pit": pit, "sce-role": "logs",
		"sce-source-version-id": version("cloudtrail/big.json.gz"), "sce-part-size": "5242880"}, head("cloudtrail/big.json.gz"))
}

// provenance is user metadata a research tool set on its uploads: 2,032
// bytes, which S3 takes on the source (its limit is 2 KB) but which leaves
// no room for sce's own metadata on the copy.
var provenance = map[string]string{"tool": "redcap-export 14.2", "provenance": strings.Repeat("p", 2000)}

// putWithMetadata writes a source object with user metadata, to be archived,
// and returns its version ID.
func (w *world) putWithMetadata(role sce.BucketRole, key, body string, meta map[string]string) string {
	w.t.Helper()
	out, err := w.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucketOf(role)), Key: aws.String(key),
		Body: strings.NewReader(body), Metadata: meta})
	require.NoError(w.t, err)
	w.want[archiveKeyOf(role, key)] = body
	return aws.ToString(out.VersionId)
}

// copyMetadata is the user metadata of a copy in the archive.
func (w *world) copyMetadata(role sce.BucketRole, key string) map[string]string {
	w.t.Helper()
	h, err := w.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(archive), Key: aws.String(archiveKeyOf(role, key))})
	require.NoError(w.t, err)
	return h.Metadata
}

// TestSourceMetadataThatDoesNotFitOnTheCopyIsKeptInTheManifest: a source
// whose user metadata, with sce's own, would pass S3's 2 KB limit on the
// copy is archived all the same, single-part and multipart: the copy
// carries sce's metadata and sce-in-manifest, the manifest entry the
// source's metadata, the verification passes and the report counts them.
// Metadata that fits to the byte stays on the copy. A rerun copies nothing.
func TestSourceMetadataThatDoesNotFitOnTheCopyIsKeptInTheManifest(t *testing.T) {
	w := newWorld(t)
	big := strings.Repeat("x", partSize+1)
	small := w.putWithMetadata(sce.BucketDataIn, "redcap/export.csv", "id,visit\n1,baseline\n", provenance)
	large := w.putWithMetadata(sce.BucketDataIn, "redcap/scan.bin", big, provenance)
	vid := w.srv.Put(t, bucketOf(sce.BucketOutput), "results/fits.csv", "placeholder")
	// sce's metadata on a single-part copy of output's fits.csv, and the
	// source's, add up to the limit exactly.
	own := len("sce-pit"+pit) + len("sce-role"+"output") + len("sce-source-version-id") + len(vid) + len("sce-sha256") + 64
	fits := map[string]string{"note": strings.Repeat("n", maxUserMetadata-own-len("note")-len(vid))}
	fitting := w.putWithMetadata(sce.BucketOutput, "results/fits.csv", "n\n1\n", fits)
	require.Len(t, fitting, len(vid))

	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, w.want, withoutDocs(w.archived()))
	assert.Equal(t, map[string]string{"sce-pit": pit, "sce-role": "data-in", "sce-source-version-id": small,
		"sce-sha256": sum("id,visit\n1,baseline\n"), "sce-in-manifest": "source-metadata"}, w.copyMetadata(sce.BucketDataIn, "redcap/export.csv"))
	assert.Equal(t, map[string]string{"sce-pit": pit, "sce-role": "data-in", "sce-source-version-id": large,
		"sce-part-size": "5242880", "sce-in-manifest": "source-metadata"}, w.copyMetadata(sce.BucketDataIn, "redcap/scan.bin"))
	assert.Equal(t, map[string]string{"note": fits["note"], "sce-pit": pit, "sce-role": "output", "sce-source-version-id": fitting,
		"sce-sha256": sum("n\n1\n")}, w.copyMetadata(sce.BucketOutput, "results/fits.csv"))
	m := w.manifest()
	assert.Equal(t, provenance, entryFor(t, m, archiveKeyOf(sce.BucketDataIn, "redcap/export.csv")).SourceMetadata)
	assert.Equal(t, provenance, entryFor(t, m, archiveKeyOf(sce.BucketDataIn, "redcap/scan.bin")).SourceMetadata)
	assert.Nil(t, entryFor(t, m, archiveKeyOf(sce.BucketOutput, "results/fits.csv")).SourceMetadata)
	assert.NotContains(t, w.read(archive, testLayout.manifest()), `"sourceMetadata": null`, "absent when the copy carries it")
	assert.True(t, st.Archive.Verified)
	assert.Equal(t, 2, st.Archive.SourceMetadataInManifest)
	assert.Contains(t, w.read(archive, testLayout.report()+".md"), "\n2 copies carry sce's metadata but not their source's user metadata, "+
		"which with sce's would pass S3's 2 KB limit on an object's metadata: the manifest keeps it, under sourceMetadata, "+
		"and the copy's sce-in-manifest says so.\n")

	puts := w.archivePuts(nil)
	w.log.Reset()
	_, err = w.run()
	require.NoError(t, err)
	assert.Equal(t, puts, w.archivePuts(nil), "the rerun copies nothing")
	assert.Contains(t, w.log.String(), "nothing left to do")
}

// TestACopyWhoseSourceMetadataIsInTheManifestIsAdoptedWithIt: a copy made
// by a run whose journal and manifest were lost is adopted, not copied
// again, and its manifest entry still keeps the source's metadata the copy
// does not carry.
func TestACopyWhoseSourceMetadataIsInTheManifestIsAdoptedWithIt(t *testing.T) {
	w := newWorld(t)
	w.putWithMetadata(sce.BucketDataIn, "redcap/export.csv", "id,visit\n1,baseline\n", provenance)
	w.runFailingTheManifestWrite()
	require.NoError(t, os.Remove(pathsFor(w.stateDir, pit).journal))

	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, 1, w.archivePuts(nil)[archiveKeyOf(sce.BucketDataIn, "redcap/export.csv")], "adopted, not copied again")
	assert.Equal(t, provenance, entryFor(t, w.manifest(), archiveKeyOf(sce.BucketDataIn, "redcap/export.csv")).SourceMetadata)
	assert.True(t, st.Archive.Verified)
	assert.Equal(t, 1, st.Archive.SourceMetadataInManifest)
}

// TestSCEsOwnMetadataAlwaysFits: whatever the source, a copy's metadata
// fits in maxUserMetadata with its SHA-256 or part size, and nothing is
// lost: sce's own metadata is on the copy, the source's metadata on the
// copy or in the manifest entry, the source key on the copy or named by
// sce-in-manifest (the entry's sourceKey has it). The bounds: a PIT is
// part of S3 bucket names (at most 63 characters), AWS documents version
// IDs as at most 1,024 bytes, an S3 key is at most 1,024 bytes, the part
// size an int64, and the source's metadata at most S3's 2,048 bytes.
func TestSCEsOwnMetadataAlwaysFits(t *testing.T) {
	c := &copier{layout: layout{pit: strings.Repeat("p", 63), instance: instance}}
	key := strings.Repeat("k", maxKeyBytes)
	source := map[string]string{"provenance": strings.Repeat("v", 2048-len("provenance"))}
	for _, vid := range []string{"null", strings.Repeat("v", 32), strings.Repeat("v", 1024)} {
		for _, part := range []int64{0, partSize, math.MaxInt64} {
			for _, role := range append(archivedRoles(), logsRole) {
				v := version{key: key, versionID: vid}
				p := c.metadata(string(role), v, source, part)
				room := sha256Room
				if part > 0 {
					room = 0
					assert.Equal(t, strconv.FormatInt(part, 10), p.meta[metaPartSize])
				}
				assert.LessOrEqual(t, metadataSize(p.meta)+room, maxUserMetadata, "version ID of %d bytes, part size %d, role %s", len(vid), part, role)
				assert.Equal(t, c.layout.pit, p.meta[metaPIT])
				assert.Equal(t, string(role), p.meta[metaRole])
				assert.Equal(t, vid, p.meta[metaVersion])
				assert.Equal(t, source, p.sourceMetadata, "the source's metadata never fits with sce's: the manifest keeps it")
				if _, ok := p.meta[metaSourceKey]; ok {
					assert.Equal(t, "source-metadata", p.meta[metaInManifest])
				} else {
					assert.Equal(t, "source-metadata, source-key", p.meta[metaInManifest])
				}
			}
		}
	}
}

// TestPlaceKeepsWhatFitsOnTheCopy: what fits in the limit to the byte
// stays on the copy, one byte more goes to the manifest; the source key of
// a hash-named copy is kept on it before the source's metadata, and is left
// off only when sce's own metadata leaves no room for it.
func TestPlaceKeepsWhatFitsOnTheCopy(t *testing.T) {
	own := map[string]string{metaPIT: "hipaa", metaRole: "output", metaVersion: "v1"}
	base := metadataSize(own)
	long := strings.Repeat("a2V5", 10)
	key := map[string]string{metaSourceKey: long}
	source := map[string]string{"note": strings.Repeat("n", 100)}
	p := place(own, key, source, base+metadataSize(key)+metadataSize(source))
	assert.Equal(t, placement{meta: map[string]string{metaPIT: "hipaa", metaRole: "output", metaVersion: "v1", metaSourceKey: long,
		"note": source["note"]}}, p, "to the byte")

	p = place(own, key, source, base+metadataSize(key)+metadataSize(source)-1)
	assert.Equal(t, placement{meta: map[string]string{metaPIT: "hipaa", metaRole: "output", metaVersion: "v1", metaSourceKey: long,
		metaInManifest: "source-metadata"}, sourceMetadata: source}, p, "one byte over")

	p = place(own, key, nil, base+metadataSize(key)-1)
	assert.Equal(t, placement{meta: map[string]string{metaPIT: "hipaa", metaRole: "output", metaVersion: "v1",
		metaInManifest: "source-key"}}, p)

	p = place(own, key, map[string]string{"n": "1"}, base+metadataSize(key)-1)
	assert.Equal(t, placement{meta: map[string]string{metaPIT: "hipaa", metaRole: "output", metaVersion: "v1", "n": "1",
		metaInManifest: "source-key"}}, p, "the source's metadata stays when only leaving the key off makes room")

	p = place(own, nil, nil, base)
	assert.Equal(t, placement{meta: own}, p, "nothing to leave off: no sce-in-manifest")
	assert.Nil(t, userMetadata(map[string]string{"sce-pit": "omop", "SCE-Role": "logs"}), "names in sce's namespace are sce's alone")
}

// TestVerificationComparesWhereTheSourceMetadataIs: a copy that says its
// manifest entry keeps its source's metadata must have an entry that does,
// and an entry that keeps it must belong to a copy that says so.
func TestVerificationComparesWhereTheSourceMetadataIs(t *testing.T) {
	marked := map[string]string{metaVersion: "v1", metaInManifest: "source-metadata"}
	kept := Entry{SourceVersionID: "v1", SourceMetadata: provenance}
	assert.Empty(t, sourceMetadataProblem(marked, kept))
	assert.Empty(t, sourceMetadataProblem(map[string]string{metaVersion: "v1", "tool": "x"}, Entry{SourceVersionID: "v1"}))
	assert.Empty(t, sourceMetadataProblem(map[string]string{metaInManifest: "source-key"}, Entry{}), "only the key left off")
	assert.Equal(t, "does not carry its source's metadata (sce-in-manifest: source-metadata), the manifest does not keep it",
		sourceMetadataProblem(marked, Entry{SourceVersionID: "v1"}))
	assert.Equal(t, "the manifest keeps its source's metadata, the copy does not say it left it off (sce-in-manifest)",
		sourceMetadataProblem(map[string]string{metaVersion: "v1"}, kept))
}

// TestAnEntryThatLostTheSourceMetadataFailsVerification: when the journal
// a manifest is written from has lost an entry's source metadata, the
// verification finds the copy saying the manifest keeps it, nothing is
// destroyed, and the next run copies the object again with its metadata.
func TestAnEntryThatLostTheSourceMetadataFailsVerification(t *testing.T) {
	w := newWorld(t)
	w.putWithMetadata(sce.BucketDataIn, "redcap/export.csv", "id,visit\n1,baseline\n", provenance)
	w.runFailingTheManifestWrite()
	journal := pathsFor(w.stateDir, pit).journal
	data, err := os.ReadFile(journal)
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(string(data), `"sourceMetadata":{`))
	lost := regexp.MustCompile(`,"sourceMetadata":\{[^}]*\}`).ReplaceAllString(string(data), "")
	require.NoError(t, os.WriteFile(journal, []byte(lost), 0o600))

	_, err = w.run()
	require.Error(t, err)
	key := archiveKeyOf(sce.BucketDataIn, "redcap/export.csv")
	assert.Contains(t, err.Error(), "1 of 9 archived copies does not match MANIFEST.json, so nothing is destroyed: "+
		key+": does not carry its source's metadata (sce-in-manifest: source-metadata), the manifest does not keep it")
	assert.Zero(t, w.calls.count("Destroy"))

	st, err := w.run()
	require.NoError(t, err)
	assert.Equal(t, 2, w.archivePuts(nil)[key], "copied again")
	assert.Equal(t, provenance, entryFor(t, w.manifest(), key).SourceMetadata)
	assert.Equal(t, 1, st.Archive.Rejected)
}

// runFailingTheManifestWrite runs close-out with the archive refusing the
// manifest's PUT, so the run stops at verify-archive with every copy made
// and journaled but no manifest; the refusal is lifted afterwards.
func (w *world) runFailingTheManifestWrite() {
	w.t.Helper()
	w.srv.Intercept(func(rw http.ResponseWriter, r *http.Request, req s3test.Request) bool {
		if req.Bucket != archive || req.Key != testLayout.manifest() || r.Method != http.MethodPut {
			return false
		}
		s3test.FailWith(rw, http.StatusForbidden, "AccessDenied", "injected failure")
		return true
	})
	_, err := w.run()
	require.ErrorContains(w.t, err, "close-out step verify-archive failed")
	w.srv.ClearInterceptors()
}
