package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// jsonWriter writes a plan as indented JSON, byte for byte as
// encoding/json's Encoder does with SetIndent("", "  ") and
// SetEscapeHTML(false), but in one pass: the Encoder writes compact JSON
// and indents it again, which for a plan of a few hundred resources costs
// more than the encoding itself. Strings made of printable ASCII, numbers
// in the range that prints without an exponent, and the plan's own types
// are written here; every other value (a Secret, a string with other
// characters, a type a plan does not hold) is encoded by encoding/json at
// its place, so the result cannot differ from the Encoder's.
type jsonWriter struct {
	buf     []byte
	depth   int
	scratch bytes.Buffer
	enc     *json.Encoder
}

// writePlanJSON returns p (normalized, see Plan.normalized) as the
// Encoder would write it, with the trailing newline.
func writePlanJSON(p *Plan) ([]byte, error) {
	w := &jsonWriter{buf: make([]byte, 0, 2048*(len(p.Resources)+1))}
	w.enc = json.NewEncoder(&w.scratch)
	w.enc.SetEscapeHTML(false)
	if err := w.plan(p); err != nil {
		return nil, err
	}
	return append(w.buf, '\n'), nil
}

func (w *jsonWriter) plan(p *Plan) error {
	w.open('{')
	w.member(0, "version")
	w.buf = strconv.AppendInt(w.buf, int64(p.Version), 10)
	w.member(1, "project")
	w.str(p.Project)
	w.member(2, "stack")
	w.str(p.Stack)
	w.member(3, "offline")
	w.buf = strconv.AppendBool(w.buf, p.Offline)
	w.member(4, "config")
	w.stringMap(p.Config)
	w.member(5, "resources")
	w.open('[')
	for i := range p.Resources {
		w.item(i)
		if err := w.resource(&p.Resources[i]); err != nil {
			return err
		}
	}
	w.close(']', len(p.Resources))
	w.member(6, "outputs")
	if err := w.object(p.Outputs); err != nil {
		return err
	}
	w.close('}', 7)
	return nil
}

func (w *jsonWriter) resource(r *Resource) error {
	w.open('{')
	w.member(0, "urn")
	w.str(r.URN)
	w.member(1, "type")
	w.str(r.Type)
	w.member(2, "name")
	w.str(r.Name)
	w.member(3, "custom")
	w.buf = strconv.AppendBool(w.buf, r.Custom)
	w.member(4, "parent")
	w.str(r.Parent)
	w.member(5, "inputs")
	if err := w.object(r.Inputs); err != nil {
		return err
	}
	w.member(6, "dependencies")
	w.strings(r.Dependencies)
	w.member(7, "propertyDependencies")
	w.open('{')
	for i, k := range sortedMapKeys(r.PropertyDependencies) {
		w.member(i, k)
		w.strings(r.PropertyDependencies[k])
	}
	w.close('}', len(r.PropertyDependencies))
	w.member(8, "options")
	w.options(r.Options)
	n := 9
	if len(r.Outputs) > 0 { // omitempty
		w.member(9, "outputs")
		if err := w.object(r.Outputs); err != nil {
			return err
		}
		n++
	}
	w.close('}', n)
	return nil
}

func (w *jsonWriter) options(o Options) {
	w.open('{')
	w.member(0, "protect")
	w.buf = strconv.AppendBool(w.buf, o.Protect)
	w.member(1, "retainOnDelete")
	w.buf = strconv.AppendBool(w.buf, o.RetainOnDelete)
	w.member(2, "ignoreChanges")
	w.strings(o.IgnoreChanges)
	w.member(3, "deleteBeforeReplace")
	w.buf = strconv.AppendBool(w.buf, o.DeleteBeforeReplace)
	w.close('}', 4)
}

// open starts an object or array.
func (w *jsonWriter) open(c byte) {
	w.buf = append(w.buf, c)
	w.depth++
}

// close ends an object or array of n members: an empty one stays on its line.
func (w *jsonWriter) close(c byte, n int) {
	w.depth--
	if n > 0 {
		w.newline()
	}
	w.buf = append(w.buf, c)
}

// member starts the i-th member of an object, named key.
func (w *jsonWriter) member(i int, key string) {
	w.item(i)
	w.str(key)
	w.buf = append(w.buf, ':', ' ')
}

// item starts the i-th element of an array or object.
func (w *jsonWriter) item(i int) {
	if i > 0 {
		w.buf = append(w.buf, ',')
	}
	w.newline()
}

func (w *jsonWriter) newline() {
	w.buf = append(w.buf, '\n')
	for range w.depth {
		w.buf = append(w.buf, ' ', ' ')
	}
}

func (w *jsonWriter) strings(ss []string) {
	w.open('[')
	for i, s := range ss {
		w.item(i)
		w.str(s)
	}
	w.close(']', len(ss))
}

func (w *jsonWriter) stringMap(m map[string]string) {
	w.open('{')
	for i, k := range sortedMapKeys(m) {
		w.member(i, k)
		w.str(m[k])
	}
	w.close('}', len(m))
}

// object writes a map of plan values with its keys sorted.
func (w *jsonWriter) object(m map[string]any) error {
	w.open('{')
	for i, k := range sortedMapKeys(m) {
		w.member(i, k)
		if err := w.value(m[k]); err != nil {
			return err
		}
	}
	w.close('}', len(m))
	return nil
}

// value writes one plan value (see plainValue).
func (w *jsonWriter) value(x any) error {
	switch v := x.(type) {
	case nil:
		w.buf = append(w.buf, "null"...)
	case string:
		w.str(v)
	case bool:
		w.buf = strconv.AppendBool(w.buf, v)
	case float64:
		if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e21) || math.IsNaN(v) {
			return w.encoded(v)
		}
		w.buf = strconv.AppendFloat(w.buf, v, 'f', -1, 64)
	case map[string]any:
		return w.object(v)
	case []any:
		w.open('[')
		for i, e := range v {
			w.item(i)
			if err := w.value(e); err != nil {
				return err
			}
		}
		w.close(']', len(v))
	default:
		return w.encoded(v)
	}
	return nil
}

// str writes s as a JSON string. Printable ASCII, tab, newline and
// carriage return are written here; a string with any other character is
// left to encoding/json.
func (w *jsonWriter) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			_ = w.encoded(s) // a string always encodes
			return
		}
	}
	w.buf = append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '"':
			esc = `\"`
		case '\\':
			esc = `\\`
		case '\n':
			esc = `\n`
		case '\r':
			esc = `\r`
		case '\t':
			esc = `\t`
		default:
			continue
		}
		w.buf = append(append(w.buf, s[start:i]...), esc...)
		start = i + 1
	}
	w.buf = append(append(w.buf, s[start:]...), '"')
}

// encoded writes x as encoding/json does at the current depth.
func (w *jsonWriter) encoded(x any) error {
	w.scratch.Reset()
	w.enc.SetIndent(strings.Repeat("  ", w.depth), "  ")
	if err := w.enc.Encode(x); err != nil {
		return fmt.Errorf("encode plan: %w", err)
	}
	w.buf = append(w.buf, bytes.TrimSuffix(w.scratch.Bytes(), []byte("\n"))...)
	return nil
}

// sortedMapKeys returns the keys of m in order.
func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
