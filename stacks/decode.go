package stacks

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sce-dev/sce/internal/english"
)

// value is where one decoded config value goes, and its type. Top-level
// values arrive as Pulumi passes them to programs (a scalar as written, a
// list or map JSON-encoded); values inside a list or map arrive as JSON.
type value interface {
	// typeName names the type in the configuration reference.
	typeName() string
	// fromConfig stores a top-level value.
	fromConfig(raw string) problems
	// fromJSON stores a value found inside a list or map.
	fromJSON(v any) problems
	// target is the pointer the value is stored through.
	target() any
}

// problem is one decoding problem at path below the value being decoded:
// "" for the value itself, ".count" or "[1].email" for a part of it.
type problem struct {
	path    string
	message string
	// outOfRange marks a number too large for its type: the key's own
	// description, which gives the range it takes, completes the message
	// (see field.problem).
	outOfRange bool
}

// problems are the problems of one value, in the order they were found.
type problems []problem

// under prefixes the paths of ps with path.
func (ps problems) under(path string) problems {
	for i := range ps {
		ps[i].path = path + ps[i].path
	}
	return ps
}

// fail is a single problem with the value itself.
func fail(format string, a ...any) problems {
	return problems{{message: fmt.Sprintf(format, a...)}}
}

// textValue is a string, or a string type such as sce.DataClass.
type textValue[T ~string] struct{ p *T }

func text[T ~string](p *T) value { return textValue[T]{p} }

func (textValue[T]) typeName() string { return "string" }

func (v textValue[T]) target() any { return v.p }

// fromConfig refuses a list or a map: Pulumi passes one to programs as its
// JSON text, which would otherwise be taken as the string's text. A quoted
// text that is itself the JSON of a list or map cannot be told from one, in
// the offline plan as under Pulumi, so it is refused the same way.
func (v textValue[T]) fromConfig(raw string) problems {
	if kind := structuredKind(raw); kind != "" {
		return fail("is a %s, want a string: write the text on the key's line, not as a list or map %s", kind, jsonNote)
	}
	*v.p = T(raw)
	return nil
}

// jsonNote says why a text that is the JSON of a list or map is refused
// for a string key too.
const jsonNote = "(Pulumi passes a list or map to the program as its JSON text, so a text that is valid JSON of one reads as one too)"

// structuredKind is "list" or "map" when raw is the JSON text of one, as
// Pulumi passes a list or map to programs; "" for any other text.
func structuredKind(raw string) string {
	if !strings.HasPrefix(raw, "[") && !strings.HasPrefix(raw, "{") {
		return ""
	}
	var x any
	if json.Unmarshal([]byte(raw), &x) != nil {
		return ""
	}
	switch x.(type) {
	case []any:
		return "list"
	case map[string]any:
		return "map"
	}
	return ""
}

func (v textValue[T]) fromJSON(x any) problems {
	s, ok := x.(string)
	if !ok {
		return fail("must be a string")
	}
	*v.p = T(s)
	return nil
}

// wholeValue is a whole number.
type wholeValue struct{ p *int }

func whole(p *int) value { return wholeValue{p} }

func (wholeValue) typeName() string { return "whole number" }

func (v wholeValue) target() any { return v.p }

// fromConfig takes the whole numbers fromJSON takes: those of 32 bits.
func (v wholeValue) fromConfig(raw string) problems {
	n, err := strconv.ParseInt(raw, 10, 32)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return outOfRange(raw)
	case err != nil:
		return fail("%q is not a whole number", raw)
	}
	*v.p = int(n)
	return nil
}

func (v wholeValue) fromJSON(x any) problems {
	f, ok := x.(float64)
	switch {
	case !ok || f != math.Trunc(f):
		return fail("must be a whole number")
	case math.Abs(f) > math.MaxInt32:
		format := byte('f')
		if math.Abs(f) >= 1<<53 { // digits past float64's are not the ones written
			format = 'g'
		}
		return outOfRange(strconv.FormatFloat(f, format, -1, 64))
	}
	*v.p = int(f)
	return nil
}

// outOfRange is the problem of a whole number too large for any key.
func outOfRange(number string) problems {
	return problems{{message: number + " is out of range", outOfRange: true}}
}

// nonZeroValue is a whole number where 0 means nothing: a stack that
// writes 0 is refused rather than silently given the default, which is
// what an unset key gets.
type nonZeroValue struct {
	wholeValue
	// def is the default and unit what the number counts ("days"), for the message.
	def  int
	unit string
}

// nonZero is a whole number of unit that must not be 0; def is its default.
func nonZero(p *int, def int, unit string) value { return nonZeroValue{wholeValue{p}, def, unit} }

func (nonZeroValue) typeName() string { return "whole number, not 0" }

func (v nonZeroValue) fromConfig(raw string) problems {
	if ps := v.wholeValue.fromConfig(raw); ps != nil {
		return ps
	}
	return v.refuseZero()
}

func (v nonZeroValue) fromJSON(x any) problems {
	if ps := v.wholeValue.fromJSON(x); ps != nil {
		return ps
	}
	return v.refuseZero()
}

// refuseZero is the problem of a 0 that was written out.
func (v nonZeroValue) refuseZero() problems {
	if *v.p != 0 {
		return nil
	}
	return fail("0 %s means nothing here and would silently become the default: leave the key out for the default, "+
		"%d %s, or write the number of %s you mean", v.unit, v.def, v.unit, v.unit)
}

// numberValue is a number.
type numberValue struct{ p *float64 }

func number(p *float64) value { return numberValue{p} }

func (numberValue) typeName() string { return "number" }

func (v numberValue) target() any { return v.p }

func (v numberValue) fromConfig(raw string) problems {
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return fail("%q is not a number", raw)
	}
	*v.p = f
	return nil
}

