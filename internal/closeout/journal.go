package closeout

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sync"
	"time"
)

// Entry is one archived copy: what MANIFEST.json lists.
type Entry struct {
	// Role is the source bucket's role.
	Role string `json:"role"`
	// SourceBucket, SourceKey and SourceVersionID name the copied version.
	SourceBucket    string `json:"sourceBucket"`
	SourceKey       string `json:"sourceKey"`
	SourceVersionID string `json:"sourceVersionId"`
	// SourceCheck is what the read of the source was checked against: S3's
	// checksum of the version ("CRC64NVME checksum"), its ETag when that is
	// the MD5 of the content, or a second read.
	SourceCheck string `json:"sourceCheck"`
	// Key and ArchiveVersionID are the copy in the archive.
	Key              string `json:"key"`
	ArchiveVersionID string `json:"archiveVersionId"`
	// Size and SHA256 describe the content.
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// ArchiveChecksum is the SHA-256 checksum S3 stores for the copy,
	// base64: of the whole content, or, for a copy uploaded in parts of
	// PartSize, the SHA-256 of the parts' SHA-256s followed by -<parts>.
	ArchiveChecksum string `json:"archiveChecksum"`
	PartSize        int64  `json:"partSize,omitempty"`
	// SourceMetadata is the source's user metadata when the copy does not
	// carry it, name to value: with sce's own metadata it would pass S3's
	// 2 KB limit on an object's user metadata, so the copy's sce-in-manifest
	// names it and it is kept here instead. Absent when the copy carries
	// it, or the source had none.
	SourceMetadata map[string]string `json:"sourceMetadata,omitempty"`
	// ArchivedAt is when the copy finished, for people: nothing is decided
	// by it.
	ArchivedAt time.Time `json:"archivedAt"`
	// Events counts the events of a log group's export (Role
	// cloudwatch-logs, SourceKey the group, SourceVersionID "events until"
	// the export's end); absent for a bucket's copy.
	Events *int64 `json:"events,omitempty"`
}

// copyID identifies a copy: its archive key and version.
func (e Entry) copyID() string { return e.Key + "\x00" + e.ArchiveVersionID }

// journalLine is one line of the journal: a copy (made or adopted), its
// verification, or the rejection of a copy that failed verification.
type journalLine struct {
	Op string `json:"op"`
	Entry
}

const (
	opCopied   = "copied"
	opVerified = "verified"
	opRejected = "rejected"
)

// journal is the append-only record of the archive copies, one fsync'ed
// JSON line each, in the order they were observed: for each archive key,
// the last copy journaled is the archive's current one, whatever the
// clocks of the machines that made them said.
type journal struct {
	mu   sync.Mutex
	path string
	// copies are each archive key's known copies, oldest first.
	copies map[string][]Entry
	// verified are the copies checked and matched: copyID to the SHA-256
	// they were checked for.
	verified map[string]string
	// rejected are copies that failed verification: never adopted or
	// listed again.
	rejected map[string]bool
}

// openJournal reads the journal; a torn last line (a crash mid-write) is
// ignored, and that copy is adopted or made again.
func openJournal(path string) (*journal, error) {
	j := &journal{path: path, copies: map[string][]Entry{}, verified: map[string]string{}, rejected: map[string]bool{}}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return j, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read archive journal: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var l journalLine
		if json.Unmarshal(sc.Bytes(), &l) != nil {
			continue
		}
		j.apply(l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read archive journal: %w", err)
	}
	return j, nil
}

// add records a copy durably.
func (j *journal) add(e Entry) error { return j.append(journalLine{Op: opCopied, Entry: e}) }

// markVerified records durably that copies were checked and matched.
func (j *journal) markVerified(es []Entry) error {
	lines := make([]journalLine, len(es))
	for i, e := range es {
		lines[i] = journalLine{Op: opVerified, Entry: e}
	}
	return j.append(lines...)
}

// reject records that a copy failed verification.
func (j *journal) reject(e Entry) error { return j.append(journalLine{Op: opRejected, Entry: e}) }

// append writes lines in one fsync'ed write, then applies them.
func (j *journal) append(lines ...journalLine) error {
	var data []byte
	for _, l := range lines {
		b, err := json.Marshal(l)
		if err != nil {
			return fmt.Errorf("archive journal: %w", err)
		}
		data = append(append(data, b...), '\n')
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := appendSync(j.path, data); err != nil {
		return fmt.Errorf("archive journal %s: %w", j.path, err)
	}
	for _, l := range lines {
		j.apply(l)
	}
	return nil
}

// appendSync appends data to a file and flushes it to disk.
func appendSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// apply updates the journal with one line. A copy observed again (adopted
// after it was seeded from the manifest) moves to the end of its key's
// list; a verification counts only for the copy it names with the same
// SHA-256 (it may name a copy seeded from the manifest, not journaled).
func (j *journal) apply(l journalLine) {
	id := l.copyID()
	switch l.Op {
	case opCopied:
		if !j.rejected[id] {
			j.copies[l.Key] = append(j.without(l.Key, id), l.Entry)
		}
	case opVerified:
		i := j.index(l.Key, id)
		if !j.rejected[id] && (i < 0 || j.copies[l.Key][i].SHA256 == l.SHA256) {
			j.verified[id] = l.SHA256
		}
	case opRejected:
		if rest := j.without(l.Key, id); len(rest) > 0 {
			j.copies[l.Key] = rest
		} else {
			delete(j.copies, l.Key)
		}
		delete(j.verified, id)
		j.rejected[id] = true
	}
}

func (j *journal) index(key, id string) int {
	return slices.IndexFunc(j.copies[key], func(e Entry) bool { return e.copyID() == id })
}

func (j *journal) without(key, id string) []Entry {
	return slices.DeleteFunc(slices.Clone(j.copies[key]), func(e Entry) bool { return e.copyID() == id })
}

// seed adds the copies an earlier manifest lists and the journal does not
// know (its file was lost, or another operator made them), as older than
// every copy journaled here. They are not verified until checked again.
func (j *journal) seed(m *Manifest) {
	j.mu.Lock()
	defer j.mu.Unlock()
	earlier := append(slices.Clone(m.Superseded), m.Objects...)
	for i := len(earlier) - 1; i >= 0; i-- {
		e := earlier[i]
		if id := e.copyID(); !j.rejected[id] && j.index(e.Key, id) < 0 {
			j.copies[e.Key] = append([]Entry{e}, j.copies[e.Key]...)
		}
	}
}

// latest is an archive key's last copy observed: the archive's current one.
func (j *journal) latest(key string) (Entry, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	cs := j.copies[key]
	if len(cs) == 0 {
		return Entry{}, false
	}
	return cs[len(cs)-1], true
}

// isVerified reports whether a copy was checked and matched.
func (j *journal) isVerified(e Entry) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	sum, ok := j.verified[e.copyID()]
	return ok && sum == e.SHA256
}

// wasRejected reports whether a copy failed verification.
func (j *journal) wasRejected(key, archiveVersionID string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.rejected[Entry{Key: key, ArchiveVersionID: archiveVersionID}.copyID()]
}

// split returns the current copy of every archive key (the last observed)
// and the earlier ones, each sorted by key, earlier copies oldest first.
func (j *journal) split() (current, superseded []Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, key := range sortedKeys(j.copies) {
		cs := j.copies[key]
		current = append(current, cs[len(cs)-1])
		superseded = append(superseded, cs[:len(cs)-1]...)
	}
	return current, superseded
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
