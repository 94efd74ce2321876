package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/internal/audit/trailtest"
)

// readOutcome is what reading one file's content found, with its events
// spelled out.
type readOutcome struct {
	Records, BadRecords, FirstBad int
	Events                        []string
	Err                           string
}

// readContent reads uncompressed log file content the quick way (or the
// careful way) with the filter f.
func readContent(r io.Reader, f Filter, careful bool) readOutcome {
	res := logResult{events: newFileEvents()}
	h := &recordHandler{m: f.compile(), res: &res, careful: careful}
	_, err := readRecords(r, nil, h)
	out := readOutcome{Records: res.records, BadRecords: res.badRecords, FirstBad: res.firstBad}
	if err != nil {
		out.Err = err.Error()
	}
	sym := res.events.syms.list
	for _, e := range res.events.events {
		out.Events = append(out.Events, fmt.Sprintf("%d %d %s %s/%s %s %s %s %s %d %d", e.seq, e.unixNano, sym[e.action], sym[e.bucket],
			sym[e.key], sym[e.principal], sym[e.ip], sym[e.endpoint], sym[e.errorCode], e.bytesIn, e.bytesOut))
	}
	return out
}

// quickPathFilters are the filters the quick path is compared under: no
// bucket asked for, the project's, and a bucket of another project.
var quickPathFilters = []Filter{{}, {PIT: "hipaa"}, {Buckets: []string{"other-data-in"}}}

// assertSameReading reads content both ways, in one piece and one byte at
// a time, and fails unless every reading is the same.
func assertSameReading(t *testing.T, content string) {
	t.Helper()
	for _, f := range quickPathFilters {
		want := readContent(strings.NewReader(content), f, true)
		assert.Equal(t, want, readContent(strings.NewReader(content), f, false), "quick path, filter %+v", f)
		assert.Equal(t, want, readContent(iotest.OneByteReader(strings.NewReader(content)), f, false), "quick path one byte at a time, filter %+v", f)
	}
}

// s3Record is an S3 data event record written as CloudTrail writes it,
// with the given text after its opening brace.
func s3Record(extra string) string {
	return `{` + extra + `"eventVersion":"1.10","userIdentity":{"type":"AssumedRole","principalId":"AROA:alice","arn":"` + alice + `"},` +
		`"eventTime":"2026-03-02T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","sourceIPAddress":"10.16.1.10",` +
		`"requestParameters":{"bucketName":"` + dataIn + `","key":"a.csv"},"additionalEventData":{"bytesTransferredIn":0,"bytesTransferredOut":17},` +
		`"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::` + dataIn + `/a.csv"},{"type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::` + dataIn + `"}],` +
		`"managementEvent":false,"eventCategory":"Data","vpcEndpointId":"vpce-0abc"}`
}

