package request

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/stackfile"
)

// walker reads a YAML document field by field with the yaml.v3 Node API, so
// that every problem carries its line, and collects all of them.
type walker struct {
	path  string
	errs  stackfile.ConfigErrors
	lines map[string]int
}

func newWalker(path string) *walker { return &walker{path: path, lines: map[string]int{}} }

func (w *walker) fail(line int, field, format string, a ...any) {
	w.errs = append(w.errs, stackfile.ConfigError{Path: w.path, Line: line, Key: field, Message: fmt.Sprintf(format, a...)})
}

// failed reports whether a problem was recorded on field.
func (w *walker) failed(field string) bool {
	for _, e := range w.errs {
		if e.Key == field {
			return true
		}
	}
	return false
}

// fieldSpec describes one field of a mapping: its name, whether it must be
// present (and what to put there), and the reader of its value.
type fieldSpec struct {
	name     string
	required string // non-empty: the field is required, and this says what it holds
	read     func(field string, n *yaml.Node)
}

// join builds a field path: join("irb", "expiresOn") is "irb.expiresOn".
func join(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// index builds a list item's path: index("researchers", 1) is "researchers[1]".
func index(parent string, i int) string { return fmt.Sprintf("%s[%d]", parent, i) }

// mapping reads a mapping field by field: unknown and repeated fields are
// problems, and so is a required field that is missing (reported on line,
// the line of the key that holds the mapping).
func (w *walker) mapping(field string, line int, n *yaml.Node, specs []fieldSpec) {
	if n.Kind != yaml.MappingNode {
		w.fail(n.Line, field, "must be a mapping of name: value lines, with the fields %s", specNames(specs))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := join(field, k.Value)
		spec, ok := findSpec(specs, k.Value)
		switch {
		case !ok && caseTwin(n, k.Value, specs) != nil:
			twin := caseTwin(n, k.Value, specs)
			w.fail(k.Line, path, "repeats %s (line %d) in another case: field names are case-sensitive and %s would be "+
				"ignored; keep one, spelled %s", twin.Value, twin.Line, k.Value, twin.Value)
		case !ok:
			w.unknown(k, path, specs)
		case seen[k.Value]:
			w.fail(k.Line, path, "set twice (first on line %d): keep one", w.lines[path])
		default:
			seen[k.Value] = true
			w.lines[path] = k.Line
			spec.read(path, resolve(v))
		}
	}
	for _, s := range specs {
		if s.required != "" && !seen[s.name] {
			w.fail(line, join(field, s.name), "is missing: add %s: with %s", s.name, s.required)
		}
	}
}

func (w *walker) unknown(k *yaml.Node, path string, specs []fieldSpec) {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.name
	}
	if guess, ok := english.Closest(k.Value, names); ok {
		w.fail(k.Line, path, "unknown field: did you mean %s?", guess)
		return
	}
	w.fail(k.Line, path, "unknown field: the fields here are %s", specNames(specs))
}

// caseTwin is the key of mapping n that is a field of specs and differs
// from name only in case, or nil.
func caseTwin(n *yaml.Node, name string, specs []fieldSpec) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if _, ok := findSpec(specs, k.Value); ok && k.Value != name && strings.EqualFold(k.Value, name) {
			return k
		}
	}
	return nil
}

func findSpec(specs []fieldSpec, name string) (fieldSpec, bool) {
	for _, s := range specs {
		if s.name == name {
			return s, true
		}
	}
	return fieldSpec{}, false
}

