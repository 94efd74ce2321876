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
}

type identity struct {
	Type        string `json:"type"`
	ARN         string `json:"arn"`
	PrincipalID string `json:"principalId"`
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

// rawEvent is one S3 data event on one object, before interning.
type rawEvent struct {
	time                    time.Time
	action, bucket, key     string
	principal, ip, endpoint string
	errorCode               string
	bytesIn, bytesOut       int64
	seq                     int
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
// DeleteObjects names many); an event on the bucket has an empty key.
// ok is false when the record cannot be read as an S3 event.
func (r *record) events(seq int) ([]rawEvent, bool) {
	t, err := time.Parse(time.RFC3339, r.EventTime)
	if err != nil {
		return nil, false
	}
	req, tr := r.RequestParameters, r.AdditionalEventData
	base := rawEvent{
		time: t.UTC(), action: r.EventName, principal: r.UserIdentity.principal(),
		ip: r.SourceIPAddress, endpoint: r.VPCEndpointID, errorCode: r.ErrorCode,
		bytesIn: int64(tr.BytesIn), bytesOut: int64(tr.BytesOut), seq: seq,
	}
	var out []rawEvent
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
	if len(out) == 0 {
		base.bucket, base.key = req.BucketName, req.Key
		out = append(out, base)
	}
	return out, true
}

// objectARN splits "arn:aws:s3:::bucket/key" into bucket and key.
func objectARN(arn string) (string, string, bool) {
	i := strings.Index(arn, ":::")
	if i < 0 {
		return "", "", false
	}
	return strings.Cut(arn[i+3:], "/")
}

// principal names who acted: the ARN (for an assumed role it ends with the
// session name, usually the person), else the service, user or ID.
func (id identity) principal() string {
	switch {
	case id.ARN != "":
		return id.ARN
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