// quickPathCases are log file contents that take every turn of the quick
// path and every way of leaving it.
var quickPathCases = map[string]string{
	"canonical": `{"Records":[` + s3Record("") + `,` + s3Record("") + `]}`,
	"empty":     `{"Records":[]}`,
	"spaces":    " \n{ \"Records\" :\t[ " + s3Record("") + " , " + s3Record("") + " ] }\n ",
	"management event": `{"Records":[{"eventSource":"ec2.amazonaws.com","eventTime":"2026-03-02T10:00:00Z",` +
		`"requestParameters":{"key":{"not":"a string"}},"managementEvent":true,"eventCategory":"Management"}]}`,
	"other bucket":       `{"Records":[` + strings.ReplaceAll(s3Record(""), dataIn, "other-data-in") + `]}`,
	"keys in other case": `{"Records":[` + strings.Replace(s3Record(`"EventSource":"ec2.amazonaws.com",`), `"eventName":"GetObject"`, `"eventName":"GetObject","EVENTNAME":"PutObject"`, 1) + `]}`,
	"duplicate keys":     `{"Records":[` + strings.Replace(s3Record(""), `"eventName":"GetObject"`, `"eventName":"GetObject","eventName":"DeleteObject"`, 1) + `]}`,
	"nested duplicates":  `{"Records":[` + strings.Replace(s3Record(""), `"vpcEndpointId"`, `"userIdentity":{"type":"IAMUser"},"resources":[{"type":"AWS::S3::Object"}],"vpcEndpointId"`, 1) + `]}`,
	"wrong types":        `{"Records":[` + s3Record(`"eventName":7,"userIdentity":"x","sourceIPAddress":null,"managementEvent":"false",`) + `]}`,
	"later wrong types":  `{"Records":[` + strings.Replace(s3Record(""), `"vpcEndpointId":"vpce-0abc"`, `"vpcEndpointId":"vpce-0abc","eventName":[1],"resources":{"a":1},"additionalEventData":{"bytesTransferredOut":"9"}`, 1) + `]}`,
	"wrong type for a pointer": `{"Records":[{"eventSource":"s3.amazonaws.com","managementEvent":"","eventTime":"x"},` +
		`{"eventSource":"s3.amazonaws.com","managementEvent":true,"managementEvent":[1],"eventTime":"x"}]}`,
	"resources null":         `{"Records":[` + strings.Replace(s3Record(""), `"managementEvent"`, `"resources":null,"managementEvent"`, 1) + `]}`,
	"resource items":         `{"Records":[` + strings.Replace(s3Record(""), `"resources":[`, `"resources":[null,7,"x",{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::`+dataIn+`/b"},`, 1) + `]}`,
	"numbers":                `{"Records":[` + strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":1.5e3,"bytesTransferredIn":-0`, 1) + `]}`,
	"number out of range":    `{"Records":[` + strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":1e400`, 1) + `]}`,
	"number fastjson takes":  `{"Records":[` + strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":1-2`, 1) + `]}`,
	"nan":                    `{"Records":[` + strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":nan`, 1) + `]}`,
	"plus":                   `{"Records":[` + strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":+1`, 1) + `]}`,
	"no integer part":        `{"Records":[` + strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":.5`, 1) + `]}`,
	"infinity":               `{"Records":[` + strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":Infinity`, 1) + `]}`,
	"literal cut short":      `{"Records":[` + strings.Replace(s3Record(""), `"managementEvent":false`, `"managementEvent":fals`, 1) + `]}`,
	"literal too long":       `{"Records":[` + strings.Replace(s3Record(""), `"managementEvent":false`, `"managementEvent":falsey`, 1) + `]}`,
	"odd byte":               `{"Records":[` + strings.Replace(s3Record(""), `"managementEvent":false`, `"managementEvent":#false`, 1) + `]}`,
	"leading zero":           `{"Records":[` + strings.Replace(s3Record(""), `"bytesTransferredOut":17`, `"bytesTransferredOut":017`, 1) + `]}`,
	"escapes":                `{"Records":[` + strings.Replace(s3Record(""), `"key":"a.csv"`, `"key":"a\"b\\c\u00e9\ud83d\ude00\n"`, 1) + `]}`,
	"escaped event source":   `{"Records":[` + strings.Replace(s3Record(""), `"eventSource":"s3.amazonaws.com"`, `"eventSource":"s3.amazonaws\u002ecom"`, 1) + `]}`,
	"escaped bucket":         `{"Records":[` + strings.ReplaceAll(s3Record(""), dataIn, `hip\u0061a-data-in-123456789012-us-west-2`) + `]}`,
	"bad escape":             `{"Records":[` + strings.Replace(s3Record(""), `"key":"a.csv"`, `"key":"a\x"`, 1) + `]}`,
	"utf-8":                  `{"Records":[` + strings.Replace(s3Record(""), `"key":"a.csv"`, `"key":"données/é.csv"`, 1) + `]}`,
	"invalid utf-8":          `{"Records":[` + strings.Replace(s3Record(""), `"key":"a.csv"`, "\"key\":\"a\xff.csv\"", 1) + `]}`,
	"control character":      `{"Records":[` + strings.Replace(s3Record(""), `"key":"a.csv"`, "\"key\":\"a\x01.csv\"", 1) + `]}`,
	"tab in a string":        `{"Records":[` + strings.Replace(s3Record(""), `"key":"a.csv"`, "\"key\":\"a\t.csv\"", 1) + `]}`,
	"bad event time":         `{"Records":[` + strings.Replace(s3Record(""), `2026-03-02T10:00:00Z`, `yesterday`, 1) + `,` + s3Record("") + `]}`,
	"bad time elsewhere":     `{"Records":[` + strings.ReplaceAll(strings.Replace(s3Record(""), `2026-03-02T10:00:00Z`, `2026-02-30T10:00:00Z`, 1), dataIn, "other") + `]}`,
	"offset time":            `{"Records":[` + strings.Replace(s3Record(""), `2026-03-02T10:00:00Z`, `2026-03-02T12:00:00.5+02:00`, 1) + `]}`,
	"records null":           `{"Records":null}`,
	"other keys":             `{"Other":{"a":[1,2]},"Records":[` + s3Record("") + `],"More":true}`,
	"two lists":              `{"Records":[` + s3Record("") + `],"Records":[` + s3Record("") + `]}`,
	"not objects":            `{"Records":[1,"x",null,[` + s3Record("") + `],` + s3Record("") + `]}`,
	"trailing comma":         `{"Records":[` + s3Record("") + `,]}`,
	"missing comma":          `{"Records":[` + s3Record("") + s3Record("") + `]}`,
	"truncated":              `{"Records":[` + s3Record("") + `,` + s3Record("")[:300],
	"truncated after list":   `{"Records":[` + s3Record("") + `]`,
	"data after":             `{"Records":[` + s3Record("") + `]}{}`,
	"garbage after":          `{"Records":[` + s3Record("") + `]} x`,
	"not json":               `Records`,
	"a list":                 `[` + s3Record("") + `]`,
	"deep":                   `{"Records":[` + s3Record(`"deep":`+strings.Repeat("[", 300)+strings.Repeat("]", 300)+`,`) + `]}`,
	"brackets in strings":    `{"Records":[` + s3Record(`"x":"}]{[\"\\",`) + `]}`,
	"unbalanced":             `{"Records":[{"a":[}],` + s3Record("") + `]}`,
	"larger than the buffer": `{"Records":[` + s3Record(`"big":"`+strings.Repeat(`x\"{[`, 100<<10)+`",`) + `,` + s3Record("") + `]}`,
	"cross-account caller": `{"Records":[` + strings.Replace(s3Record(""), `"userIdentity":{"type":"AssumedRole","principalId":"AROA:alice","arn":"`+alice+`"}`,
		`"userIdentity":{"type":"AWSAccount","principalId":"AIDAOTHER","accountId":"111122223333"}`, 1) + `]}`,
	"cross-account caller, no ID": `{"Records":[` + strings.Replace(s3Record(""), `"userIdentity":{"type":"AssumedRole","principalId":"AROA:alice","arn":"`+alice+`"}`,
		`"userIdentity":{"type":"AWSAccount","principalId":"","ACCOUNTID":"111122223333","accountId":7}`, 1) + `]}`,
	"anonymous caller": `{"Records":[` + strings.Replace(s3Record(""), `"userIdentity":{"type":"AssumedRole","principalId":"AROA:alice","arn":"`+alice+`"}`,
		`"userIdentity":{"type":"AWSAccount","principalId":"","accountId":"ANONYMOUS_PRINCIPAL"}`, 1) + `]}`,
	"many resources": `{"Records":[` + strings.Replace(s3Record(""), `"resources":[`, `"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::`+dataIn+`/x"},`+
		`{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::`+dataIn+`/y"},{"type":"AWS::S3::Object","ARN":"no-arn"},`, 1) + `]}`,
}

