package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
)

// digest is one CloudTrail digest file: the log files CloudTrail delivered
// in an hour with their hashes, and the link to the previous digest.
type digest struct {
	AccountID             string    `json:"awsAccountId"`
	StartTime             string    `json:"digestStartTime"`
	EndTime               string    `json:"digestEndTime"`
	Bucket                string    `json:"digestS3Bucket"`
	Object                string    `json:"digestS3Object"`
	Fingerprint           string    `json:"digestPublicKeyFingerprint"`
	SignatureAlgorithm    string    `json:"digestSignatureAlgorithm"`
	PreviousBucket        *string   `json:"previousDigestS3Bucket"`
	PreviousObject        *string   `json:"previousDigestS3Object"`
	PreviousHashValue     *string   `json:"previousDigestHashValue"`
	PreviousHashAlgorithm *string   `json:"previousDigestHashAlgorithm"`
	PreviousSignature     *string   `json:"previousDigestSignature"`
	LogFiles              []listing `json:"logFiles"`
	file                  file
	sha256                string // of the uncompressed digest
	signature             string // x-amz-meta-signature, "" when unknown
	signatureAlgorithm    string // x-amz-meta-signature-algorithm, "" when unknown
	start, end            time.Time
	problem               string // why the digest could not be read
}

// listing is one log file a digest lists.
type listing struct {
	Bucket        string `json:"s3Bucket"`
	Object        string `json:"s3Object"`
	HashValue     string `json:"hashValue"`
	HashAlgorithm string `json:"hashAlgorithm"`
}

// maxDigestSize bounds the uncompressed size of a digest file read.
const maxDigestSize = 64 << 20

// readDigest reads and parses one digest file; a file that cannot be read
// comes back with its problem set.
func readDigest(ctx context.Context, f file) *digest {
	d := &digest{file: f}
	rc, meta, err := f.open(ctx)
	if err != nil {
		d.problem = "cannot be read: " + err.Error()
		return d
	}
	defer rc.Close()
	d.signature, d.signatureAlgorithm = meta["signature"], meta["signature-algorithm"]
	gz, err := gzip.NewReader(rc)
	if err != nil {
		d.problem = "is not gzip-compressed: " + err.Error()
		return d
	}
	data, err := io.ReadAll(io.LimitReader(gz, maxDigestSize))
	if err != nil {
		d.problem = "is truncated: " + err.Error()
		return d
	}
	sum := sha256.Sum256(data)
	d.sha256 = hex.EncodeToString(sum[:])
	if err := json.Unmarshal(data, d); err != nil {
		d.problem = "is not a digest file: " + err.Error()
		return d
	}
	if d.end, err = time.Parse(time.RFC3339, d.EndTime); err != nil {
		d.problem = fmt.Sprintf("has no valid digestEndTime (%q)", d.EndTime)
		return d
	}
	if d.start, err = time.Parse(time.RFC3339, d.StartTime); err != nil || !d.start.Before(d.end) {
		d.problem = fmt.Sprintf("has no valid digestStartTime (%q) before its digestEndTime", d.StartTime)
	}
	return d
}

// location is where CloudTrail wrote the digest: bucket/object.
func (d *digest) location() string { return d.Bucket + "/" + d.Object }

// previous is the location of the digest before this one, "" at a chain start.
func (d *digest) previous() string {
	if d.PreviousBucket == nil || d.PreviousObject == nil || *d.PreviousObject == "" {
		return ""
	}
	return *d.PreviousBucket + "/" + *d.PreviousObject
}

// backfill reports a backfill digest, which lists late log files outside
// the chain.
func (d *digest) backfill() bool { return strings.HasSuffix(d.file.base(), "_backfill.json.gz") }

// group is the chain a digest belongs to: one per account, region and
// trail (Run refuses two trails of an account in a region, whose log files
// cannot be told apart, but their chains are two).
func (d *digest) group() string {
	_, _, trail, _ := digestTrail(d.Object[strings.LastIndexByte(d.Object, '/')+1:])
	return d.AccountID + "/" + regionOfKey(d.Object, "/CloudTrail-Digest/") + "/" + trail
}

// moved reports whether the file is not where the digest says CloudTrail
// wrote it. A folder copy may hold the bucket's keys or a part of them. An
// S3 copy may be in another bucket under a prefix of its own, keeping the
// original key after it (close-out's archive copies a logs bucket's object
// to objects/<pit>/<instance>/logs/<key>, a replica keeps the key): its
// signature, when checked, still covers the original location.
func (d *digest) moved() bool {
	if d.file.bucket != "" {
		return d.file.key != d.Object && !strings.HasSuffix(d.file.key, "/"+d.Object)
	}
	return d.Object != d.file.key && !strings.HasSuffix(d.Object, "/"+d.file.key)
}

// regionOfKey is the region path element after marker in a CloudTrail key
// (".../CloudTrail/us-west-2/2026/...").
func regionOfKey(key, marker string) string {
	i := strings.Index(key, marker)
	if i < 0 {
		return ""
	}
	region, _, _ := strings.Cut(key[i+len(marker):], "/")
	return region
}

// logFileTime is the delivery time in a log file's name
// (<account>_CloudTrail_<region>_20260301T1205Z_<id>.json.gz).
func logFileTime(base string) (time.Time, bool) {
	parts := strings.Split(base, "_")
	if len(parts) < 5 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102T1504Z", parts[3])
	return t, err == nil
}
