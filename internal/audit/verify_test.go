package audit

import (
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/audit/trailtest"
	"github.com/sce-dev/sce/internal/s3test"
)

func verifyDir(t *testing.T, dir string) *Verification {
	t.Helper()
	rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}, Verify: true})
	require.NotNil(t, rep.Verification)
	return rep.Verification
}

func TestVerifyIntactTrail(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	_, digests := studyTrail(tr)
	v := verifyDir(t, dir)
	assert.True(t, v.OK())
	want := newVerification()
	want.DigestFiles, want.Listed, want.Verified = 2, 3, 3
	want.Notes = []string{"a digest chain starts at " + tr.Path(digests[0]) + " (the trail's first digest, or logging or validation was restarted)"}
	want.Signatures = offlineSignatures
	want.Status, want.unchecked = ConsistentStatus, 2
	assert.Equal(t, want, v)
}

// TestVerifyWithoutSignaturesIsNotPassed: when no signature is checked,
// hashes and chain that agree prove only that the files are consistent
// (whoever could write the newest digest could write it and its log files
// to agree): every rendering says CONSISTENT, not PASSED.
func TestVerifyWithoutSignaturesIsNotPassed(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	line := ConsistentStatus + ": 3 of 3 listed log files verified (SHA-256) against 2 digest files; 0 missing, 0 altered, 0 unlisted, " +
		"0 not yet digested, 0 digest-chain problems, 0 gaps in the window"
	for name, keys := range map[string]PublicKeys{"offline": nil, "a folder copy, keys at hand": &fakeKeys{}} {
		t.Run(name, func(t *testing.T) {
			rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}, Verify: true, Keys: keys})
			assert.True(t, rep.Verification.OK())
			want := map[string]string{"table": "\nverify " + line + "\n", "markdown": "\n- " + line + "\n", "json": `"status":"` + ConsistentStatus + `"`}
			for format, text := range want {
				var buf strings.Builder
				require.NoError(t, rep.Write(&buf, format))
				assert.Contains(t, buf.String(), text, format)
				assert.NotContains(t, buf.String(), "PASSED", format)
			}
		})
	}
}

func TestVerifyFindsAlteredMissingAndUnlistedLogFiles(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	logs, digests := studyTrail(tr)
	// An attacker rewrites a log file without the read of alice...
	tampered := tr.Path(logs[1])
	require.NoError(t, os.WriteFile(tampered, trailtest.Gzip([]byte(`{"Records":[]}`)), 0o644))
	// ...deletes another...
	require.NoError(t, os.Remove(tr.Path(logs[2])))
	// ...and plants one CloudTrail never delivered.
	planted := filepath.Join(filepath.Dir(tr.Path(logs[0])), "123456789012_CloudTrail_us-west-2_20260302T1030Z_planted.json.gz")
	require.NoError(t, os.WriteFile(planted, trailtest.Gzip([]byte(`{"Records":[]}`)), 0o644))
	// A file newer than the last digest is not digested yet.
	pending := tr.WriteLog(at(130), []map[string]any{})

	v := verifyDir(t, dir)
	assert.False(t, v.OK())
	assert.Equal(t, 3, v.Listed)
	assert.Equal(t, 1, v.Verified)
	assert.Equal(t, []Finding{{File: "s3://" + logsBkt + "/" + logs[2], Detail: "listed in " + tr.Path(digests[1]) + ", not in the source"}}, v.Missing)
	require.Len(t, v.Altered, 1)
	assert.Equal(t, tampered, v.Altered[0].File)
	assert.Regexp(t, `^content was altered: its SHA-256 is [0-9a-f]{64}, .*_20260302T110000Z\.json\.gz lists [0-9a-f]{64}$`, v.Altered[0].Detail)
	assert.Equal(t, []Finding{{File: planted, Detail: "no digest lists it: CloudTrail did not deliver it, or the digest that lists it is missing"}}, v.Unlisted)
	assert.Equal(t, []string{tr.Path(pending)}, v.Pending)
	assert.Empty(t, v.Chain)
}

