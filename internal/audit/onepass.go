package audit

import (
	"encoding/binary"
	"math/bits"
	"strconv"
)

// The one-pass path: nearly every record CloudTrail writes is plain (its
// strings are printable ASCII without escapes) and lies whole in the read
// buffer. Such a record is read in a single pass over its bytes, which
// checks its syntax as a JSON parser does and fills the record as
// fastrecord.go does (same rules: keys without regard to case, the last
// duplicate wins, nested objects merge, null and values of the wrong type
// as encoding/json treats them), without building a tree and without the
// separate scans for its end, its escapes and its bytes. A record it does
// not take (an escape, a byte outside printable ASCII in a string, invalid
// JSON, nesting deeper than maxScanDepth, the buffer ending first) is left
// untouched for the quick path, which reads it as before.

// onePass reads one record from b.
type onePass struct {
	b     []byte
	depth int
	key   keyBuf
	// short is set when the reading needed a byte past the end of b: the
	// record may be whole once more is read.
	short bool
}

// plainRecord reads the record at the start of b (its opening brace) into
// r and returns the index after its closing brace; -1 when the one-pass
// path does not take it (r is then to be reset).
func (p *onePass) plainRecord(b []byte, r *record) int {
	p.b, p.depth, p.short = b, 0, false
	end := p.fields(0, func(key []byte, i int) int {
		switch string(key) {
		case "eventtime":
			return p.setString(&r.EventTime, i)
		case "eventsource":
			return p.setString(&r.EventSource, i)
		case "eventcategory":
			return p.setString(&r.EventCategory, i)
		case "managementevent":
			return p.setManagement(r, i)
		case "eventname":
			return p.setString(&r.EventName, i)
		case "sourceipaddress":
			return p.setString(&r.SourceIPAddress, i)
		case "vpcendpointid":
			return p.setString(&r.VPCEndpointID, i)
		case "errorcode":
			return p.setString(&r.ErrorCode, i)
		case "useridentity":
			return p.identity(&r.UserIdentity, i)
		case "requestparameters":
			return p.fields(i, func(key []byte, i int) int {
				switch string(key) {
				case "bucketname":
					return p.setString(&r.RequestParameters.BucketName, i)
				case "key":
					return p.setString(&r.RequestParameters.Key, i)
				}
				return p.value(i)
			})
		case "additionaleventdata":
			return p.fields(i, func(key []byte, i int) int {
				switch string(key) {
				case "bytestransferredin":
					return p.setFloat(&r.AdditionalEventData.BytesIn, i)
				case "bytestransferredout":
					return p.setFloat(&r.AdditionalEventData.BytesOut, i)
				}
				return p.value(i)
			})
		case "resources":
			return p.resources(r, i)
		}
		return p.value(i)
	})
	p.b = nil
	return end
}

func (p *onePass) identity(id *identity, i int) int {
	return p.fields(i, func(key []byte, i int) int {
		switch string(key) {
		case "type":
			return p.setString(&id.Type, i)
		case "arn":
			return p.setString(&id.ARN, i)
		case "principalid":
			return p.setString(&id.PrincipalID, i)
		case "accountid":
			return p.setString(&id.AccountID, i)
		case "username":
			return p.setString(&id.UserName, i)
		case "invokedby":
			return p.setString(&id.InvokedBy, i)
		}
		return p.value(i)
	})
}

// setManagement reads managementEvent as fillHeaderField does.
func (p *onePass) setManagement(r *record, i int) int {
	if p.at(i) == 'n' {
		r.ManagementEvent = nil
		return p.value(i)
	}
	if r.ManagementEvent == nil {
		r.mgmt, r.ManagementEvent = false, &r.mgmt
	}
	switch p.at(i) {
	case 't':
		*r.ManagementEvent = true
	case 'f':
		*r.ManagementEvent = false
	}
	return p.value(i)
}