func TestQuickPathReadsAsEncodingJSONDoes(t *testing.T) {
	for name, content := range quickPathCases {
		t.Run(name, func(t *testing.T) { assertSameReading(t, content) })
	}
}

// TestQuickPathCases checks that the cases above test what they mean to:
// the canonical file yields its events, broken ones an error.
func TestQuickPathCases(t *testing.T) {
	hipaa := Filter{PIT: "hipaa"}
	read := func(name string) readOutcome {
		return readContent(strings.NewReader(quickPathCases[name]), hipaa, false)
	}
	assert.Equal(t, readOutcome{Records: 2, Events: []string{
		"0 1772445600000000000 GetObject " + dataIn + "/a.csv " + alice + " 10.16.1.10 vpce-0abc  0 17",
		"1 1772445600000000000 GetObject " + dataIn + "/a.csv " + alice + " 10.16.1.10 vpce-0abc  0 17",
	}}, read("canonical"))
	assert.Equal(t, "DeleteObject", strings.Fields(read("duplicate keys").Events[0])[2])
	assert.Equal(t, "PutObject", strings.Fields(read("keys in other case").Events[0])[2])
	assert.Equal(t, readOutcome{Records: 1}, read("other bucket"))
	assert.Equal(t, readOutcome{Records: 2, BadRecords: 1, FirstBad: 1, Events: read("canonical").Events[:1]}, read("bad event time"))
	assert.Equal(t, readOutcome{Records: 1, BadRecords: 1, FirstBad: 1}, read("bad time elsewhere"))
	assert.Equal(t, readOutcome{Err: "invalid character '-' after object key:value pair"}, read("number fastjson takes"))
	assert.Equal(t, readOutcome{Records: 1, Events: read("canonical").Events[:1], Err: "unexpected EOF"}, read("truncated"))
	assert.Equal(t, readOutcome{Records: 1, Events: read("canonical").Events[:1], Err: "more data after the JSON document"}, read("data after"))
	assert.Equal(t, 3, len(read("many resources").Events))
	principal := func(name string) string { return strings.Fields(read(name).Events[0])[4] }
	assert.Equal(t, "AWSAccount:111122223333:AIDAOTHER", principal("cross-account caller"))
	assert.Equal(t, "AWSAccount:111122223333", principal("cross-account caller, no ID"))
	assert.Equal(t, "anonymous", principal("anonymous caller"))
}

