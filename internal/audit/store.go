package audit

import (
	"strings"
	"time"
)

// Event is one S3 data event on one object.
type Event struct {
	// Time is when it happened (UTC).
	Time time.Time `json:"time"`
	// Action is the S3 API call: GetObject, PutObject, DeleteObject, ...
	Action string `json:"action"`
	// Bucket and Key name the object; Key is "" for a bucket-level call.
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	// Principal is who acted (an ARN; for a role session it ends with the
	// session name).
	Principal string `json:"principal"`
	// SourceIP is the caller's address (or the AWS service's name).
	SourceIP string `json:"sourceIp"`
	// VPCEndpoint is the S3 endpoint the call came through, if any.
	VPCEndpoint string `json:"vpcEndpoint,omitempty"`
	// ErrorCode is why the call failed (AccessDenied, ...); "" if it succeeded.
	ErrorCode string `json:"errorCode,omitempty"`
	// BytesIn and BytesOut are the bytes transferred.
	BytesIn  int64 `json:"bytesIn,omitempty"`
	BytesOut int64 `json:"bytesOut,omitempty"`
	// File is the log file the event was read from.
	File string `json:"file"`
}

// compactEvent is an Event held in memory or in a spill file: the strings,
// which repeat across events, are indexes into a symbol table, and the log
// file is its index in the report's sorted list of log files.
type compactEvent struct {
	unixNano          int64
	bytesIn, bytesOut int64
	file, seq         uint32
	action, bucket    uint32
	key, principal    uint32
	ip, endpoint      uint32
	errorCode         uint32
}

// compareEvents orders events by time, then by log file (in the order of
// sortFiles: by source, in the order given, then by name) and position in
// the file, so that reports are the same whatever order files were read in.
func compareEvents(a, b compactEvent) int {
	switch {
	case a.unixNano != b.unixNano:
		return cmp64(a.unixNano, b.unixNano)
	case a.file != b.file:
		return cmp64(int64(a.file), int64(b.file))
	}
	return cmp64(int64(a.seq), int64(b.seq))
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// symbols interns strings: each distinct string gets an index.
type symbols struct {
	list []string
	ids  map[string]uint32
}

func newSymbols() *symbols { return &symbols{list: []string{""}, ids: map[string]uint32{"": 0}} }

// intern returns v's index; a new v is copied, so v may be a view of a
// buffer about to change.
func (s *symbols) intern(v string) uint32 {
	if id, ok := s.ids[v]; ok {
		return id
	}
	id := uint32(len(s.list))
	v = strings.Clone(v)
	s.list = append(s.list, v)
	s.ids[v] = id
	return id
}

// reset forgets every symbol but "".
func (s *symbols) reset() {
	clear(s.list[1:])
	s.list = s.list[:1]
	clear(s.ids)
	s.ids[""] = 0
}

// fileEvents are the events read from one log file, in file order, with
// the file's own symbol table (so that files are read in parallel without
// sharing one).
type fileEvents struct {
	syms   *symbols
	events []compactEvent
	raw    []rawEvent // scratch for record.events
}

func newFileEvents() *fileEvents { return &fileEvents{syms: newSymbols()} }

// reset empties fe for the next file, keeping its memory.
func (fe *fileEvents) reset() {
	fe.syms.reset()
	fe.events = fe.events[:0]
	clear(fe.raw)
	fe.raw = fe.raw[:0]
}

// add appends an event.
func (fe *fileEvents) add(e *rawEvent) {
	s := fe.syms
	fe.events = append(fe.events, compactEvent{
		unixNano: e.time.UnixNano(), bytesIn: e.bytesIn, bytesOut: e.bytesOut, seq: uint32(len(fe.events)),
		action: s.intern(e.action), bucket: s.intern(e.bucket), key: s.intern(e.key),
		principal: s.intern(e.principal), ip: s.intern(e.ip), endpoint: s.intern(e.endpoint),
		errorCode: s.intern(e.errorCode),
	})
}

// store holds what the report's events refer to: the symbol table and the
// names of the log files.
type store struct {
	syms  *symbols
	files []string
}

// globalize rewrites a file's events to the store's symbols and the file's
// index, in place. Only the symbols the events use enter the store.
func (s *store) globalize(file int, fe *fileEvents) []compactEvent {
	remap := make([]uint32, len(fe.syms.list))
	id := func(local uint32) uint32 {
		if local != 0 && remap[local] == 0 {
			remap[local] = s.syms.intern(fe.syms.list[local])
		}
		return remap[local]
	}
	for i := range fe.events {
		e := &fe.events[i]
		e.file = uint32(file)
		e.action, e.bucket, e.key = id(e.action), id(e.bucket), id(e.key)
		e.principal, e.ip, e.endpoint, e.errorCode = id(e.principal), id(e.ip), id(e.endpoint), id(e.errorCode)
	}
	return fe.events
}

// event expands a compact event.
func (s *store) event(c compactEvent) Event {
	sym := s.syms.list
	return Event{
		Time: time.Unix(0, c.unixNano).UTC(), Action: sym[c.action], Bucket: sym[c.bucket],
		Key: sym[c.key], Principal: sym[c.principal], SourceIP: sym[c.ip],
		VPCEndpoint: sym[c.endpoint], ErrorCode: sym[c.errorCode],
		BytesIn: c.bytesIn, BytesOut: c.bytesOut, File: s.files[c.file],
	}
}
