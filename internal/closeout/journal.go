package closeout

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"
)

// Entry is one archived object: what MANIFEST.json lists.
type Entry struct {
	// Role is the source bucket's role.
	Role string `json:"role"`
	// SourceBucket, SourceKey and SourceVersionID name the copied version.
	SourceBucket    string `json:"sourceBucket"`
	SourceKey       string `json:"sourceKey"`
	SourceVersionID string `json:"sourceVersionId"`
	// Key is the object in the archive: <pit>/<role>/<source key>.
	Key string `json:"key"`
	// Size and SHA256 describe the content.
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// ArchivedAt is when the copy finished.
	ArchivedAt time.Time `json:"archivedAt"`
}

// id identifies the source version an entry copied.
func (e Entry) id() string { return e.Role + "\x00" + e.SourceKey + "\x00" + e.SourceVersionID }

// journalLine is one line of the journal: a copy, its verification (read
// back from the archive and matched), or the rejection of a copy that failed
// verification (it is copied again).
type journalLine struct {
	Op string `json:"op"`
	Entry
}

const (
	opCopied   = "copied"
	opVerified = "verified"
	opRejected = "rejected"
)

// journal is the append-only record of the archive copies: one fsync'ed
// JSON line per copy and per verification, so that a rerun copies nothing
// twice and deletes no source whose copy was not read back.
type journal struct {
	mu      sync.Mutex
	path    string
	entries map[string]Entry
	// verified are the copies read back from the archive and matched.
	verified map[string]bool
	// rejected are versions whose copy failed verification: a rerun copies
	// them again rather than adopting what is in the archive.
	rejected map[string]bool
}

// openJournal reads the journal; a torn last line (a crash mid-write) is
// ignored, and that object is copied again.
func openJournal(path string) (*journal, error) {
	j := &journal{path: path, entries: map[string]Entry{}, verified: map[string]bool{}, rejected: map[string]bool{}}
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

// has reports whether a source version was copied.
func (j *journal) has(id string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.entries[id]
	return ok
}

// isVerified reports whether a source version's copy was read back from
// the archive and matched.
func (j *journal) isVerified(id string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.verified[id]
}

// add records a copy durably.
func (j *journal) add(e Entry) error { return j.append(journalLine{Op: opCopied, Entry: e}) }

// markVerified records durably that copies were read back and matched.
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

// apply updates the entries with one line. A new copy is unverified until
// it is read back; a verification counts only for the journaled copy it
// names (same archive key and SHA-256).
func (j *journal) apply(l journalLine) {
	id := l.id()
	switch l.Op {
	case opCopied:
		j.entries[id] = l.Entry
		delete(j.verified, id)
	case opVerified:
		if e, ok := j.entries[id]; ok && e.Key == l.Key && e.SHA256 == l.SHA256 {
			j.verified[id] = true
		}
	case opRejected:
		delete(j.entries, id)
		delete(j.verified, id)
		j.rejected[id] = true
	}
}

// wasRejected reports whether a version's copy once failed verification.
func (j *journal) wasRejected(id string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.rejected[id]
}

// all returns the archived entries.
func (j *journal) all() []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Entry, 0, len(j.entries))
	for _, e := range j.entries {
		out = append(out, e)
	}
	return out
}