func specNames(specs []fieldSpec) string {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// scalar returns a non-empty scalar's text.
func (w *walker) scalar(field string, n *yaml.Node, example string) (string, bool) {
	switch {
	case n.Kind != yaml.ScalarNode:
		w.fail(n.Line, field, "must be a single value, for example %s", example)
	case n.Tag == "!!null" || strings.TrimSpace(n.Value) == "":
		w.fail(n.Line, field, "is empty: write a value, for example %s", example)
	default:
		return n.Value, true
	}
	return "", false
}

// text reads a string field into dst.
func (w *walker) text(dst *string, example string) func(string, *yaml.Node) {
	return func(field string, n *yaml.Node) {
		if s, ok := w.scalar(field, n, example); ok {
			*dst = strings.TrimSpace(s)
		}
	}
}

// date reads a YYYY-MM-DD date into dst.
func (w *walker) date(dst *time.Time) func(string, *yaml.Node) {
	return func(field string, n *yaml.Node) {
		s, ok := w.scalar(field, n, "2027-06-30")
		if !ok {
			return
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			w.fail(n.Line, field, "%q is not a date as YYYY-MM-DD, for example 2027-06-30", s)
			return
		}
		*dst = t
	}
}

// integer reads a whole number into dst.
func (w *walker) integer(dst *int, example string) func(string, *yaml.Node) {
	return func(field string, n *yaml.Node) {
		s, ok := w.scalar(field, n, example)
		if !ok {
			return
		}
		v, err := strconv.ParseInt(s, 10, 32) // as the stack file's whole numbers
		switch {
		case errors.Is(err, strconv.ErrRange):
			w.fail(n.Line, field, "%s is out of range: give a whole number in the field's range, for example %s", s, example)
			return
		case err != nil:
			w.fail(n.Line, field, "%q is not a whole number, for example %s", s, example)
			return
		}
		*dst = int(v)
	}
}

// number reads a decimal number into dst.
func (w *walker) number(dst *float64, example string) func(string, *yaml.Node) {
	return func(field string, n *yaml.Node) {
		s, ok := w.scalar(field, n, example)
		if !ok {
			return
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil {
			w.fail(n.Line, field, "%q is not a number, for example %s", s, example)
			return
		}
		*dst = v
	}
}

// boolean reads true or false into dst.
func (w *walker) boolean(dst *bool) func(string, *yaml.Node) {
	return func(field string, n *yaml.Node) {
		s, ok := w.scalar(field, n, "true")
		if !ok {
			return
		}
		switch s {
		case "true":
			*dst = true
		case "false":
			*dst = false
		default:
			w.fail(n.Line, field, "%q is not true or false", s)
		}
	}
}

// list reads a non-empty sequence, calling item for each element.
func (w *walker) list(field string, n *yaml.Node, example string, item func(field string, n *yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		w.fail(n.Line, field, "must be a list, one item per line starting with \"- \", for example\n    - %s", example)
		return
	}
	if len(n.Content) == 0 {
		w.fail(n.Line, field, "is empty: add at least one item, for example - %s", example)
		return
	}
	for i, c := range n.Content {
		path := index(field, i)
		w.lines[path] = c.Line
		item(path, resolve(c))
	}
}

// texts reads a non-empty list of strings into dst.
func (w *walker) texts(dst *[]string, example string) func(string, *yaml.Node) {
	return func(field string, n *yaml.Node) {
		w.list(field, n, example, func(path string, c *yaml.Node) {
			if s, ok := w.scalar(path, c, example); ok {
				*dst = append(*dst, strings.TrimSpace(s))
			}
		})
	}
}

// parseDocument reads a whole file into the fields specs gives and
// returns every field's line, or every problem found.
func parseDocument(path string, data []byte, specs func(*walker) []fieldSpec) (map[string]int, error) {
	w := newWalker(path)
	if root := w.document(data); root != nil {
		w.mapping("", 1, root, specs(w))
	}
	if len(w.errs) > 0 {
		return nil, w.errs
	}
	return w.lines, nil
}

// document returns the root mapping of a YAML file, or records why not.
func (w *walker) document(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		w.errs = append(w.errs, stackfile.YAMLError(w.path, data, err))
		return nil
	}
	if len(doc.Content) == 0 {
		w.fail(0, "", "the file is empty: start from the example in examples/requests/")
		return nil
	}
	return doc.Content[0]
}
