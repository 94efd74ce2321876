package audit

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

const (
	// runEvents is how many events are held in memory before they are
	// sorted and written to a spill file (64 bytes each: 8 MiB).
	runEvents = 1 << 17
	// maxRuns is how many spill files are merged at once; more are first
	// merged into one.
	maxRuns = 32
	// eventSize is the size of an event in a spill file.
	eventSize = 60
	// runBuffer is the read and write buffer of each spill file.
	runBuffer = 64 << 10
)

// eventLog keeps a report's events sorted by compareEvents: the newest up
// to runEvents in memory, the rest in sorted runs in spill files in a
// temporary folder, merged when read.
type eventLog struct {
	// tempDir is where the spill folder is made ("" means the system's).
	tempDir string
	// limit is how many events memory holds.
	limit int
	// dir is the spill folder, made at the first spill.
	dir    string
	runs   []string
	buf    []compactEvent
	count  int
	seq    int
	closed bool
}

// newEventLog holds up to limit events in memory (runEvents when 0) and
// spills the others into tempDir.
func newEventLog(tempDir string, limit int) *eventLog {
	return &eventLog{tempDir: tempDir, limit: cmp.Or(limit, runEvents)}
}

// add takes events; it spills when memory holds limit of them.
func (l *eventLog) add(events []compactEvent) error {
	for len(events) > 0 {
		if cap(l.buf) < l.limit && len(l.buf)+len(events) > cap(l.buf) {
			l.buf = slices.Grow(l.buf, min(l.limit, 2*cap(l.buf)+len(events))-len(l.buf))
		}
		n := min(len(events), l.limit-len(l.buf))
		l.buf = append(l.buf, events[:n]...)
		l.count += n
		events = events[n:]
		if len(l.buf) == l.limit {
			if err := l.spill(); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish sorts the events held in memory.
func (l *eventLog) finish() {
	slices.SortFunc(l.buf, compareEvents)
}

// spill sorts the events in memory and writes them to a new run.
func (l *eventLog) spill() error {
	slices.SortFunc(l.buf, compareEvents)
	if err := l.writeRun(slices.Values(l.buf)); err != nil {
		return err
	}
	l.buf = l.buf[:0]
	if len(l.runs) < maxRuns {
		return nil
	}
	return l.compact()
}

// compact merges every run into one.
func (l *eventLog) compact() error {
	old := l.runs
	l.runs = nil
	m, err := openMerge(old, nil)
	if err != nil {
		return err
	}
	err = l.writeRun(m.all)
	if cerr := m.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	for _, path := range old {
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("remove spill file: %w", err)
		}
	}
	return nil
}

// writeRun writes sorted events to a new spill file.
func (l *eventLog) writeRun(events func(yield func(compactEvent) bool)) error {
	if l.dir == "" {
		dir, err := os.MkdirTemp(l.tempDir, "sce-audit-")
		if err != nil {
			return fmt.Errorf("spill events to disk: %w", err)
		}
		l.dir = dir
	}
	l.seq++
	path := filepath.Join(l.dir, fmt.Sprintf("run-%04d", l.seq))
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("spill events to disk: %w", err)
	}
	w := bufio.NewWriterSize(f, runBuffer)
	var b [eventSize]byte
	for e := range events {
		encodeEvent(&b, e)
		w.Write(b[:])
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("spill events to disk: %w", err)
	}
	l.runs = append(l.runs, path)
	return nil
}

// close removes the spill files; the events cannot be read after it.
func (l *eventLog) close() error {
	l.closed = true
	l.buf = nil
	if l.dir == "" {
		return nil
	}
	dir := l.dir
	l.dir, l.runs = "", nil
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove spill files: %w", err)
	}
	return nil
}

