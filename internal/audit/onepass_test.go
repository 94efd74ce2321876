package audit

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestOnePassFillsPlainRecordsAsEncodingJSON: a plain record is taken
// whole, and filled as encoding/json decodes it.
func TestOnePassFillsPlainRecordsAsEncodingJSON(t *testing.T) {
	management := `{"eventSource":"ec2.amazonaws.com","eventTime":"2026-03-02T10:00:00Z","requestParameters":{"key":{"not":"a string"}},` +
		`"managementEvent":true,"eventCategory":"Management","tags":[1,-2.5e-3,true,false,null,[],{},"x"]}`
	for name, rec := range map[string]string{
		"canonical":           s3Record(""),
		"management event":    management,
		"spaces":              strings.NewReplacer(`":`, "\" :\t", `,"`, "\r\n, \"", `{"`, "{\n\"", `}`, " }").Replace(s3Record("")),
		"keys in other case":  strings.Replace(s3Record(`"EventSource":"ec2.amazonaws.com",`), `"eventName":"GetObject"`, `"eventName":"GetObject","EVENTNAME":"PutObject"`, 1),
		"nested duplicates":   strings.Replace(s3Record(""), `"vpcEndpointId"`, `"userIdentity":{"type":"IAMUser"},"resources":[{"type":"AWS::S3::Object"}],"vpcEndpointId"`, 1),
		"wrong types":         s3Record(`"eventName":7,"userIdentity":"x","sourceIPAddress":null,"managementEvent":"false",`),
		"later wrong types":   strings.Replace(s3Record(""), `"vpcEndpointId":"vpce-0abc"`, `"vpcEndpointId":"vpce-0abc","eventName":[1],"resources":{"a":1},"additionalEventData":{"bytesTransferredOut":"9"}`, 1),
		"resources null":      strings.Replace(s3Record(""), `"managementEvent"`, `"resources":null,"managementEvent"`, 1),
		"numbers":             strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":1.5e3,"bytesTransferredIn":-0`, 1),
		"number out of range": strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":1e400`, 1),
		"long keys":           s3Record(`"aKeyLongerThanAnyFieldName":{"eventName":"x"},`),
	} {
		t.Run(name, func(t *testing.T) {
			var want, got record
			var mismatch *json.UnmarshalTypeError
			if err := json.Unmarshal([]byte(rec), &want); err != nil && !errors.As(err, &mismatch) {
				t.Fatal(err)
			}
			var p onePass
			assert.Equal(t, len(rec), p.plainRecord([]byte(rec+`,{}`), &got))
			want.mgmt = got.mgmt // where the one-pass path points ManagementEvent
			assert.Equal(t, want, got)
		})
	}
}

// TestOnePassLeavesOtherRecordsToTheQuickPath: a record that is not plain,
// not valid, too deep or not whole in the buffer is not taken.
func TestOnePassLeavesOtherRecordsToTheQuickPath(t *testing.T) {
	for name, rec := range map[string]string{
		"escape":            strings.Replace(s3Record(""), `"key":"a.csv"`, `"key":"a\"b"`, 1),
		"utf-8":             strings.Replace(s3Record(""), `"key":"a.csv"`, `"key":"données.csv"`, 1),
		"control character": strings.Replace(s3Record(""), `"key":"a.csv"`, "\"key\":\"a\x01.csv\"", 1),
		"tab in a key":      strings.Replace(s3Record(""), `"key":"a.csv"`, "\"k\tey\":\"a.csv\"", 1),
		"literal too long":  strings.Replace(s3Record(""), `"managementEvent":false`, `"managementEvent":falsey`, 1),
		"leading zero":      strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":017`, 1),
		"no fraction":       strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":17.`, 1),
		"no exponent":       strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":17e+`, 1),
		"plus":              strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":+17`, 1),
		"missing colon":     strings.Replace(s3Record(""), `"eventName":"GetObject"`, `"eventName" "GetObject"`, 1),
		"missing comma":     strings.Replace(s3Record(""), `"eventName":"GetObject",`, `"eventName":"GetObject" `, 1),
		"trailing comma":    strings.Replace(s3Record(""), `}],`, `},],`, 1),
		"key not a string":  s3Record(`7:1,`),
		"unbalanced":        s3Record(`"a":[},`),
		"deep":              s3Record(`"deep":` + strings.Repeat("[", maxScanDepth) + strings.Repeat("]", maxScanDepth) + `,`),
	} {
		var p onePass
		var r record
		assert.Equal(t, -1, p.plainRecord([]byte(rec+`,{}`), &r), name)
	}
	rec := s3Record(`"n":12,"t":true,"empty":{},"list":[],`)
	for n := range len(rec) {
		var p onePass
		var r record
		if !assert.Equal(t, -1, p.plainRecord([]byte(rec[:n]), &r), "cut after %d bytes", n) {
			return
		}
	}
	var p onePass
	var r record
	assert.Equal(t, len(rec), p.plainRecord([]byte(rec), &r))
	deepest := s3Record(`"deep":` + strings.Repeat("[", maxScanDepth-1) + strings.Repeat("]", maxScanDepth-1) + `,`)
	assert.Equal(t, len(deepest), p.plainRecord([]byte(deepest), &r))
}

// chunkReader hands out its content n bytes at a time, as a decompressor
// hands out what it has.
type chunkReader struct {
	s string
	n int
}

func (c *chunkReader) Read(b []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	k := copy(b[:min(len(b), c.n)], c.s)
	c.s = c.s[k:]
	return k, nil
}

// TestOnePassReadsRecordsThatStraddleAReadWhole: a record that the
// buffer holds only in part is read the one-pass way once more is read;
// one read a byte at a time is left to the quick path.
func TestOnePassReadsRecordsThatStraddleAReadWhole(t *testing.T) {
	content := `{"Records":[` + strings.Repeat(s3Record("")+`,`, 99) + s3Record("") + `]}`
	for _, c := range []struct {
		chunk, plain int
	}{{len(content), 100}, {700, 100}, {1, 0}} {
		res := logResult{events: newFileEvents()}
		h := &recordHandler{m: Filter{PIT: "hipaa"}.compile(), res: &res}
		_, err := readRecords(&chunkReader{content, c.chunk}, nil, h)
		assert.NoError(t, err)
		assert.Equal(t, 100, res.records, "read %d bytes at a time", c.chunk)
		assert.Equal(t, c.plain, h.plain, "read %d bytes at a time", c.chunk)
	}
}
