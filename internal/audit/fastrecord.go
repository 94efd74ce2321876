package audit

import (
	"strconv"
	"unsafe"

	"github.com/valyala/fastjson"
)

// The quick path reads a record parsed by fastjson into a record exactly as
// encoding/json would decode it into the struct: keys match the field
// names without regard to case, a later duplicate key overwrites (and a
// nested object merges into) an earlier one, null leaves a field as it is
// (and empties a list), a value of the wrong type leaves the field as it
// is. It is only used for records of plain ASCII without escapes, where a
// string's bytes are its value.
//
// The strings it sets are views of the record's bytes (see view): they are
// only good until the next record is read, and interning copies what the
// report keeps.

// fill reads every field the report uses.
func (r *record) fill(v *fastjson.Value, k *keyBuf) {
	visit(v, k, func(key []byte, v *fastjson.Value) {
		switch string(key) {
		case "eventtime", "eventsource", "eventcategory", "managementevent":
			r.fillHeaderField(key, v, k)
		case "eventname":
			setString(&r.EventName, v)
		case "sourceipaddress":
			setString(&r.SourceIPAddress, v)
		case "vpcendpointid":
			setString(&r.VPCEndpointID, v)
		case "errorcode":
			setString(&r.ErrorCode, v)
		case "useridentity":
			r.UserIdentity.fill(v, k)
		case "requestparameters":
			visit(v, k, func(key []byte, v *fastjson.Value) {
				switch string(key) {
				case "bucketname":
					setString(&r.RequestParameters.BucketName, v)
				case "key":
					setString(&r.RequestParameters.Key, v)
				}
			})
		case "additionaleventdata":
			visit(v, k, func(key []byte, v *fastjson.Value) {
				switch string(key) {
				case "bytestransferredin":
					setFloat(&r.AdditionalEventData.BytesIn, v, k)
				case "bytestransferredout":
					setFloat(&r.AdditionalEventData.BytesOut, v, k)
				}
			})
		case "resources":
			r.fillResources(v, k)
		}
	})
}

// fillHeader reads only what tells an S3 data event and its time: enough
// for a record that names none of the buckets asked for.
func (r *record) fillHeader(v *fastjson.Value, k *keyBuf) {
	visit(v, k, func(key []byte, v *fastjson.Value) { r.fillHeaderField(key, v, k) })
}

func (r *record) fillHeaderField(key []byte, v *fastjson.Value, k *keyBuf) {
	switch string(key) {
	case "eventtime":
		setString(&r.EventTime, v)
	case "eventsource":
		setString(&r.EventSource, v)
	case "eventcategory":
		setString(&r.EventCategory, v)
	case "managementevent":
		if v.Type() == fastjson.TypeNull {
			r.ManagementEvent = nil
			return
		}
		// encoding/json points the field at a bool before it looks at the
		// value, so a value of another type leaves it pointing at false.
		if r.ManagementEvent == nil {
			r.mgmt, r.ManagementEvent = false, &r.mgmt
		}
		switch v.Type() {
		case fastjson.TypeTrue:
			*r.ManagementEvent = true
		case fastjson.TypeFalse:
			*r.ManagementEvent = false
		}
	}
}

func (id *identity) fill(v *fastjson.Value, k *keyBuf) {
	visit(v, k, func(key []byte, v *fastjson.Value) {
		switch string(key) {
		case "type":
			setString(&id.Type, v)
		case "arn":
			setString(&id.ARN, v)
		case "principalid":
			setString(&id.PrincipalID, v)
		case "accountid":
			setString(&id.AccountID, v)
		case "username":
			setString(&id.UserName, v)
		case "invokedby":
			setString(&id.InvokedBy, v)
		}
	})
}

// fillResources decodes a list as encoding/json decodes into a slice: from
// its start, into the elements it already has, appending the others.
func (r *record) fillResources(v *fastjson.Value, k *keyBuf) {
	switch v.Type() {
	case fastjson.TypeNull:
		r.Resources = nil
		return
	case fastjson.TypeArray:
	default:
		return
	}
	list := r.Resources[:0]
	for _, item := range v.GetArray() {
		if len(list) < cap(list) {
			list = list[:len(list)+1]
		} else {
			list = append(list, resource{})
		}
		res := &list[len(list)-1]
		visit(item, k, func(key []byte, v *fastjson.Value) {
			switch string(key) {
			case "type":
				setString(&res.Type, v)
			case "arn":
				setString(&res.ARN, v)
			}
		})
	}
	r.Resources = list
}

// keyBuf holds a lowercased key; no field name is longer.
type keyBuf [24]byte

// visit calls fn with each key of an object, lowercased into k (keys
// longer than any field name are left out); it does nothing for other
// values. fn must be done with key before it visits a nested object.
func visit(v *fastjson.Value, k *keyBuf, fn func(key []byte, v *fastjson.Value)) {
	if v.Type() != fastjson.TypeObject {
		return
	}
	o, _ := v.Object()
	lower := k
	o.Visit(func(k []byte, v *fastjson.Value) {
		if len(k) > len(lower) {
			return
		}
		for i, c := range k {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i] = c
		}
		fn(lower[:len(k)], v)
	})
}

func setString(dst *string, v *fastjson.Value) {
	if v.Type() == fastjson.TypeString {
		*dst = view(v.GetStringBytes())
	}
}

// view is b as a string without a copy: b must not change while the string
// is in use.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// setFloat reads a number as encoding/json does (strconv.ParseFloat); a
// number out of range leaves the field as it is. The number's text is
// written to k, whose key the caller is done with: a buffer of its own
// would be allocated for every number.
func setFloat(dst *float64, v *fastjson.Value, k *keyBuf) {
	if v.Type() != fastjson.TypeNumber {
		return
	}
	f, err := strconv.ParseFloat(view(v.MarshalTo(k[:0])), 64)
	if err == nil {
		*dst = f
	}
}
