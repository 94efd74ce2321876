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

// journalLine is one line of the journal: a copy, or the rejection of an
// earlier copy that failed verification (it is copied again).
type journalLine struct {
	Op string `json:"op"`
	Entry
}

const (
	opCopied   = "copied"
	opRejected = "rejected"
)

// journal is the append-only record of the archive copies: one fsync'ed
// JSON line per copy, so that a rerun copies nothing twice.
type journal struct {
	mu      sync.Mutex
	path    string
	entries map[string]Entry
	// rejected are versions whose copy failed verification: a rerun copies
	// them again rather than adopting what is in the archive.
	rejected map[string]bool
}

// openJournal reads the journal; a torn last line (a crash mid-write) is
// ignored, and that object is copied again.
func openJournal(path string) (*journal, error) {
	j := &journal{path: path, entries: map[string]Entry{}, rejected: map[string]bool{}}
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

// add records a copy durably.
func (j *journal) add(e Entry) error { return j.append(journalLine{Op: opCopied, Entry: e}) }

// reject records that a copy failed verification.
func (j *journal) reject(e Entry) error { return j.append(journalLine{Op: opRejected, Entry: e}) }

func (j *journal) append(l journalLine) error {
	data, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("archive journal: %w", err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("archive journal: %w", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("archive journal: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("archive journal: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("archive journal: %w", err)
	}
	j.apply(l)
	return nil
}

// apply updates the entries with one line.
func (j *journal) apply(l journalLine) {
	switch l.Op {
	case opCopied:
		j.entries[l.id()] = l.Entry
	case opRejected:
		delete(j.entries, l.id())
		j.rejected[l.id()] = true
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
