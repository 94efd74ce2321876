package closeout

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Manifest is MANIFEST.json: every archived copy of one project instance,
// with its checksums and the source version it copies.
type Manifest struct {
	// Version is the manifest format.
	Version int `json:"version"`
	// PIT, Stack and Instance name the project instance; ProjectKeyArn is
	// its KMS key, unique to it.
	PIT           string `json:"pit"`
	Stack         string `json:"stack"`
	Instance      string `json:"instance"`
	ProjectKeyArn string `json:"projectKeyArn"`
	// CreatedAt is when this manifest was written.
	CreatedAt time.Time `json:"createdAt"`
	// ArchiveBucket, ArchiveKeyArn and Prefix are where the copies are and
	// what encrypts them.
	ArchiveBucket string `json:"archiveBucket"`
	ArchiveKeyArn string `json:"archiveKeyArn"`
	Prefix        string `json:"prefix"`
	// Totals count the current copies and bytes per role.
	Totals map[string]Total `json:"totals"`
	// Objects are the current copies, one per archive key, sorted by key:
	// each is the archive's current version of its key.
	Objects []Entry `json:"objects"`
	// Superseded are earlier copies of the same keys (the source changed
	// between runs, or a withdrawn version was archived before an older one
	// became current again), kept by Object Lock as noncurrent versions.
	Superseded []Entry `json:"superseded"`
}

// Total counts the archived objects of one role.
type Total struct {
	// Objects and Bytes are the count and the sum of sizes.
	Objects int   `json:"objects"`
	Bytes   int64 `json:"bytes"`
}

// manifestVersion is the MANIFEST.json format: 3 adds an entry's
// sourceMetadata, the source's user metadata its copy does not carry.
const manifestVersion = 3

// buildManifest lists the current copies and the superseded ones.
func buildManifest(st *State, current, superseded []Entry, now time.Time) *Manifest {
	o := st.Outputs
	m := &Manifest{Version: manifestVersion, PIT: o.PIT, Stack: st.Stack, Instance: st.Instance, ProjectKeyArn: o.KMSKeyArn,
		CreatedAt: now.UTC(), ArchiveBucket: o.ArchiveBucket, ArchiveKeyArn: o.ArchiveKeyArn, Prefix: st.layout().objects(),
		Totals: map[string]Total{}, Objects: nonNilEntries(current), Superseded: nonNilEntries(superseded)}
	for _, e := range m.Objects {
		t := m.Totals[e.Role]
		t.Objects, t.Bytes = t.Objects+1, t.Bytes+e.Size
		m.Totals[e.Role] = t
	}
	return m
}

func nonNilEntries(es []Entry) []Entry {
	if es == nil {
		return []Entry{}
	}
	return es
}

// belongsTo refuses a manifest of another project instance found where
// this one's goes.
func (m *Manifest) belongsTo(st *State, key string) error {
	o := st.Outputs
	if m.PIT == o.PIT && m.Stack == st.Stack && m.Instance == st.Instance && m.ProjectKeyArn == o.KMSKeyArn {
		return nil
	}
	return fmt.Errorf("s3://%s/%s belongs to another project (stack %q, instance %q, key %s), not to stack %q instance %q (key %s): "+
		"nothing is added to it; find out who wrote it before closing this project out", o.ArchiveBucket, key, m.Stack, m.Instance,
		m.ProjectKeyArn, st.Stack, st.Instance, o.KMSKeyArn)
}

// putDocument writes a document into the archive, encrypted with the
// archive key, and returns its SHA-256.
func putDocument(ctx context.Context, client S3API, o Outputs, key, contentType string, data []byte) (string, error) {
	_, err := client.PutObject(ctx, documentInput(o, key, contentType, data))
	if err != nil {
		return "", fmt.Errorf("write s3://%s/%s: %w", o.ArchiveBucket, key, err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// documentInput is the upload of a document into the archive.
func documentInput(o Outputs, key, contentType string, data []byte) *s3.PutObjectInput {
	return &s3.PutObjectInput{
		Bucket: aws.String(o.ArchiveBucket), Key: aws.String(key), Body: bytes.NewReader(data), ContentType: aws.String(contentType),
		ContentLength: aws.Int64(int64(len(data))), ChecksumSHA256: aws.String(b64sha(data)),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: aws.String(o.ArchiveKeyArn),
	}
}

// writeManifest writes MANIFEST.json and reads it back: the manifest the
// copies are verified against is the one in the archive.
func writeManifest(ctx context.Context, client S3API, st *State, m *Manifest) (*Manifest, string, error) {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, "", fmt.Errorf("manifest: %w", err)
	}
	key := st.layout().manifest()
	sum, err := putDocument(ctx, client, st.Outputs, key, "application/json", append(data, '\n'))
	if err != nil {
		return nil, "", err
	}
	stored, err := readDocument[Manifest](ctx, client, st.Outputs.ArchiveBucket, key)
	if err != nil {
		return nil, "", err
	}
	return stored, sum, nil
}

// readDocument reads a JSON document from the archive.
func readDocument[T any](ctx context.Context, client S3API, bucket, key string) (*T, error) {
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
	}
	var doc T
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: not a close-out document: %w", bucket, key, err)
	}
	return &doc, nil
}