func TestVerifyFindsBrokenDigestChain(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	logs, digests := studyTrail(tr)
	orphan := tr.WriteLog(at(130), []map[string]any{})
	digests = append(digests, tr.WriteDigest(at(180)))
	tr.WriteLog(at(190), []map[string]any{})
	digests = append(digests, tr.WriteDigest(at(240)))
	// The first digest is edited to drop a log file, the third is deleted.
	first := tr.Path(digests[0])
	edited := strings.Replace(string(gunzip(t, first)), logs[0], "cloudtrail/elsewhere.json.gz", 1)
	require.NoError(t, os.WriteFile(first, trailtest.Gzip([]byte(edited)), 0o644))
	require.NoError(t, os.Remove(tr.Path(digests[2])))

	v := verifyDir(t, dir)
	require.Len(t, v.Chain, 2)
	assert.Equal(t, first, v.Chain[0].File)
	assert.Regexp(t, `^digest was altered: its SHA-256 is [0-9a-f]{64}, the next digest .*_20260302T120000Z\.json\.gz records [0-9a-f]{64}$`, v.Chain[0].Detail)
	assert.Equal(t, Finding{File: "s3://" + logsBkt + "/" + digests[2], Detail: "digest is missing: " + tr.Path(digests[3]) + " refers to it"}, v.Chain[1])
	unlisted := "no digest lists it: CloudTrail did not deliver it, or the digest that lists it is missing"
	assert.Equal(t, []Finding{{File: tr.Path(logs[0]), Detail: unlisted}, {File: tr.Path(orphan), Detail: unlisted}}, v.Unlisted,
		"the log dropped from the edited digest, and the one the deleted digest listed")
	assert.Equal(t, []Finding{{File: "s3://" + logsBkt + "/cloudtrail/elsewhere.json.gz", Detail: "listed in " + first + ", not in the source"}}, v.Missing)
}

func mustRel(t *testing.T, base, path string) string {
	t.Helper()
	rel, err := filepath.Rel(base, path)
	require.NoError(t, err)
	return rel
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	data, err := io.ReadAll(zr)
	require.NoError(t, err)
	return data
}

// fakeKeys serves one public key as CloudTrail's ListPublicKeys would.
type fakeKeys struct {
	der     []byte
	regions []string
}

func (k *fakeKeys) PublicKeys(_ context.Context, region string, start, end time.Time) (map[string][]byte, error) {
	k.regions = append(k.regions, region+" "+stamp(start)+" "+stamp(end))
	return map[string][]byte{trailtest.Fingerprint: k.der}, nil
}

// uploadTrail copies a trail folder into a bucket of the fake S3, with the
// digests' signatures as object metadata, as CloudTrail delivers them.
func uploadTrail(t *testing.T, srv *s3test.Server, tr *trailtest.Trail, bucket string) {
	t.Helper()
	uploadTrailUnder(t, srv, tr, bucket, "")
}

// uploadTrailUnder is uploadTrail with every key under prefix, as close-out
// copies a logs bucket into the archive.
func uploadTrailUnder(t *testing.T, srv *s3test.Server, tr *trailtest.Trail, bucket, prefix string) {
	t.Helper()
	c := srv.Client()
	require.NoError(t, filepath.WalkDir(tr.Dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		key := filepath.ToSlash(mustRel(t, tr.Dir, path))
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(prefix + key), Body: strings.NewReader(string(data))}
		if sig, ok := tr.Signatures()[key]; ok {
			in.Metadata = map[string]string{"signature": sig, "signature-algorithm": "SHA256withRSA"}
		}
		_, err = c.PutObject(context.Background(), in)
		return err
	}))
}

