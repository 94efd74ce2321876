package audit

import (
	"strings"
	"time"
)

// record is the part of a CloudTrail record the report uses. Other
// services put other shapes under requestParameters and
// additionalEventData: decodeArray ignores those type mismatches, which
// leave the fields empty.
type record struct {
	EventTime           string     `json:"eventTime"`
	EventSource         string     `json:"eventSource"`
	EventName           string     `json:"eventName"`
	EventCategory       string     `json:"eventCategory"`
	ManagementEvent     *bool      `json:"managementEvent"`
	SourceIPAddress     string     `json:"sourceIPAddress"`
	VPCEndpointID       string     `json:"vpcEndpointId"`
	ErrorCode           string     `json:"errorCode"`
	UserIdentity        identity   `json:"userIdentity"`
	RequestParameters   s3Request  `json:"requestParameters"`
	AdditionalEventData s3Transfer `json:"additionalEventData"`
	Resources           []resource `json:"resources"`
	// mgmt is where the quick path points ManagementEvent.
	mgmt bool
}

type identity struct {
	Type        string `json:"type"`
	ARN         string `json:"arn"`
	PrincipalID string `json:"principalId"`
	AccountID   string `json:"accountId"`
	UserName    string `json:"userName"`
	InvokedBy   string `json:"invokedBy"`
}

type resource struct {
	Type string `json:"type"`
	ARN  string `json:"ARN"`
}

// s3Request is the requestParameters of an S3 event.
type s3Request struct {
	BucketName string `json:"bucketName"`
	Key        string `json:"key"`
}

// s3Transfer is the additionalEventData of an S3 event.
type s3Transfer struct {
	BytesIn  float64 `json:"bytesTransferredIn"`
	BytesOut float64 `json:"bytesTransferredOut"`
}

// reset makes r a zero record, as encoding/json would decode into, keeping
// the memory of its list of resources (cleared: encoding/json decodes a
// list into the elements a slice already has).
func (r *record) reset() {
	res := r.Resources[:cap(r.Resources)]
	clear(res)
	*r = record{Resources: res[:0]}
}

// rawEvent is one S3 data event on one object, before interning.
type rawEvent struct {
	time                    time.Time
	action, bucket, key     string
	principal, ip, endpoint string
	errorCode               string
	bytesIn, bytesOut       int64
}

// s3DataEvent reports whether a record is an S3 object-level (data) event.
func (r *record) s3DataEvent() bool {
	if r.EventSource != "s3.amazonaws.com" {
		return false
	}
	if r.EventCategory != "" {
		return r.EventCategory == "Data"
	}
	return r.ManagementEvent != nil && !*r.ManagementEvent
}

// events turns an S3 data event into one event per object it names (a
// DeleteObjects names many) and appends them to out; an event on the bucket
// has an empty key. ok is false when the record has no valid eventTime.
func (r *record) events(out []rawEvent) ([]rawEvent, bool) {
	t, err := parseEventTime(r.EventTime)
	if err != nil {
		return out, false
	}
	req, tr := r.RequestParameters, r.AdditionalEventData
	base := rawEvent{
		time: t, action: r.EventName, principal: r.UserIdentity.principal(),
		ip: r.SourceIPAddress, endpoint: r.VPCEndpointID, errorCode: r.ErrorCode,
		bytesIn: int64(tr.BytesIn), bytesOut: int64(tr.BytesOut),
	}
	n := len(out)
	for _, res := range r.Resources {
		if res.Type != "AWS::S3::Object" {
			continue
		}
		bucket, key, ok := objectARN(res.ARN)
		if !ok {
			continue
		}
		e := base
		e.bucket, e.key = bucket, key
		out = append(out, e)
	}
	if len(out) == n {
		base.bucket, base.key = req.BucketName, req.Key
		out = append(out, base)
	}
	return out, true
}

// parseEventTime reads an eventTime (RFC 3339) as UTC. CloudTrail writes
// "2006-01-02T15:04:05Z", which is read without time.Parse; anything else
// goes through time.Parse, with its checks.
func parseEventTime(s string) (time.Time, error) {
	if t, ok := parseZulu(s); ok {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	return t.UTC(), err
}

// parseZulu reads exactly "YYYY-MM-DDThh:mm:ssZ" with valid fields.
func parseZulu(s string) (time.Time, bool) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), true
}

// digits reads a run of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn is the number of days of month in year.
func daysIn(month time.Month, year int) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// objectARN splits "arn:aws:s3:::bucket/key" into bucket and key.
func objectARN(arn string) (string, string, bool) {
	i := strings.Index(arn, ":::")
	if i < 0 {
		return "", "", false
	}
	return strings.Cut(arn[i+3:], "/")
}

// anonymousAccount is the accountId CloudTrail records for an
// unauthenticated request.
const anonymousAccount = "ANONYMOUS_PRINCIPAL"

// principal names who acted: the ARN (for an assumed role it ends with the
// session name, usually the person); "anonymous" for an unauthenticated
// request; for a caller of another account, which CloudTrail records
// without an ARN, AWSAccount:<account>[:<principal ID>], so that
// --principal <account> finds it as it finds the ARNs of that account;
// else the service, user or ID.
func (id identity) principal() string {
	switch {
	case id.ARN != "":
		return id.ARN
	case id.AccountID == anonymousAccount:
		return "anonymous"
	case id.Type == "AWSAccount" && id.AccountID != "" && id.PrincipalID != "":
		return "AWSAccount:" + id.AccountID + ":" + id.PrincipalID
	case id.Type == "AWSAccount" && id.AccountID != "":
		return "AWSAccount:" + id.AccountID
	case id.InvokedBy != "":
		return id.InvokedBy
	case id.UserName != "":
		return id.UserName
	case id.PrincipalID != "":
		return id.Type + ":" + id.PrincipalID
	case id.Type != "":
		return id.Type
	}
	return "unknown"
}