// resources reads the list of resources as fillResources does: from its
// start, into the elements r already has, appending the others.
func (p *onePass) resources(r *record, i int) int {
	switch p.at(i) {
	case 'n':
		r.Resources = nil
		return p.value(i)
	case '[':
	default:
		return p.value(i)
	}
	list := r.Resources[:0]
	end := p.items(i, func(i int) int {
		if len(list) < cap(list) {
			list = list[:len(list)+1]
		} else {
			list = append(list, resource{})
		}
		res := &list[len(list)-1]
		return p.fields(i, func(key []byte, i int) int {
			switch string(key) {
			case "type":
				return p.setString(&res.Type, i)
			case "arn":
				return p.setString(&res.ARN, i)
			}
			return p.value(i)
		})
	})
	r.Resources = list
	return end
}

// at is b[i], or 0 (no byte JSON allows there) past its end.
func (p *onePass) at(i int) byte {
	if i < len(p.b) {
		return p.b[i]
	}
	p.short = true
	return 0
}

// value checks the value at b[i] and returns the index after it, or -1.
func (p *onePass) value(i int) int {
	switch c := p.at(i); {
	case c == '{':
		return p.object(i, nil)
	case c == '[':
		return p.items(i, p.value)
	case c == '"':
		return p.str(i)
	case c == 't':
		return p.literal(i, "true")
	case c == 'f':
		return p.literal(i, "false")
	case c == 'n':
		return p.literal(i, "null")
	case c == '-' || '0' <= c && c <= '9':
		return p.number(i)
	}
	return -1
}

// fields calls fn with each key of the object at b[i], lowercased, and the
// index of its value; fn reads the value and returns the index after it.
// A value that is not an object is only checked.
func (p *onePass) fields(i int, fn func(key []byte, i int) int) int {
	if p.at(i) != '{' {
		return p.value(i)
	}
	return p.object(i, fn)
}

// object reads the object at b[i]; fn nil only checks it. Keys longer than
// any field name are not handed to fn.
func (p *onePass) object(i int, fn func(key []byte, i int) int) int {
	if p.depth++; p.depth > maxScanDepth {
		return -1
	}
	i = skipSpace(p.b, i+1)
	if p.at(i) == '}' {
		p.depth--
		return i + 1
	}
	for {
		if p.at(i) != '"' {
			return -1
		}
		end := p.str(i)
		if end < 0 {
			return -1
		}
		key := p.b[i+1 : end-1]
		if i = skipSpace(p.b, end); p.at(i) != ':' {
			return -1
		}
		i = skipSpace(p.b, i+1)
		if fn == nil || len(key) > len(p.key) {
			i = p.value(i)
		} else {
			i = fn(p.lower(key), i)
		}
		if i < 0 {
			return -1
		}
		switch i = skipSpace(p.b, i); p.at(i) {
		case ',':
			i = skipSpace(p.b, i+1)
		case '}':
			p.depth--
			return i + 1
		default:
			return -1
		}
	}
}

// items calls fn with the index of each item of the list at b[i]; fn reads
// the item and returns the index after it.
func (p *onePass) items(i int, fn func(i int) int) int {
	if p.depth++; p.depth > maxScanDepth {
		return -1
	}
	i = skipSpace(p.b, i+1)
	if p.at(i) == ']' {
		p.depth--
		return i + 1
	}
	for {
		if i = fn(i); i < 0 {
			return -1
		}
		switch i = skipSpace(p.b, i); p.at(i) {
		case ',':
			i = skipSpace(p.b, i+1)
		case ']':
			p.depth--
			return i + 1
		default:
			return -1
		}
	}
}

// lower writes key lowercased into the key buffer (key is no longer).
func (p *onePass) lower(key []byte) []byte {
	k := p.key[:len(key)]
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		k[i] = c
	}
	return k
}

// str reads the string at b[i] and returns the index after its closing
// quote; -1 unless it is plain (printable ASCII, no escape) and ends in b.
func (p *onePass) str(i int) int {
	b := p.b
	j := i + 1
	for ; j+8 <= len(b); j += 8 {
		if m := stringStops(binary.LittleEndian.Uint64(b[j:])); m != 0 {
			j += bits.TrailingZeros64(m) >> 3
			if b[j] == '"' {
				return j + 1
			}
			return -1
		}
	}
	for ; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return j + 1
		case c == '\\' || c < 0x20 || c >= 0x80:
			return -1
		}
	}
	p.short = true
	return -1
}