func (v numberValue) fromJSON(x any) problems {
	f, ok := x.(float64)
	if !ok {
		return fail("must be a number")
	}
	*v.p = f
	return nil
}

// booleanValue is true or false.
type booleanValue struct{ p *bool }

func boolean(p *bool) value { return booleanValue{p} }

func (booleanValue) typeName() string { return "true or false" }

func (v booleanValue) target() any { return v.p }

func (v booleanValue) fromConfig(raw string) problems {
	b, err := strconv.ParseBool(raw)
	if err != nil {
		return fail("%q is not true or false", raw)
	}
	*v.p = b
	return nil
}

func (v booleanValue) fromJSON(x any) problems {
	b, ok := x.(bool)
	if !ok {
		return fail("must be true or false")
	}
	*v.p = b
	return nil
}

// textsValue is a list of strings.
type textsValue struct{ p *[]string }

func texts(p *[]string) value { return textsValue{p} }

func (textsValue) typeName() string { return "list of strings" }

func (v textsValue) target() any { return v.p }

func (v textsValue) fromConfig(raw string) problems {
	var x any
	if err := json.Unmarshal([]byte(raw), &x); err != nil {
		return v.fromJSON(nil)
	}
	return v.fromJSON(x)
}

func (v textsValue) fromJSON(x any) problems {
	items, ok := x.([]any)
	if !ok {
		return fail(`must be a list of strings, for example ["a", "b"] or one item per line starting with "- "`)
	}
	out := make([]string, len(items))
	var ps problems
	for i, item := range items {
		ps = append(ps, text(&out[i]).fromJSON(item).under(fmt.Sprintf("[%d]", i))...)
	}
	*v.p = out
	return ps
}

// objectValue is a map with known fields, stored through p: fields binds
// them to the value being decoded (and allocates it, for an optional one).
type objectValue struct {
	p      any
	fields func() []field
}

// object is a map decoded into *p.
func object[T any](p *T, fields func(*T) []field) value {
	return objectValue{p, func() []field { return fields(p) }}
}

// optional is a map decoded into a new T that *p then points to; *p stays
// nil when the stack does not set the key.
func optional[T any](p **T, fields func(*T) []field) value {
	return objectValue{p, func() []field {
		*p = new(T)
		return fields(*p)
	}}
}

func (o objectValue) typeName() string { return "map" }

func (o objectValue) target() any { return o.p }

func (o objectValue) fromConfig(raw string) problems {
	var x any
	if err := json.Unmarshal([]byte(raw), &x); err != nil {
		return o.fromJSON(nil)
	}
	return o.fromJSON(x)
}

func (o objectValue) fromJSON(x any) problems {
	fields := o.fields()
	m, ok := x.(map[string]any)
	if !ok {
		return fail("must be a map of %s", strings.Join(fieldNames(fields), ", "))
	}
	var ps problems
	for _, f := range fields {
		v, set := m[f.key]
		switch {
		case !set:
		case isEmpty(v) && f.refusesEmpty():
			ps = append(ps, problem{path: "." + f.key, message: f.emptyProblem()})
		default:
			ps = append(ps, f.complete(f.value.fromJSON(v)).under("."+f.key)...)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(fieldNames(fields), name) {
			ps = append(ps, problems{{path: "." + name, message: unknownField(name, fieldNames(fields), m)}}...)
		}
	}
	return ps
}

// isEmpty reports whether a value inside a map is empty: null, "" or [].
func isEmpty(x any) bool {
	switch v := x.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	}
	return false
}

// unknownField says that name is not a field and which one was meant. A
// name that differs only in case from a field the map m also sets is the
// same setting written twice: keys are case-sensitive, so one of the two
// would be ignored.
func unknownField(name string, names []string, m map[string]any) string {
	for _, f := range names {
		if _, set := m[f]; set && strings.EqualFold(f, name) {
			return fmt.Sprintf("repeats %s, which is also set, in another case: keys are case-sensitive and %s "+
				"would be ignored; keep one, spelled %s", f, name, f)
		}
	}
	if guess, ok := english.Closest(name, names); ok {
		return "unknown field: did you mean " + guess + "?"
	}
	return "unknown field: use " + strings.Join(names, ", ")
}

// listValue is a list of maps, each decoded into a new T.
type listValue[T any] struct {
	p      *[]T
	fields func(*T) []field
}

func objects[T any](p *[]T, fields func(*T) []field) value { return listValue[T]{p, fields} }

func (listValue[T]) typeName() string { return "list of maps" }

func (v listValue[T]) target() any { return v.p }

func (v listValue[T]) fromConfig(raw string) problems {
	var x any
	if err := json.Unmarshal([]byte(raw), &x); err != nil {
		return v.fromJSON(nil)
	}
	return v.fromJSON(x)
}

func (v listValue[T]) fromJSON(x any) problems {
	items, ok := x.([]any)
	if !ok {
		return fail("must be a list of maps of %s, one item per line starting with \"- \"",
			strings.Join(fieldNames(v.fields(new(T))), ", "))
	}
	out := make([]T, len(items))
	var ps problems
	for i, item := range items {
		ps = append(ps, object(&out[i], v.fields).fromJSON(item).under(fmt.Sprintf("[%d]", i))...)
	}
	*v.p = out
	return ps
}

// subfields are the fields of a structured value, nil for a scalar or a
// list of scalars.
func subfields(v value) []field {
	switch o := v.(type) {
	case objectValue:
		return o.fields()
	case interface{ itemFields() []field }:
		return o.itemFields()
	}
	return nil
}

func (v listValue[T]) itemFields() []field { return v.fields(new(T)) }

// fieldNames are the keys of fields, in order.
func fieldNames(fields []field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.key
	}
	return names
}
