package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
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
	// maxKeptBuffer is the largest buffer kept for the next file.
	maxKeptBuffer = 4 * scanBuffer
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
	// object is the scan of a record the buffer does not hold whole yet.
	object objectScan
	// lastOdd is the odd of the record found last (see objectScan).
	lastOdd bool
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
	if cap(s.buf) > maxKeptBuffer {
		return nil, err // grown for a huge record: not kept
	}
	return s.buf[:0], err
}

// records reads the content and hands every record to h.
func (s *scanner) records(h *recordHandler) error {
	if h.careful || !s.prefix() {
		return decodeRecords(json.NewDecoder(s.rest()), h)
	}
	n := 0
	for {
		if s.readPlain(n, h) {
			n++
			continue
		}
		from, end, ok := s.nextRecord(n)
		if !ok {
			return resumeItems(s.rest(), n, h)
		}
		if end < 0 {
			break
		}
		if !h.raw(s.buf[from:end], s.lastOdd) {
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
			s.buf = slices.Grow(s.buf, cap(s.buf))
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
	o := s.object
	if !o.started || o.from != i-s.start {
		o = objectScan{started: true, from: i - s.start, at: i - s.start}
	}
	end = o.scan(s.buf, s.start)
	s.object = o
	switch {
	case o.deepest > maxScanDepth:
		return 0, 0, false, false
	case end < 0:
		return 0, 0, false, true
	}
	s.lastOdd, s.object = o.odd, objectScan{}
	return i, end, true, false
}

// objectScan is how far the scan of a record got when the buffer ended,
// so that it goes on from there when more is read. Positions are from the
// scanner's start, which fill may move.
type objectScan struct {
	started bool
	// from is where the record starts; at is where to go on.
	from, at int
	// inString is whether at is inside a string, whose content starts at
	// strStart.
	inString bool
	strStart int
	// depth is the nesting at at; deepest the deepest met so far.
	depth, deepest int
	// odd is whether something outside the strings is not punctuation,
	// whitespace, a JSON number or true, false or null.
	odd bool
}

// scan follows strings and brackets from o.at to the end of the record
// that starts at o.from: it returns the index after its closing brace, or
// -1 when buf ends first. Whether the record is valid JSON is for the
// caller to check.
func (o *objectScan) scan(buf []byte, start int) int {
	i := start + o.at
	if o.inString {
		j := closingQuote(buf, start+o.strStart, i)
		if j < 0 {
			o.at = len(buf) - start
			return -1
		}
		o.inString, i = false, j+1
	}
	for ; i < len(buf); i++ {
		switch c := buf[i]; c {
		case '{', '[':
			o.depth++
			o.deepest = max(o.deepest, o.depth)
		case '}', ']':
			o.depth--
			if o.depth == 0 {
				return i + 1
			}
		case '"':
			j := closingQuote(buf, i+1, i+1)
			if j < 0 {
				o.inString, o.strStart, o.at = true, i+1-start, len(buf)-start
				return -1
			}
			i = j
		case ',', ':', ' ', '\t', '\n', '\r':
		default:
			j := o.token(buf, i)
			if j < 0 {
				o.at = i - start // the token may go on: read it again
				return -1
			}
			i = j - 1
		}
	}
	o.at = len(buf) - start
	return -1
}

// token checks the number or literal at buf[i] and returns where it ends,
// or -1 when buf ends first.
func (o *objectScan) token(buf []byte, i int) int {
	j := i
	for j < len(buf) && tokenByte(buf[j]) {
		j++
	}
	if j == len(buf) {
		return -1
	}
	switch t := buf[i:j]; {
	case string(t) == "true" || string(t) == "false" || string(t) == "null":
	case jsonNumber(t):
	default:
		o.odd = true
	}
	return max(j, i+1)
}

// tokenByte reports whether c can be part of a number or a literal.
func tokenByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-' || c == '+' || c == '.'
}

// jsonNumber reports whether b is a number as JSON writes it:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func jsonNumber(b []byte) bool {
	digits := func(i int) int {
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i
	}
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(i)
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		if j := digits(i + 1); j > i+1 {
			i = j
		} else {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if j := digits(i); j > i {
			i = j
		} else {
			return false
		}
	}
	return i == len(b)
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

// closingQuote finds, from i on, the quote that ends the string whose
// content starts at buf[from], or -1.
func closingQuote(buf []byte, from, i int) int {
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
