package audit

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/valyala/fastjson"

	"github.com/sce-dev/sce/internal/english"
)

// readBuffer is the read-ahead of each file being read.
const readBuffer = 256 << 10

// logResult is what reading one log file found.
type logResult struct {
	index   int
	records int
	events  *fileEvents
	// sha256 is the hex SHA-256 of the uncompressed content, as CloudTrail
	// digests list it; "" when the file could not be read to its end or
	// was not hashed (no verification asked).
	sha256 string
	// problem says why the file is malformed or truncated; "" if it is not.
	problem string
	// badRecords counts S3 data events without a valid time; firstBad is
	// the first one's position in the file.
	badRecords, firstBad int
	// replication counts the selected events of the project's S3
	// replication, which are not among events; nil when there were none.
	replication replicationTally
	// seen is what the filters were checked against.
	seen seen
	// stored is the SHA-256 of the file as stored, when its file was
	// hashed and read to its end (storedOK).
	stored   [sha256.Size]byte
	storedOK bool
}

// logReader reads log files one after another, keeping its buffers, the
// gzip reader and the JSON parser for the next file. Each worker has its own.
type logReader struct {
	m *matcher
	// hashed asks for the SHA-256 of each file's content.
	hashed bool
	// files hands out the fileEvents a result carries; the report gives
	// them back once it has taken their events.
	files *sync.Pool
	br    *bufio.Reader
	gz    *gzip.Reader
	// stored hashes the files as stored, when asked (file.hashed).
	stored hash.Hash
	buf    []byte
	h      recordHandler
}

// read streams one log file record by record, keeping the S3 data events
// that pass the filter. A broken file keeps the events read before the
// break and says what is wrong.
func (lr *logReader) read(ctx context.Context, f file, index int) logResult {
	fe := lr.files.Get().(*fileEvents)
	fe.reset()
	res := logResult{index: index, events: fe}
	span, timed := fileSpan(f.base())
	res.seen.logs, lr.h.untimed = span, !timed
	rc, _, err := f.open(ctx)
	if err != nil {
		res.problem = "cannot be read: " + err.Error()
		return res
	}
	defer rc.Close()
	var raw io.Reader = rc
	if f.hashed {
		if lr.stored == nil {
			lr.stored = sha256.New()
		}
		lr.stored.Reset()
		raw = io.TeeReader(rc, lr.stored)
	}
	lr.content(raw, &res)
	if f.hashed {
		// What the read left of the file is hashed too: a broken copy is
		// a copy as well.
		if _, err := io.Copy(io.Discard, raw); err == nil {
			lr.stored.Sum(res.stored[:0])
			res.storedOK = true
		}
	}
	return res
}

// content reads a log file's stored bytes: gzip, then the records.
func (lr *logReader) content(raw io.Reader, res *logResult) {
	if lr.br == nil {
		lr.br = bufio.NewReaderSize(raw, readBuffer)
	} else {
		lr.br.Reset(raw)
	}
	if err := lr.openGzip(); err != nil {
		res.problem = "is not gzip-compressed: " + err.Error()
		return
	}
	var content io.Reader = lr.gz
	var h hash.Hash
	if lr.hashed {
		h = sha256.New()
		content = io.TeeReader(lr.gz, h)
	}
	lr.h.m, lr.h.res = lr.m, res
	var rerr error
	lr.buf, rerr = readRecords(content, lr.buf, &lr.h)
	lr.h.res = nil
	if rerr != nil {
		res.problem = fmt.Sprintf("is malformed or truncated after %s: %v", english.Plural(res.records, "record"), rerr)
		return
	}
	if _, err := io.Copy(io.Discard, content); err != nil {
		res.problem = "is truncated: " + err.Error()
		return
	}
	if _, err := lr.br.Peek(1); !errors.Is(err, io.EOF) {
		res.problem = "has data after the end of its compressed stream"
		return
	}
	if lr.hashed {
		res.sha256 = hex.EncodeToString(h.Sum(nil))
	}
	if res.badRecords > 0 {
		res.problem = badTimeProblem(res.badRecords, res.firstBad)
	}
}

// badTimeProblem says that a log file has n S3 data events without a valid
// eventTime, the first of them its record first.
func badTimeProblem(n, first int) string {
	return fmt.Sprintf("has %s without a valid eventTime (the first is record %d); %s not in the report",
		english.Plural(n, "S3 data event"), first, english.Agree(n, "it is", "they are"))
}

// openGzip starts reading one gzip stream from br.
func (lr *logReader) openGzip() error {
	var err error
	if lr.gz == nil {
		lr.gz, err = gzip.NewReader(lr.br)
	} else {
		err = lr.gz.Reset(lr.br)
	}
	if err != nil {
		return err
	}
	lr.gz.Multistream(false)
	return nil
}

// s3Source is the eventSource of S3 events.
var s3Source = []byte("s3.amazonaws.com")