func TestVerifySignaturesFromS3(t *testing.T) {
	srv, tr, keys, _, _ := signedTrail(t, logsBkt)
	uploadTrail(t, srv, tr, logsBkt)

	rep := run(t, Options{Sources: []string{"s3://" + logsBkt + "/cloudtrail/"}, Filter: Filter{PIT: "hipaa"}, Verify: true, S3: srv.Client(), Keys: keys})
	assert.Equal(t, 4, rep.Len())
	v := rep.Verification
	assert.True(t, v.OK(), "%+v", v)
	assert.Equal(t, 3, v.Verified)
	assert.Equal(t, "2 of 2 digest signatures verified with CloudTrail's public keys", v.Signatures)
	assert.Equal(t, "", v.Status)
	assert.Equal(t, "PASSED: 3 of 3 listed log files verified (SHA-256) against 2 digest files; 0 missing, 0 altered, 0 unlisted, "+
		"0 not yet digested, 0 digest-chain problems, 0 gaps in the window", v.lines()[0])
	assert.Equal(t, []string{"us-west-2 2026-03-02T10:00:00Z 2026-03-02T14:00:00Z"}, keys.regions,
		"from the hour before the first digest's end to 2 hours after the last's: a digest is signed after its end")

	other, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	rep = run(t, Options{Sources: []string{"s3://" + logsBkt + "/cloudtrail/"}, Verify: true, S3: srv.Client(),
		Keys: &fakeKeys{der: x509.MarshalPKCS1PublicKey(&other.PublicKey)}})
	assert.Equal(t, "0 of 2 digest signatures verified with CloudTrail's public keys", rep.Verification.Signatures)
	require.Len(t, rep.Verification.BadSignatures, 2)
	assert.Equal(t, "signature does not verify: crypto/rsa: verification error", rep.Verification.BadSignatures[0].Detail)
}

func TestVerifySignaturesNeedS3Metadata(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	rep := run(t, Options{Sources: []string{dir}, Verify: true, Keys: &fakeKeys{}})
	assert.Equal(t, "0 of 0 digest signatures verified with CloudTrail's public keys; 2 digests carry no signature "+
		"(a folder copy loses the x-amz-meta-signature S3 metadata): check them on the s3:// source", rep.Verification.Signatures)

	one := trailtest.NewTrail(t, t.TempDir(), logsBkt)
	_, digests := studyTrail(one)
	require.NoError(t, os.Remove(one.Path(digests[1])))
	rep = run(t, Options{Sources: []string{one.Dir}, Verify: true, Keys: &fakeKeys{}})
	assert.Equal(t, "0 of 0 digest signatures verified with CloudTrail's public keys; 1 digest carries no signature "+
		"(a folder copy loses the x-amz-meta-signature S3 metadata): check it on the s3:// source", rep.Verification.Signatures)
}

// TestVerifyWithoutDigestFiles: without any digest, every log file is
// unlisted and every hour uncovered (from the first log file's hour to the
// last's when --since or --until is not given), and the chain problem
// names the sources searched.
func TestVerifyWithoutDigestFiles(t *testing.T) {
	dir := t.TempDir()
	tr := trailtest.NewTrail(t, dir, logsBkt)
	logs, digests := studyTrail(tr)
	for _, d := range digests {
		require.NoError(t, os.Remove(tr.Path(d)))
	}
	noDigest := "no CloudTrail digest file found (<account>_CloudTrail-Digest_<region>_<trail>_<region>_<time>.json.gz, " +
		"under AWSLogs/<account>/CloudTrail-Digest/): turn on log file validation for the trail, and include the CloudTrail-Digest/ folder in the source"
	var unlisted []Finding
	for _, l := range logs {
		unlisted = append(unlisted, Finding{File: tr.Path(l), Detail: "no digest lists it: CloudTrail did not deliver it, or the digest that lists it is missing"})
	}
	tests := []struct {
		name   string
		filter Filter
		gap    Gap
	}{
		{"open window", Filter{PIT: "hipaa"}, Gap{Account: "123456789012", Region: "us-west-2", From: at(0), To: at(120)}},
		{"since and until", Filter{PIT: "hipaa", Since: at(-600), Until: at(600)}, Gap{Account: "123456789012", Region: "us-west-2", From: at(-600), To: at(600)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := run(t, Options{Sources: []string{dir}, Filter: tt.filter, Verify: true})
			v := rep.Verification
			assert.False(t, v.OK())
			assert.Equal(t, []Finding{{File: dir, Detail: noDigest}}, v.Chain)
			assert.Equal(t, unlisted, v.Unlisted)
			assert.Equal(t, []Gap{tt.gap}, v.Gaps)
			assert.Equal(t, 0, v.DigestFiles)
			assert.Equal(t, 0, v.Listed)
			assert.Contains(t, v.lines()[0], "3 unlisted, 0 not yet digested, 1 digest-chain problem, 1 gap in the window")
			if tt.filter.Since.IsZero() {
				assert.Equal(t, []string{"no digest was read: where --since or --until is not given, the window of each account and region " +
					"starts at the hour of its first log file and ends with the hour of its last"}, v.Notes)
			} else {
				assert.Empty(t, v.Notes)
			}
		})
	}
}

