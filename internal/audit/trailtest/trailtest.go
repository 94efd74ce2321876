// Package trailtest writes CloudTrail log files and digest files, laid out
// as CloudTrail lays them out in its bucket, for tests and benchmarks of
// internal/audit. Digests chain as CloudTrail's do and can be signed with a
// test RSA key.
package trailtest

import (
	"bytes"
	"compress/gzip"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// S3Event describes one S3 data event record.
type S3Event struct {
	// Time is when it happened.
	Time time.Time
	// Action is the API call, for example GetObject.
	Action string
	// Bucket and Key name the object.
	Bucket, Key string
	// Principal is the caller's ARN.
	Principal string
	// SourceIP and Endpoint are where the call came from.
	SourceIP, Endpoint string
	// ErrorCode marks a failed call.
	ErrorCode string
	// BytesOut is the data read.
	BytesOut int64
	// InvokedBy is the AWS service that made the call for the principal
	// (s3.amazonaws.com for replication); "" for none.
	InvokedBy string
}

// Record is the CloudTrail record of the event.
func (e S3Event) Record() map[string]any {
	r := map[string]any{
		"eventVersion": "1.10", "eventTime": e.Time.UTC().Format(time.RFC3339), "eventSource": "s3.amazonaws.com",
		"eventName": e.Action, "awsRegion": "us-west-2", "sourceIPAddress": e.SourceIP, "userAgent": "[aws-cli/2.15]",
		"userIdentity":        map[string]any{"type": "AssumedRole", "arn": e.Principal, "principalId": "AROAEXAMPLE:session", "accountId": "123456789012"},
		"requestParameters":   map[string]any{"bucketName": e.Bucket, "key": e.Key, "Host": e.Bucket + ".s3.us-west-2.amazonaws.com"},
		"additionalEventData": map[string]any{"bytesTransferredIn": 0, "bytesTransferredOut": e.BytesOut},
		"resources": []map[string]any{
			{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::" + e.Bucket + "/" + e.Key},
			{"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::" + e.Bucket, "accountId": "123456789012"},
		},
		"eventID": "00000000-0000-0000-0000-000000000000", "readOnly": e.Action == "GetObject", "eventType": "AwsApiCall",
		"managementEvent": false, "recipientAccountId": "123456789012", "eventCategory": "Data",
	}
	if e.Endpoint != "" {
		r["vpcEndpointId"] = e.Endpoint
	}
	if e.InvokedBy != "" {
		r["userIdentity"].(map[string]any)["invokedBy"] = e.InvokedBy
	}
	if e.ErrorCode != "" {
		r["errorCode"], r["errorMessage"] = e.ErrorCode, "Access Denied"
	}
	return r
}

// Management is a management event record (not an S3 data event).
func Management(t time.Time, source, name string) map[string]any {
	return map[string]any{
		"eventVersion": "1.10", "eventTime": t.UTC().Format(time.RFC3339), "eventSource": source, "eventName": name,
		"userIdentity":      map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/admin"},
		"requestParameters": map[string]any{"key": map[string]any{"not": "a string"}},
		"managementEvent":   true, "eventCategory": "Management", "sourceIPAddress": "198.51.100.7",
	}
}

// Trail writes the files of one trail in one region into Dir, at the keys
// CloudTrail uses under Prefix.
type Trail struct {
	// Dir is the folder that stands for the bucket.
	Dir string
	// Bucket is the bucket the digests name.
	Bucket string
	// Prefix is the trail's S3 key prefix.
	Prefix string
	// Account, Region and Name identify the trail.
	Account, Region, Name string
	// Key, when set, signs the digests.
	Key *rsa.PrivateKey

	t          testing.TB
	pending    []logFile
	previous   *written
	signatures map[string]string
	seq        int
}

type logFile struct {
	key, sha string
}

type written struct {
	key, sha, signature string
}

// NewTrail returns a trail writing into dir for bucket, with the project
// trail's prefix "cloudtrail" in us-west-2. Failures fail t.
func NewTrail(t testing.TB, dir, bucket string) *Trail {
	return &Trail{t: t, Dir: dir, Bucket: bucket, Prefix: "cloudtrail", Account: "123456789012", Region: "us-west-2", Name: "hipaa-trail",
		signatures: map[string]string{}}
}

// WriteLog writes a log file delivered at t holding records and returns its
// key. The next digest lists it.
func (tr *Trail) WriteLog(t time.Time, records []map[string]any) string {
	data, err := json.Marshal(map[string]any{"Records": records})
	tr.check(err)
	return tr.WriteLogBytes(t, data)
}

// WriteLogBytes writes a log file with the given uncompressed content.
func (tr *Trail) WriteLogBytes(t time.Time, content []byte) string {
	tr.seq++
	key := fmt.Sprintf("%s/AWSLogs/%s/CloudTrail/%s/%s/%s_CloudTrail_%s_%s_%06dabc.json.gz", tr.Prefix, tr.Account, tr.Region,
		t.UTC().Format("2006/01/02"), tr.Account, tr.Region, t.UTC().Format("20060102T1504Z"), tr.seq)
	tr.write(key, content)
	tr.pending = append(tr.pending, logFile{key: key, sha: sha(content)})
	return key
}

// WriteDigest writes the digest that ends at end, listing the log files
// written since the previous digest, and returns its key.
func (tr *Trail) WriteDigest(end time.Time) string {
	key := fmt.Sprintf("%s/AWSLogs/%s/CloudTrail-Digest/%s/%s/%s_CloudTrail-Digest_%s_%s_%s_%s.json.gz", tr.Prefix, tr.Account,
		tr.Region, end.UTC().Format("2006/01/02"), tr.Account, tr.Region, tr.Name, tr.Region, end.UTC().Format("20060102T150405Z"))
	d := tr.digest(key, end)
	content, err := json.Marshal(d)
	tr.check(err)
	tr.write(key, content)
	w := &written{key: key, sha: sha(content)}
	if tr.Key != nil {
		w.signature = tr.sign(d, w.sha)
		tr.signatures[key] = w.signature
	}
	tr.previous, tr.pending = w, nil
	return key
}

func (tr *Trail) digest(key string, end time.Time) map[string]any {
	files := []map[string]any{}
	for _, f := range tr.pending {
		files = append(files, map[string]any{"s3Bucket": tr.Bucket, "s3Object": f.key, "hashValue": f.sha, "hashAlgorithm": "SHA-256"})
	}
	d := map[string]any{
		"awsAccountId": tr.Account, "digestStartTime": end.Add(-time.Hour).UTC().Format(time.RFC3339),
		"digestEndTime": end.UTC().Format(time.RFC3339), "digestS3Bucket": tr.Bucket, "digestS3Object": key,
		"digestPublicKeyFingerprint": Fingerprint, "digestSignatureAlgorithm": "SHA256withRSA",
		"previousDigestS3Bucket": nil, "previousDigestS3Object": nil, "previousDigestHashValue": nil,
		"previousDigestHashAlgorithm": nil, "previousDigestSignature": nil, "logFiles": files,
	}
	if p := tr.previous; p != nil {
		d["previousDigestS3Bucket"], d["previousDigestS3Object"] = tr.Bucket, p.key
		d["previousDigestHashValue"], d["previousDigestHashAlgorithm"] = p.sha, "SHA-256"
		d["previousDigestSignature"] = p.signature
	}
	return d
}

// Fingerprint is the public key fingerprint every test digest names.
const Fingerprint = "0123456789abcdef0123456789abcdef"

// sign signs a digest as CloudTrail does (SHA256withRSA, hex).
func (tr *Trail) sign(d map[string]any, digestSHA string) string {
	prev := "null"
	if s, ok := d["previousDigestSignature"].(string); ok && s != "" {
		prev = s
	}
	msg := fmt.Sprintf("%s\n%s/%s\n%s\n%s", d["digestEndTime"], tr.Bucket, d["digestS3Object"], digestSHA, prev)
	sum := sha256.Sum256([]byte(msg))
	sig, err := rsa.SignPKCS1v15(rand.Reader, tr.Key, crypto.SHA256, sum[:])
	tr.check(err)
	return hex.EncodeToString(sig)
}

// Signatures maps each signed digest's key to its signature, the
// x-amz-meta-signature metadata CloudTrail sets.
func (tr *Trail) Signatures() map[string]string { return tr.signatures }

// Path is the local path of a key.
func (tr *Trail) Path(key string) string { return filepath.Join(tr.Dir, filepath.FromSlash(key)) }

func (tr *Trail) write(key string, content []byte) {
	path := tr.Path(key)
	tr.check(os.MkdirAll(filepath.Dir(path), 0o755))
	tr.check(os.WriteFile(path, Gzip(content), 0o644))
}

func (tr *Trail) check(err error) {
	tr.t.Helper()
	if err != nil {
		tr.t.Fatalf("trailtest: %v", err)
	}
}

// Gzip compresses data.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write(data)
	_ = zw.Close()
	return b.Bytes()
}

func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
