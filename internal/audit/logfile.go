package audit

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// readBuffer is the read-ahead of each file being read.
const readBuffer = 256 << 10

// logResult is what reading one log file found.
type logResult struct {
	index   int
	records int
	events  []rawEvent
	// sha256 is the hex SHA-256 of the uncompressed content, as CloudTrail
	// digests list it; "" when the file could not be read to its end.
	sha256 string
	// problem says why the file is malformed or truncated; "" if it is not.
	problem string
	// badRecords counts S3 data events without a valid time; firstBad is
	// the first one's position in the file.
	badRecords, firstBad int
}

// readLog streams one log file record by record, keeping the S3 data events
// that pass m, and hashes the uncompressed content on the way. A broken file
// keeps the events read before the break and says what is wrong.
func readLog(ctx context.Context, f file, index int, m *matcher) logResult {
	res := logResult{index: index}
	rc, _, err := f.open(ctx)
	if err != nil {
		res.problem = "cannot be read: " + err.Error()
		return res
	}
	defer rc.Close()
	raw := bufio.NewReaderSize(rc, readBuffer)
	gz, err := gzip.NewReader(raw)
	if err != nil {
		res.problem = "is not gzip-compressed: " + err.Error()
		return res
	}
	gz.Multistream(false)
	h := sha256.New()
	content := io.TeeReader(gz, h)
	if err := decodeRecords(json.NewDecoder(content), m, &res); err != nil {
		res.problem = fmt.Sprintf("is malformed or truncated after %d records: %v", res.records, err)
		return res
	}
	if _, err := io.Copy(io.Discard, content); err != nil {
		res.problem = "is truncated: " + err.Error()
		return res
	}
	if _, err := raw.Peek(1); !errors.Is(err, io.EOF) {
		res.problem = "has data after the end of its compressed stream"
		return res
	}
	res.sha256 = hex.EncodeToString(h.Sum(nil))
	if res.badRecords > 0 {
		res.problem = fmt.Sprintf("has %d S3 data events without a valid eventTime (the first is record %d); they are not in the report",
			res.badRecords, res.firstBad)
	}
	return res
}

// decodeRecords reads {"Records": [...]} one record at a time.
func decodeRecords(dec *json.Decoder, m *matcher, res *logResult) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok != "Records" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
			continue
		}
		if err := decodeArray(dec, m, res); err != nil {
			return err
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("more data after the JSON document")
	}
	return nil
}

func decodeArray(dec *json.Decoder, m *matcher, res *logResult) error {
	tok, err := dec.Token()
	switch {
	case err != nil:
		return err
	case tok == nil:
		return nil // "Records": null holds no records
	case tok != json.Delim('['):
		return fmt.Errorf("expected a list of records, found %v", tok)
	}
	var r record
	for dec.More() {
		r = record{Resources: r.Resources[:0]}
		var mismatch *json.UnmarshalTypeError
		if err := dec.Decode(&r); err != nil && !errors.As(err, &mismatch) {
			return err
		}
		res.records++
		if !r.s3DataEvent() {
			continue
		}
		events, ok := r.events(res.records)
		if !ok {
			if res.badRecords == 0 {
				res.firstBad = res.records
			}
			res.badRecords++
			continue
		}
		for _, e := range events {
			if m.match(&e) {
				res.events = append(res.events, e)
			}
		}
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("expected %q, found %v", want, tok)
	}
	return nil
}
