package egress

import "time"

// Decisions a reviewer makes.
const (
	Approved = "approved"
	Rejected = "rejected"
)

// Manifest is a request: what is asked to leave, pinned version by version.
type Manifest struct {
	// Format is the document's format, Format.
	Format int `json:"format"`
	// ID names the request: its time and a random suffix.
	ID string `json:"id"`
	// PIT is the project.
	PIT string `json:"pit"`
	// Bucket is the output bucket the files are in.
	Bucket string `json:"bucket"`
	// Prefix is the prefix the requester named.
	Prefix string `json:"prefix"`
	// Requester is the requester's identity (STS GetCallerIdentity ARN).
	Requester string `json:"requester"`
	// Reason is why the files should leave.
	Reason string `json:"reason"`
	// RequestedAt is when the manifest was made (UTC).
	RequestedAt time.Time `json:"requestedAt"`
	// Files are the current object versions under Prefix, in key order.
	Files []File `json:"files"`
}

// File is one object version of a request.
type File struct {
	// Key is the object's key in the output bucket.
	Key string `json:"key"`
	// VersionID is the version that was read and will be copied.
	VersionID string `json:"versionId"`
	// Size is its length in bytes.
	Size int64 `json:"size"`
	// SHA256 is the hex SHA-256 of its content, computed by reading it.
	SHA256 string `json:"sha256"`
	// ETag is its ETag, checked again when it is copied.
	ETag string `json:"etag"`
}

// Bytes is the total size of the files.
func (m Manifest) Bytes() int64 {
	var n int64
	for _, f := range m.Files {
		n += f.Size
	}
	return n
}

// Decision is a reviewer's decision on a request, written once under Object
// Lock before anything is copied.
type Decision struct {
	// Format is the document's format, Format.
	Format int `json:"format"`
	// RequestID is the request decided on.
	RequestID string `json:"requestId"`
	// Decision is Approved or Rejected.
	Decision string `json:"decision"`
	// Reviewer is the reviewer's identity (STS GetCallerIdentity ARN).
	Reviewer string `json:"reviewer"`
	// Reason is why.
	Reason string `json:"reason"`
	// DecidedAt is when (UTC).
	DecidedAt time.Time `json:"decidedAt"`
	// ManifestVersionID and ManifestSHA256 pin the manifest decided on.
	ManifestVersionID string `json:"manifestVersionId"`
	ManifestSHA256    string `json:"manifestSha256"`
	// EgressBucket is where an approved request's files are copied.
	EgressBucket string `json:"egressBucket,omitempty"`
	// Manifest is the request as it was decided on.
	Manifest Manifest `json:"manifest"`
}

// Receipt records an approved request's copies once they are all made.
type Receipt struct {
	// Format is the document's format, Format.
	Format int `json:"format"`
	// RequestID is the request.
	RequestID string `json:"requestId"`
	// CompletedBy is who ran the approval that made the last copy.
	CompletedBy string `json:"completedBy"`
	// CompletedAt is when the last copy was checked (UTC).
	CompletedAt time.Time `json:"completedAt"`
	// Bucket is the egress bucket.
	Bucket string `json:"bucket"`
	// Copies are the released copies, in the manifest's order.
	Copies []Copy `json:"copies"`
}

// Copy is one released copy.
type Copy struct {
	// Key and SourceVersionID name the copied version in the output bucket.
	Key             string `json:"key"`
	SourceVersionID string `json:"sourceVersionId"`
	// EgressKey and EgressVersionID name the copy in the egress bucket.
	EgressKey       string `json:"egressKey"`
	EgressVersionID string `json:"egressVersionId"`
	// SHA256 is the hex SHA-256 of the content, checked on the copy.
	SHA256 string `json:"sha256"`
}