// TestVerifyChecksEveryFileOfAName: a source holding an altered version of
// a log file beside a source holding the original (same relative path) is
// found altered whichever source is given first; the original is not
// enough to verify the log file.
func TestVerifyChecksEveryFileOfAName(t *testing.T) {
	orig, alt := t.TempDir(), t.TempDir()
	tr := trailtest.NewTrail(t, orig, logsBkt)
	logs, digests := studyTrail(tr)
	copyTree(t, orig, alt)
	altered := filepath.Join(alt, filepath.FromSlash(logs[1]))
	require.NoError(t, os.WriteFile(altered, trailtest.Gzip([]byte(`{"Records":[]}`)), 0o644))
	for name, sources := range map[string][]string{"altered first": {alt, orig}, "altered second": {orig, alt}} {
		t.Run(name, func(t *testing.T) {
			rep := run(t, Options{Sources: sources, Filter: Filter{PIT: "hipaa"}, Verify: true})
			v := rep.Verification
			assert.False(t, v.OK())
			assert.Equal(t, 3, v.Listed)
			assert.Equal(t, 2, v.Verified, "the log file with an altered copy is not verified")
			require.Len(t, v.Altered, 1, "%+v", v.Altered)
			assert.Equal(t, altered, v.Altered[0].File)
			assert.Regexp(t, `^content was altered: its SHA-256 is [0-9a-f]{64}, `+regexp.QuoteMeta(filepath.Join(sources[0], filepath.FromSlash(digests[0])))+
				` lists [0-9a-f]{64}$`, v.Altered[0].Detail)
			assert.Empty(t, v.Missing)
			assert.Empty(t, v.Unlisted)
		})
	}
}

// TestVerifyFailsUnsignedS3Digest: CloudTrail signs every digest it
// delivers, so a digest object without the signature metadata (one an
// attacker wrote, whose hashes all agree) or signed otherwise than with
// SHA256withRSA fails verification when signatures are checked.
func TestVerifyFailsUnsignedS3Digest(t *testing.T) {
	srv, tr, keys, _, digests := signedTrail(t, logsBkt)
	uploadTrail(t, srv, tr, logsBkt)
	reput := func(k string, meta map[string]string) {
		data, err := os.ReadFile(tr.Path(k))
		require.NoError(t, err)
		_, err = srv.Client().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(logsBkt), Key: aws.String(k),
			Body: strings.NewReader(string(data)), Metadata: meta})
		require.NoError(t, err)
	}
	reput(digests[1], nil)
	reput(digests[0], map[string]string{"signature": tr.Signatures()[digests[0]], "signature-algorithm": "SHA1withRSA"})

	rep := run(t, Options{Sources: []string{"s3://" + logsBkt + "/cloudtrail/"}, Verify: true, S3: srv.Client(), Keys: keys})
	v := rep.Verification
	assert.False(t, v.OK())
	assert.Equal(t, 3, v.Verified, "the hashes still agree")
	assert.Equal(t, "0 of 2 digest signatures verified with CloudTrail's public keys", v.Signatures)
	assert.Equal(t, []Finding{
		{File: "s3://" + logsBkt + "/" + digests[0], Detail: `signature algorithm is "SHA1withRSA" (x-amz-meta-signature-algorithm), not SHA256withRSA, the one CloudTrail signs with`},
		{File: "s3://" + logsBkt + "/" + digests[1], Detail: "no signature: the object lacks the x-amz-meta-signature or x-amz-meta-signature-algorithm metadata " +
			"CloudTrail sets on every digest it delivers (it was written or replaced by someone else, or copied without its metadata)"},
	}, v.BadSignatures)
}

