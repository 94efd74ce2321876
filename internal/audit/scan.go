package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// The quick path: CloudTrail writes a log file as {"Records":[{...},{...}]}.
// readRecords cuts the records out of that shape with a byte scan that
// only follows strings and brackets, and hands each record to the
// recordHandler. Anything else (other keys, a record that is not an
// object, a syntax error, a read error, the end of the input too early)
// goes to the careful path of decode.go from the last record read, so a
// malformed file is described exactly as encoding/json describes it.

const (
	// scanBuffer is the initial size of the buffer records are cut from;
	// it grows to hold the largest record.
	scanBuffer = 256 << 10
	// maxScanDepth is the deepest nesting the quick path takes; deeper
	// records go the careful path, which has encoding/json's own limit.
	maxScanDepth = 200
)

// recordsPrefix is how CloudTrail starts a log file.
var recordsPrefix = []byte(`{"Records":[`)

// scanner holds the part of the content not yet handled.
type scanner struct {
	r   io.Reader
	buf []byte
	// start is the first byte not yet handled: the byte after the last
	// record read (or after '[').
	start int
	// err is the read error that ended the input (io.EOF at its end).
	err error
}

// readRecords reads a log file's content and hands every record to h. buf
// is the memory to cut records from; readRecords returns it (grown for a
// large record) for the next file.
func readRecords(r io.Reader, buf []byte, h *recordHandler) ([]byte, error) {
	if cap(buf) == 0 {
		buf = make([]byte, 0, scanBuffer)
	}
	s := &scanner{r: r, buf: buf[:0]}
	err := s.records(h)
	return s.buf[:0], err
}

// records reads the content and hands every record to h.
func (s *scanner) records(h *recordHandler) error {
	if h.careful || !s.prefix() {
		return decodeRecords(json.NewDecoder(s.rest()), h)
	}
	n := 0
	for {
		from, end, ok := s.nextRecord(n)
		if !ok {
			return resumeItems(s.rest(), n, h)
		}
		if end < 0 {
			break
		}
		if !h.raw(s.buf[from:end]) {
			return resumeItems(s.rest(), n, h)
		}
		s.start = end
		n++
	}
	if !s.suffix() {
		return resumeItems(s.rest(), n, h)
	}
	return nil
}

// fill reads more input; false when the input has ended.
func (s *scanner) fill() bool {
	for s.err == nil {
		if s.start > 0 && s.start >= len(s.buf)/2 {
			n := copy(s.buf, s.buf[s.start:])
			s.buf, s.start = s.buf[:n], 0
		}
		if len(s.buf) == cap(s.buf) {
			s.buf = append(s.buf, make([]byte, cap(s.buf))...)[:len(s.buf)]
		}
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		s.err = err
		if n > 0 {
			return true
		}
	}
	return false
}

// rest is the unhandled content: what the buffer holds from start, then
// the rest of the input (or the error that ended it).
func (s *scanner) rest() io.Reader {
	tail := s.r
	if s.err != nil {
		tail = errReader{s.err}
	}
	return io.MultiReader(bytes.NewReader(s.buf[s.start:]), tail)
}

// errReader returns err for ever.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// prefix reads `{"Records":[`, with whitespace anywhere between tokens.
func (s *scanner) prefix() bool {
	for {
		i, want := skipSpace(s.buf, 0), 0
		for want < len(recordsPrefix) && i < len(s.buf) && s.buf[i] == recordsPrefix[want] {
			i++
			want++
			if want == 1 || want == len(`{"Records"`) || want == len(`{"Records":`) {
				i = skipSpace(s.buf, i)
			}
		}
		switch {
		case want == len(recordsPrefix):
			s.start = i
			return true
		case i < len(s.buf):
			return false
		case !s.fill():
			return false
		}
	}
}

// nextRecord finds the record after the n read so far: it is
// buf[from:end]; end is -1 at the closing ']'; ok is false when the quick
// path cannot go on.
func (s *scanner) nextRecord(n int) (from, end int, ok bool) {
	for {
		from, end, ok, more := s.findRecord(n)
		if !more {
			return from, end, ok
		}
		if !s.fill() {
			return 0, 0, false
		}
	}
}

// findRecord is nextRecord on the buffer as it is; more is true when it
// needs more input.
func (s *scanner) findRecord(n int) (from, end int, ok, more bool) {
	i := skipSpace(s.buf, s.start)
	if i == len(s.buf) {
		return 0, 0, false, true
	}
	if s.buf[i] == ']' {
		return 0, -1, true, false
	}
	if n > 0 {
		if s.buf[i] != ',' {
			return 0, 0, false, false
		}
		if i = skipSpace(s.buf, i+1); i == len(s.buf) {
			return 0, 0, false, true
		}
	}
	if s.buf[i] != '{' {
		return 0, 0, false, false
	}
	end, depth := objectEnd(s.buf, i)
	switch {
	case depth > maxScanDepth:
		return 0, 0, false, false
	case end < 0:
		return 0, 0, false, true
	}
	return i, end, true, false
}

// suffix reads the closing `]}` and then the end of the input, with only
// whitespace around.
func (s *scanner) suffix() bool {
	i := skipSpace(s.buf, s.start) + 1 // the ']' findRecord saw
	for {
		i = skipSpace(s.buf, i)
		if i < len(s.buf) {
			if s.buf[i] != '}' {
				return false
			}
			break
		}
		if !s.fillKeeping(&i) {
			return false
		}
	}
	i++
	for {
		if i = skipSpace(s.buf, i); i < len(s.buf) {
			return false
		}
		if !s.fillKeeping(&i) {
			return errors.Is(s.err, io.EOF)
		}
	}
}

// fillKeeping is fill for a position i past start, which it keeps valid.
func (s *scanner) fillKeeping(i *int) bool {
	off := *i - s.start
	ok := s.fill()
	*i = s.start + off
	return ok
}

// objectEnd finds the end of the object that starts at buf[i] ('{'): the
// index after its closing brace, or -1 when buf ends first, and the
// deepest nesting met. It follows strings and brackets only: whether the
// object is valid JSON is for the caller to check.
func objectEnd(buf []byte, i int) (end, depth int) {
	d := 0
	for ; i < len(buf); i++ {
		switch buf[i] {
		case '{', '[':
			d++
			depth = max(depth, d)
		case '}', ']':
			d--
			if d == 0 {
				return i + 1, depth
			}
		case '"':
			j := closingQuote(buf, i+1)
			if j < 0 {
				return -1, depth
			}
			i = j
		}
	}
	return -1, depth
}

// closingQuote finds the quote that ends the string whose content starts
// at buf[i], or -1.
func closingQuote(buf []byte, i int) int {
	from := i
	for {
		j := bytes.IndexByte(buf[i:], '"')
		if j < 0 {
			return -1
		}
		j += i
		k := j
		for k > from && buf[k-1] == '\\' {
			k--
		}
		if (j-k)%2 == 0 {
			return j
		}
		i = j + 1
	}
}

// skipSpace skips JSON whitespace from i.
func skipSpace(buf []byte, i int) int {
	for i < len(buf) {
		switch buf[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}