// FuzzQuickPath checks that the quick path reads any content as the
// careful path does.
func FuzzQuickPath(f *testing.F) {
	for _, c := range quickPathCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, content string) {
		for _, filter := range quickPathFilters {
			want := readContent(strings.NewReader(content), filter, true)
			if got := readContent(strings.NewReader(content), filter, false); !assert.Equal(t, want, got) {
				return
			}
		}
	})
}

// TestResourcesOfOneRecordDoNotLeakIntoTheNext: a record whose object
// resource has no ARN is on the object its request names, not on the
// object of the record before it (encoding/json decodes a list into the
// elements a reused slice already has).
func TestResourcesOfOneRecordDoNotLeakIntoTheNext(t *testing.T) {
	noARN := strings.Replace(strings.ReplaceAll(s3Record(""), "a.csv", "b.csv"), `"ARN":"arn:aws:s3:::`+dataIn+`/b.csv"`, `"note":"no ARN"`, 1)
	dir := t.TempDir()
	trailtest.NewTrail(t, dir, logsBkt).WriteLogBytes(at(5), []byte(`{"Records":[`+s3Record("")+`,`+noARN+`]}`))
	for _, careful := range []bool{true, false} {
		rep := run(t, Options{Sources: []string{dir}, Filter: Filter{PIT: "hipaa"}, careful: careful})
		var keys []string
		for _, e := range events(t, rep) {
			keys = append(keys, e.Key)
		}
		assert.Equal(t, []string{"a.csv", "b.csv"}, keys, "careful %v", careful)
	}
}

func TestParseZuluIsTimeParse(t *testing.T) {
	for _, s := range []string{"2026-03-02T10:00:00Z", "2024-02-29T23:59:59Z", "2025-02-29T10:00:00Z", "2026-04-31T10:00:00Z",
		"2026-13-01T10:00:00Z", "2026-00-01T10:00:00Z", "2026-03-00T10:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T10:60:00Z",
		"2026-03-02T10:00:60Z", "0000-01-01T00:00:00Z", "2026-03-02t10:00:00z", "2026-03-02T10:00:00+00:00", "2026-3-02T10:00:00Z",
		"2026-03-02T1a:00:00Z", "+026-03-02T10:00:00Z", "2026-03-02 10:00:00Z"} {
		want, werr := time.Parse(time.RFC3339, s)
		got, gerr := parseEventTime(s)
		assert.Equal(t, werr == nil, gerr == nil, s)
		if werr == nil {
			assert.Equal(t, want.UTC(), got, s)
		}
	}
}

func TestPlainASCII(t *testing.T) {
	for _, b := range [][]byte{[]byte("plain text, long enough for words {}[]~"), []byte("x"), nil} {
		assert.True(t, plainASCII(b), "%q", b)
	}
	for i := range 0x20 {
		for _, pos := range []int{0, 7, 9, 20} {
			b := bytes.Repeat([]byte("a"), 24)
			b[pos] = byte(i)
			assert.False(t, plainASCII(b), "%q", b)
		}
	}
	for _, c := range []byte{0x7f + 1, 0xc3, 0xff} {
		b := bytes.Repeat([]byte(" "), 17)
		b[16] = c
		assert.False(t, plainASCII(b), "%q", b)
	}
}

func TestJSONNumberIsEncodingJSONs(t *testing.T) {
	const alphabet = "-+.019eEx"
	var check func(prefix []byte)
	check = func(prefix []byte) {
		if len(prefix) > 0 {
			assert.Equal(t, json.Valid(prefix), jsonNumber(prefix), "%q", prefix)
		}
		if len(prefix) == 5 {
			return
		}
		for i := range len(alphabet) {
			check(append(prefix, alphabet[i]))
		}
	}
	check(nil)
	for _, n := range []string{"0", "-0", "12.50", "1e-7", "6.02E+23", "123456789012345678901234567890"} {
		assert.True(t, jsonNumber([]byte(n)), n)
	}
}