// TestVerifyCloseOutArchive: close-out copies the logs bucket's objects,
// with their metadata, to objects/<pit>/<instance>/logs/<key> of the
// archive; the copy verifies, signatures included, and a digest whose key
// does not end with the one it records is still moved.
func TestVerifyCloseOutArchive(t *testing.T) {
	const archive, prefix = "sce-archive-123456789012-us-west-2", "objects/hipaa/20260301T120000Z/logs/"
	srv, tr, keys, logs, digests := signedTrail(t, archive)
	uploadTrailUnder(t, srv, tr, archive, prefix)

	rep := run(t, Options{Sources: []string{"s3://" + archive + "/" + prefix}, Filter: Filter{PIT: "hipaa"}, Verify: true, S3: srv.Client(), Keys: keys})
	v := rep.Verification
	assert.True(t, v.OK(), "%+v", v)
	assert.Equal(t, 3, v.Verified)
	assert.Empty(t, v.Chain)
	assert.Equal(t, "2 of 2 digest signatures verified with CloudTrail's public keys", v.Signatures)

	// A digest whose key only ends with part of the recorded key, not on
	// a path boundary, was moved.
	moved := "objects/hipaa/x" + digests[1]
	for k, meta := range map[string]map[string]string{
		digests[1]: {"signature": tr.Signatures()[digests[1]], "signature-algorithm": "SHA256withRSA"}, logs[2]: nil} {
		data, err := os.ReadFile(tr.Path(k))
		require.NoError(t, err)
		_, err = srv.Client().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(archive), Key: aws.String("objects/hipaa/x" + k),
			Body: strings.NewReader(string(data)), Metadata: meta})
		require.NoError(t, err)
	}
	rep = run(t, Options{Sources: []string{"s3://" + archive + "/objects/hipaa/x"}, Verify: true, S3: srv.Client(), Keys: keys})
	assert.Contains(t, rep.Verification.Chain, Finding{File: "s3://" + archive + "/" + moved, Detail: "digest was moved: CloudTrail wrote it to s3://" + logsBkt + "/" + digests[1]})
}

// TestVerifyPendingIsPerAccount: a log file is not yet digested only when
// it is newer than the last digest of its own account and region; another
// account's newer digest says nothing of it.
func TestVerifyPendingIsPerAccount(t *testing.T) {
	dir := t.TempDir()
	studyTrail(trailtest.NewTrail(t, dir, logsBkt))
	other := trailtest.NewTrail(t, dir, logsBkt)
	other.Account = "210987654321"
	late := other.WriteLog(at(130), []map[string]any{})
	v := verifyDir(t, dir)
	assert.Empty(t, v.Pending)
	assert.Equal(t, []Finding{{File: other.Path(late), Detail: "no digest lists it: CloudTrail did not deliver it, or the digest that lists it is missing"}}, v.Unlisted)
}

// TestDigestChainsArePerTrail: two trails of an account in a region have a
// chain each.
func TestDigestChainsArePerTrail(t *testing.T) {
	key := func(trail string) string {
		return "AWSLogs/123456789012/CloudTrail-Digest/us-west-2/2026/03/02/123456789012_CloudTrail-Digest_us-west-2_" + trail + "_us-west-2_20260302T110000Z.json.gz"
	}
	a := &digest{AccountID: "123456789012", Object: key("hipaa-trail")}
	b := &digest{AccountID: "123456789012", Object: key("sce-account-trail")}
	assert.Equal(t, "123456789012/us-west-2/hipaa-trail", a.group())
	assert.Equal(t, "123456789012/us-west-2/sce-account-trail", b.group())
}

// signedTrail is the study trail of logsBkt signed with a new key, its log
// and digest files, an in-process S3 server with bucket (where the caller
// uploads it), and the CloudTrail public keys that verify it.
func signedTrail(t *testing.T, bucket string) (*s3test.Server, *trailtest.Trail, *fakeKeys, []string, []string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	srv := s3test.Start(t)
	srv.Bucket(t, bucket, false)
	tr := trailtest.NewTrail(t, t.TempDir(), logsBkt)
	tr.Key = key
	logs, digests := studyTrail(tr)
	return srv, tr, &fakeKeys{der: x509.MarshalPKCS1PublicKey(&key.PublicKey)}, logs, digests
}