// stringStops marks (with the high bit of the byte) the bytes of x, eight
// bytes read little-endian, that stop a plain string: a quote, a
// backslash, a control character or a byte beyond ASCII. The lowest mark
// is exact (a borrow only marks bytes above the byte it comes from).
func stringStops(x uint64) uint64 {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	q := x ^ ('"' * ones)
	e := x ^ ('\\' * ones)
	return ((q-ones)&^q | (e-ones)&^e | (x-0x20*ones)&^x | x) & highs
}

// setString sets dst to the string at b[i], a view of b; a value of
// another type leaves dst as it is.
func (p *onePass) setString(dst *string, i int) int {
	if p.at(i) != '"' {
		return p.value(i)
	}
	end := p.str(i)
	if end >= 0 {
		*dst = view(p.b[i+1 : end-1])
	}
	return end
}

// setFloat sets dst to the number at b[i] as encoding/json reads it
// (strconv.ParseFloat); a number out of range or a value of another type
// leaves dst as it is.
func (p *onePass) setFloat(dst *float64, i int) int {
	c := p.at(i)
	if c != '-' && (c < '0' || c > '9') {
		return p.value(i)
	}
	end := p.number(i)
	if end < 0 {
		return -1
	}
	if f, err := strconv.ParseFloat(view(p.b[i:end]), 64); err == nil {
		*dst = f
	}
	return end
}

// literal checks that b[i:] starts with want.
func (p *onePass) literal(i int, want string) int {
	if len(p.b)-i < len(want) {
		p.short = true
		return -1
	}
	if string(p.b[i:i+len(want)]) != want {
		return -1
	}
	return i + len(want)
}

// number reads a number as JSON writes it,
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, and returns the index
// after it; -1 if it is not one or b may end inside it.
func (p *onePass) number(i int) int {
	if p.at(i) == '-' {
		i++
	}
	switch c := p.at(i); {
	case c == '0':
		i++
	case '1' <= c && c <= '9':
		i = p.digits(i + 1)
	default:
		return -1
	}
	if p.at(i) == '.' {
		j := p.digits(i + 1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if c := p.at(i); c == 'e' || c == 'E' {
		i++
		if c := p.at(i); c == '+' || c == '-' {
			i++
		}
		j := p.digits(i)
		if j == i {
			return -1
		}
		i = j
	}
	if i >= len(p.b) {
		p.short = true
		return -1
	}
	return i
}

// digits skips the digits from b[i].
func (p *onePass) digits(i int) int {
	for i < len(p.b) && '0' <= p.b[i] && p.b[i] <= '9' {
		i++
	}
	return i
}

// readPlain reads the record after the n read so far the one-pass way and
// hands it to h; false, having handed nothing, when the one-pass path does
// not take it. A record the buffer does not hold whole is tried again
// after more is read, at most maxPlainReads times: a decompressor hands
// out a few tens of kilobytes at a time, so many records straddle a read,
// but a huge record read in small pieces is left to the quick path, whose
// scan goes on where it stopped.
func (s *scanner) readPlain(n int, h *recordHandler) bool {
	if s.object.started {
		return false // a record partly scanned: the quick path goes on with it
	}
	i := skipSpace(s.buf, s.start)
	if n > 0 {
		if i >= len(s.buf) || s.buf[i] != ',' {
			return false
		}
		i = skipSpace(s.buf, i+1)
	}
	if i >= len(s.buf) || s.buf[i] != '{' {
		return false
	}
	r := &h.rec
	for reads := 0; ; reads++ {
		r.reset()
		end := h.one.plainRecord(s.buf[i:], r)
		if end >= 0 {
			h.plain++
			h.record(r)
			s.start = i + end
			return true
		}
		if !h.one.short || reads == maxPlainReads || !s.fillKeeping(&i) {
			return false
		}
	}
}

// maxPlainReads is how many more reads readPlain makes for one record.
const maxPlainReads = 2
