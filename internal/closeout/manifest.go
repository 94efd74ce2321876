package closeout

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Manifest is MANIFEST.json: every archived object with its SHA-256.
type Manifest struct {
	// Version is the manifest format.
	Version int `json:"version"`
	// PIT and Stack name the project.
	PIT   string `json:"pit"`
	Stack string `json:"stack"`
	// CreatedAt is when this manifest was written.
	CreatedAt time.Time `json:"createdAt"`
	// ArchiveBucket and ArchiveKeyArn are where the objects are and what encrypts them.
	ArchiveBucket string `json:"archiveBucket"`
	ArchiveKeyArn string `json:"archiveKeyArn"`
	// Totals count the objects and bytes per role.
	Totals map[string]Total `json:"totals"`
	// Objects are the archived objects, sorted by key.
	Objects []Entry `json:"objects"`
}

// Total counts the archived objects of one role.
type Total struct {
	// Objects and Bytes are the count and the sum of sizes.
	Objects int   `json:"objects"`
	Bytes   int64 `json:"bytes"`
}

// manifestVersion is the MANIFEST.json format.
const manifestVersion = 1

// manifestKey is where MANIFEST.json goes: next to the archived roles.
func manifestKey(pit string) string { return pit + "/MANIFEST.json" }

// latestEntries keeps one entry per archive key, sorted by key: when a
// source object changed between runs, its last copy is the one archived.
func latestEntries(entries []Entry) []Entry {
	latest := map[string]Entry{}
	for _, e := range entries {
		if prev, ok := latest[e.Key]; !ok || e.ArchivedAt.After(prev.ArchivedAt) {
			latest[e.Key] = e
		}
	}
	out := make([]Entry, 0, len(latest))
	for _, e := range latest {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// buildManifest lists the journal's entries, one per archive key.
func buildManifest(st *State, entries []Entry, now time.Time) *Manifest {
	m := &Manifest{Version: manifestVersion, PIT: st.Outputs.PIT, Stack: st.Stack, CreatedAt: now.UTC(),
		ArchiveBucket: st.Outputs.ArchiveBucket, ArchiveKeyArn: st.Outputs.ArchiveKeyArn, Totals: map[string]Total{}, Objects: latestEntries(entries)}
	for _, e := range m.Objects {
		t := m.Totals[e.Role]
		t.Objects, t.Bytes = t.Objects+1, t.Bytes+e.Size
		m.Totals[e.Role] = t
	}
	return m
}

// putDocument writes a document into the archive, encrypted with the
// archive key, and returns its SHA-256.
func putDocument(ctx context.Context, client S3API, o Outputs, key, contentType string, data []byte) (string, error) {
	_, err := client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(o.ArchiveBucket), Key: aws.String(key), Body: bytes.NewReader(data), ContentType: aws.String(contentType),
		ContentLength: aws.Int64(int64(len(data))), ChecksumSHA256: aws.String(b64sha(data)),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: aws.String(o.ArchiveKeyArn),
	})
	if err != nil {
		return "", fmt.Errorf("write s3://%s/%s: %w", o.ArchiveBucket, key, err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// writeManifest writes MANIFEST.json and reads it back: the manifest the
// objects are verified against is the one in the archive.
func writeManifest(ctx context.Context, client S3API, o Outputs, m *Manifest) (*Manifest, string, error) {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, "", fmt.Errorf("manifest: %w", err)
	}
	key := manifestKey(o.PIT)
	sum, err := putDocument(ctx, client, o, key, "application/json", append(data, '\n'))
	if err != nil {
		return nil, "", err
	}
	stored, err := readManifest(ctx, client, o.ArchiveBucket, key)
	if err != nil {
		return nil, "", err
	}
	return stored, sum, nil
}

// readManifest reads MANIFEST.json from the archive.
func readManifest(ctx context.Context, client S3API, bucket, key string) (*Manifest, error) {
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("read back s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, fmt.Errorf("read back s3://%s/%s: %w", bucket, key, err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read back s3://%s/%s: not the manifest written: %w", bucket, key, err)
	}
	return &m, nil
}