// recordHandler turns the records of one file into its events.
type recordHandler struct {
	m      *matcher
	res    *logResult
	parser fastjson.Parser
	rec    record
	key    keyBuf
	// one reads plain records in one pass; plain counts them.
	one   onePass
	plain int
	// careful reads the whole file the careful way.
	careful bool
	// buckets remembers whether a bucket is in scope.
	buckets map[string]scope
	// untimed is set while a log file whose name carries no delivery time
	// is read: the eventTime of each of its records widens the time the
	// logs cover (res.seen.logs).
	untimed bool
}

// raw handles one record as the quick path cut it out; odd says whether
// its scan found something other than punctuation, whitespace, JSON
// numbers and true, false or null outside its strings. It returns false,
// having counted nothing, when the record must go the careful path: it is
// not valid JSON, or not an object fastjson reads.
//
// Only S3 events need decoding: a record without "s3.amazonaws.com" in its
// bytes and without escapes cannot have it as its eventSource, so it is
// only validated (by fastjson), unless the file's name carries no
// delivery time: then every record's eventTime is read. A record of plain
// ASCII without escapes and nothing odd is parsed by fastjson, whose
// parser checks the structure; what it does not check (strings, numbers,
// literals) cannot be wrong in such a record. Of those records, the ones naming none of the
// buckets asked for are read for the fields that tell an S3 data event
// and its time only. Other records are decoded by encoding/json.
func (h *recordHandler) raw(rec []byte, odd bool) bool {
	escaped := bytes.IndexByte(rec, '\\') >= 0
	if !escaped && !h.untimed && !bytes.Contains(rec, s3Source) {
		if fastjson.ValidateBytes(rec) != nil {
			return false
		}
		h.res.records++
		return true
	}
	r := &h.rec
	r.reset()
	if escaped || odd || !plainASCII(rec) {
		var mismatch *json.UnmarshalTypeError
		if err := json.Unmarshal(rec, r); err != nil && !errors.As(err, &mismatch) {
			return false
		}
		h.record(r)
		return true
	}
	v, err := h.parser.ParseBytes(rec)
	if err != nil {
		return false
	}
	if h.m.allNames || h.m.mayName(rec) {
		r.fill(v, &h.key)
	} else {
		r.fillHeader(v, &h.key)
	}
	h.record(r)
	return true
}

// record counts a decoded record and keeps its events that pass the filter.
func (h *recordHandler) record(r *record) {
	res := h.res
	res.records++
	if h.untimed {
		res.seen.logs.recordTime(r.EventTime)
	}
	if !r.s3DataEvent() {
		return
	}
	fe := res.events
	events, ok := r.events(fe.raw[:0])
	fe.raw = events
	if !ok {
		if res.badRecords == 0 {
			res.firstBad = res.records
		}
		res.badRecords++
		return
	}
	res.seen.events.add(events[0].time)
	for i := range events {
		if !h.inScope(events[i].bucket, res) {
			continue
		}
		if !h.m.checkEvent(&events[i], &res.seen) {
			continue
		}
		if h.m.replication(&events[i]) {
			if res.replication == nil {
				res.replication = replicationTally{}
			}
			res.replication.add(&events[i])
			continue
		}
		fe.add(&events[i])
	}
}

// scope is whether a bucket is searched: by the PIT's pattern, or named
// (its index among the buckets named, -1 if it is not).
type scope struct {
	in, pit bool
	named   int
}

// inScope is m.scope, remembered per bucket name (the names are few, the
// events many), noting in res.seen which of the buckets searched appear,
// and, when buckets are named, the names seen.
func (h *recordHandler) inScope(bucket string, res *logResult) bool {
	sc, ok := h.buckets[bucket]
	if !ok {
		if h.buckets == nil || len(h.buckets) > maxBucketsKept {
			h.buckets = map[string]scope{}
		}
		sc = h.m.scope(bucket)
		h.buckets[strings.Clone(bucket)] = sc
	}
	if len(h.m.f.Buckets) > 0 && bucket != "" {
		if !res.seen.buckets.has(bucket) {
			res.seen.buckets.add(bucket, h.m.bucketDistance(bucket))
		}
	}
	if sc.pit {
		res.seen.pit = true
	}
	if sc.named >= 0 {
		if res.seen.named == nil {
			res.seen.named = make([]bool, len(h.m.f.Buckets))
		}
		res.seen.named[sc.named] = true
	}
	return sc.in
}

// maxBucketsKept bounds the bucket names inScope remembers.
const maxBucketsKept = 1 << 12

// plainASCII reports whether b holds only printable ASCII and spaces: no
// control characters (in JSON, never inside strings; CloudTrail writes no
// line breaks) and nothing beyond ASCII.
func plainASCII(b []byte) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		// A high bit set, or a byte below 0x20 (the subtraction borrows
		// into its high bit).
		if x&highs != 0 || (x-0x20*ones)&^x&highs != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 || c >= 0x80 {
			return false
		}
	}
	return true
}