// each calls fn for every event in order.
func (l *eventLog) each(fn func(compactEvent) error) error {
	if l.closed {
		return errors.New("the report was closed: its events are gone")
	}
	if len(l.runs) == 0 {
		for _, e := range l.buf {
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	}
	m, err := openMerge(l.runs, l.buf)
	if err != nil {
		return err
	}
	var ferr error
	m.all(func(e compactEvent) bool {
		ferr = fn(e)
		return ferr == nil
	})
	if err := m.close(); ferr == nil {
		ferr = err
	}
	return ferr
}

func encodeEvent(b *[eventSize]byte, e compactEvent) {
	le := binary.LittleEndian
	le.PutUint64(b[0:], uint64(e.unixNano))
	le.PutUint64(b[8:], uint64(e.bytesIn))
	le.PutUint64(b[16:], uint64(e.bytesOut))
	for i, v := range [...]uint32{e.file, e.seq, e.action, e.bucket, e.key, e.principal, e.ip, e.endpoint, e.errorCode} {
		le.PutUint32(b[24+4*i:], v)
	}
}

func decodeEvent(b *[eventSize]byte) compactEvent {
	le := binary.LittleEndian
	u := func(i int) uint32 { return le.Uint32(b[24+4*i:]) }
	return compactEvent{
		unixNano: int64(le.Uint64(b[0:])), bytesIn: int64(le.Uint64(b[8:])), bytesOut: int64(le.Uint64(b[16:])),
		file: u(0), seq: u(1), action: u(2), bucket: u(3), key: u(4), principal: u(5), ip: u(6), endpoint: u(7), errorCode: u(8),
	}
}

// cursor reads one sorted run: a spill file or the events in memory.
type cursor struct {
	head compactEvent
	r    *bufio.Reader
	mem  []compactEvent
	b    [eventSize]byte
}

// next moves to the next event; false at the end of the run.
func (c *cursor) next() (bool, error) {
	if c.r == nil {
		if len(c.mem) == 0 {
			return false, nil
		}
		c.head, c.mem = c.mem[0], c.mem[1:]
		return true, nil
	}
	if _, err := io.ReadFull(c.r, c.b[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		return false, fmt.Errorf("read spill file: %w", err)
	}
	c.head = decodeEvent(&c.b)
	return true, nil
}

// merge reads sorted runs in order: a heap of cursors on their next event.
type merge struct {
	cursors []*cursor
	files   []*os.File
	err     error
}

func openMerge(paths []string, mem []compactEvent) (*merge, error) {
	m := &merge{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			m.close()
			return nil, fmt.Errorf("read spill file: %w", err)
		}
		m.files = append(m.files, f)
		m.push(&cursor{r: bufio.NewReaderSize(f, runBuffer)})
	}
	m.push(&cursor{mem: mem})
	if m.err != nil {
		m.close()
		return nil, m.err
	}
	heap.Init(m)
	return m, nil
}

func (m *merge) push(c *cursor) {
	ok, err := c.next()
	if err != nil && m.err == nil {
		m.err = err
	}
	if ok {
		m.cursors = append(m.cursors, c)
	}
}

// all yields every event in order; m.err says why it stopped early.
func (m *merge) all(yield func(compactEvent) bool) {
	for len(m.cursors) > 0 {
		c := m.cursors[0]
		if !yield(c.head) {
			return
		}
		ok, err := c.next()
		if err != nil {
			m.err = err
			return
		}
		if ok {
			heap.Fix(m, 0)
		} else {
			heap.Pop(m)
		}
	}
}

func (m *merge) close() error {
	for _, f := range m.files {
		f.Close()
	}
	return m.err
}

// Len, Less, Swap, Push and Pop make merge a heap (container/heap).
func (m *merge) Len() int { return len(m.cursors) }
func (m *merge) Less(i, j int) bool {
	return compareEvents(m.cursors[i].head, m.cursors[j].head) < 0
}
func (m *merge) Swap(i, j int) { m.cursors[i], m.cursors[j] = m.cursors[j], m.cursors[i] }
func (m *merge) Push(x any)    { m.cursors = append(m.cursors, x.(*cursor)) }
func (m *merge) Pop() any {
	c := m.cursors[len(m.cursors)-1]
	m.cursors = m.cursors[:len(m.cursors)-1]
	return c
}
