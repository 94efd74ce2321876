package stacks

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce"
)

// reader reads typed values from the stack config and collects type errors,
// each naming its key, instead of failing on the first.
type reader struct {
	ctx  *pulumi.Context
	errs sce.ValidationErrors
}

func newReader(ctx *pulumi.Context) *reader { return &reader{ctx: ctx} }

// get returns the raw value of a fully qualified key ("aws:region"), or "".
func (r *reader) get(key string) string {
	v, _ := r.ctx.GetConfig(key)
	return v
}

// str returns the value of sce:<key>, or "".
func (r *reader) str(key string) string { return r.get(sce.ConfigNamespace + ":" + key) }

// int returns sce:<key> as a whole number, 0 when unset.
func (r *reader) int(key string) int {
	raw := r.str(key)
	if raw == "" {
		return 0
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		r.fail(key, "%q is not a whole number", raw)
	}
	return n
}

// bool returns sce:<key> as true or false, false when unset.
func (r *reader) bool(key string) bool {
	raw := r.str(key)
	if raw == "" {
		return false
	}
	v, err := strconv.ParseBool(raw)
	if err != nil {
		r.fail(key, "%q is not true or false", raw)
	}
	return v
}

// list returns sce:<key> as a list of strings, nil when unset.
func (r *reader) list(key string) []string {
	raw := r.str(key)
	if raw == "" {
		return nil
	}
	var out []string
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		r.fail(key, "must be a list of strings, for example [\"a\", \"b\"] or one item per line starting with \"- \"")
	}
	return out
}

func (r *reader) fail(key, format string, a ...any) {
	r.errs = append(r.errs, sce.FieldError{Key: sce.ConfigNamespace + ":" + key, Message: fmt.Sprintf(format, a...)})
}

// object decodes sce:<key>, a YAML mapping (or list of mappings), into out,
// whose json tags name the accepted fields; an unknown field is an error
// that lists them. It reports whether the key was set and decoded.
func (r *reader) object(key string, out any, fields string) bool {
	raw := r.str(key)
	if raw == "" {
		return false
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			r.fail(key, "has an unknown field %s: the fields are %s", strings.TrimPrefix(err.Error(), "json: unknown field "), fields)
		case errors.As(err, &typeErr) && typeErr.Field != "":
			r.fail(key+"."+typeErr.Field, "must be a %s", jsonKind(typeErr.Type.Kind().String()))
		default:
			r.fail(key, "must be %s", fields)
		}
		return false
	}
	return true
}

// jsonKind names a Go kind as a YAML user knows it.
func jsonKind(kind string) string {
	switch kind {
	case "int", "int64":
		return "whole number"
	case "bool":
		return "true or false"
	case "slice":
		return "list"
	}
	return kind
}
