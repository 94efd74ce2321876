package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// checkConfigText refuses a policy config file whose JSON text Go's decoder
// would read wrongly or report without a place: a key given twice in one
// object (encoding/json keeps the last, so a repeated rule could silently
// disable it), a syntax error (reported as line:column, where the decoder
// gives a byte offset or only "unexpected EOF"), and text after the
// configuration object. The error starts with "LINE:COLUMN: " or
// "LINE: " for the file name to precede.
func checkConfigText(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []*openValue // the open objects and lists, innermost last
	started := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			switch {
			case !started:
				return fmt.Errorf("%d: the file holds no JSON: write an object of rule names, for example {\"all\": \"advisory\"}",
					lineCol(data, len(data)).line)
			case len(stack) > 0:
				at := lineCol(data, len(data))
				return fmt.Errorf("%d:%d: the JSON ends before its objects and lists are closed", at.line, at.col)
			}
			return nil
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				// Token's offset can stop before the blanks ahead of the bad
				// character; Unmarshal's counts the bad character itself.
				var full *json.SyntaxError
				if errors.As(json.Unmarshal(data, new(any)), &full) {
					se = full
				}
				at := lineCol(data, int(se.Offset)-1)
				return fmt.Errorf("%d:%d: %s", at.line, at.col, strings.TrimPrefix(se.Error(), "json: "))
			}
			return err
		}
		if started && len(stack) == 0 {
			at := lineCol(data, int(dec.InputOffset())-1)
			return fmt.Errorf("%d:%d: text after the configuration object: a config file is one JSON object", at.line, at.col)
		}
		started = true
		var top *openValue
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.wantKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				markValueDone(stack)
				continue
			}
			key, _ := tok.(string)
			line := lineCol(data, int(dec.InputOffset())-1).line
			name := key
			if top.path != "" {
				name = top.path + "." + key
			}
			if first, seen := top.keys[key]; seen {
				return fmt.Errorf("%d: %s is set twice (first on line %d): keep one; JSON keeps only the last, silently",
					line, name, first)
			}
			top.keys[key] = line
			top.wantKey, top.lastKey = false, key
			continue
		}
		path := ""
		if top != nil {
			path = top.path
			if top.object {
				path = strings.TrimPrefix(path+"."+top.lastKey, ".")
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &openValue{object: true, path: path, keys: map[string]int{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, &openValue{path: path})
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
			markValueDone(stack)
		default:
			markValueDone(stack)
		}
	}
}

// openValue is a JSON object or list whose end checkConfigText has not
// yet read.
type openValue struct {
	object  bool
	path    string         // the dotted keys that lead to it
	keys    map[string]int // an object's keys so far, with their lines
	wantKey bool           // the next token of an object is a key
	lastKey string         // the key whose value is being read
}

// markValueDone records that a value ended: when the innermost open value
// is an object, its next token is a key.
func markValueDone(stack []*openValue) {
	if n := len(stack); n > 0 && stack[n-1].object {
		stack[n-1].wantKey = true
	}
}

// place is a line and column in a file, both from 1.
type place struct{ line, col int }

// lineCol is the place of the byte at offset in data (the end of data for
// an offset past it); the column counts characters.
func lineCol(data []byte, offset int) place {
	offset = min(max(offset, 0), len(data))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return place{line: line, col: utf8.RuneCount(before[start:]) + 1}
}
