package audit

import (
	"slices"
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

// compactEvent is an Event held in memory: the strings, which repeat
// across events, are indexes into the store's symbol table.
type compactEvent struct {
	unixNano          int64
	bytesIn, bytesOut int64
	file, seq         uint32
	action, bucket    uint32
	key, principal    uint32
	ip, endpoint      uint32
	errorCode         uint32
}

// store holds the events of a report compactly, so that a million events
// take tens of megabytes.
type store struct {
	symbols []string
	ids     map[string]uint32
	files   []string
	events  []compactEvent
}

func newStore() *store {
	return &store{symbols: []string{""}, ids: map[string]uint32{"": 0}}
}

func (s *store) intern(v string) uint32 {
	if id, ok := s.ids[v]; ok {
		return id
	}
	id := uint32(len(s.symbols))
	s.symbols = append(s.symbols, v)
	s.ids[v] = id
	return id
}

// add appends the events read from one file.
func (s *store) add(fileName string, events []rawEvent) {
	if len(events) == 0 {
		return
	}
	file := uint32(len(s.files))
	s.files = append(s.files, fileName)
	for _, e := range events {
		s.events = append(s.events, compactEvent{
			unixNano: e.time.UnixNano(), bytesIn: e.bytesIn, bytesOut: e.bytesOut, file: file, seq: uint32(e.seq),
			action: s.intern(e.action), bucket: s.intern(e.bucket), key: s.intern(e.key),
			principal: s.intern(e.principal), ip: s.intern(e.ip), endpoint: s.intern(e.endpoint),
			errorCode: s.intern(e.errorCode),
		})
	}
}

// sort orders events by time, then by file name and position in the file,
// so that reports are the same whatever order files were read in.
func (s *store) sort() {
	slices.SortStableFunc(s.events, func(a, b compactEvent) int {
		if a.unixNano != b.unixNano {
			return cmp64(a.unixNano, b.unixNano)
		}
		if fa, fb := s.files[a.file], s.files[b.file]; fa != fb {
			if fa < fb {
				return -1
			}
			return 1
		}
		return int(a.seq) - int(b.seq)
	})
}

func cmp64(a, b int64) int {
	if a < b {
		return -1
	}
	return 1
}

// event expands the i-th event.
func (s *store) event(i int) Event {
	c := s.events[i]
	return Event{
		Time: time.Unix(0, c.unixNano).UTC(), Action: s.symbols[c.action], Bucket: s.symbols[c.bucket],
		Key: s.symbols[c.key], Principal: s.symbols[c.principal], SourceIP: s.symbols[c.ip],
		VPCEndpoint: s.symbols[c.endpoint], ErrorCode: s.symbols[c.errorCode],
		BytesIn: c.bytesIn, BytesOut: c.bytesOut, File: s.files[c.file],
	}
}
