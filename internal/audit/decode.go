package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The careful path: encoding/json reads {"Records": [...]} one record at a
// time and says exactly what is wrong with a malformed file. readRecords
// hands over to it whenever a file is not in CloudTrail's own shape.

// decodeRecords reads a whole log file's content.
func decodeRecords(dec *json.Decoder, h *recordHandler) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	return decodeObjectRest(dec, h)
}

// decodeObjectRest reads the rest of the top-level object: its keys, the
// closing brace and the end of the content.
func decodeObjectRest(dec *json.Decoder, h *recordHandler) error {
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
		if err := decodeArray(dec, h); err != nil {
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

func decodeArray(dec *json.Decoder, h *recordHandler) error {
	tok, err := dec.Token()
	switch {
	case err != nil:
		return err
	case tok == nil:
		return nil // "Records": null holds no records
	case tok != json.Delim('['):
		return fmt.Errorf("expected a list of records, found %v", tok)
	}
	return decodeItems(dec, h)
}

// decodeItems reads the records up to the end of the list.
func decodeItems(dec *json.Decoder, h *recordHandler) error {
	for dec.More() {
		var r record
		var mismatch *json.UnmarshalTypeError
		if err := dec.Decode(&r); err != nil && !errors.As(err, &mismatch) {
			return err
		}
		h.record(&r)
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

// resumeItems continues the careful path inside the list of records, after
// n records: the decoder reads a stand-in for what was already read (the
// opening of the object and list, and one null for the records before),
// then the rest of the content.
func resumeItems(rest io.Reader, n int, h *recordHandler) error {
	prefix := `{"Records":[`
	if n > 0 {
		prefix += "null"
	}
	dec := json.NewDecoder(io.MultiReader(strings.NewReader(prefix), rest))
	for range 3 { // '{', "Records", '['
		if _, err := dec.Token(); err != nil {
			return err
		}
	}
	if n > 0 {
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	if err := decodeItems(dec, h); err != nil {
		return err
	}
	return decodeObjectRest(dec, h)
}
