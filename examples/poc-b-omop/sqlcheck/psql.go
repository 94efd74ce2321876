package sqlcheck

import (
	"fmt"
	"strings"
	"unicode"
)

// Inputs are the psql variables given on the command line (-v name=value).
type Inputs map[string]string

// expander interpolates psql variables in a script, as psql does before it
// sends a statement.
type expander struct {
	file string
	src  string
	vars map[string]string
	out  strings.Builder
	pos  int
	line int
}

// expandPsql runs the script's \set meta-commands and replaces each :'name'
// with the variable's value as a quoted SQL literal. Meta-command lines
// become empty lines, so line numbers stay those of the file.
func expandPsql(file, src string, in Inputs) (string, error) {
	e := &expander{file: file, src: src, vars: map[string]string{}, line: 1}
	for k, v := range in {
		e.vars[k] = v
	}
	if err := e.run(); err != nil {
		return "", err
	}
	return e.out.String(), nil
}

// errorf formats an error at the current line.
func (e *expander) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", e.file, e.line, fmt.Sprintf(format, args...))
}

// run walks the script once, outside and inside quotes and comments.
func (e *expander) run() error {
	atLineStart := true
	for e.pos < len(e.src) {
		c := e.src[e.pos]
		switch {
		case c == '\n':
			e.copyN(1)
			atLineStart = true
			continue
		case atLineStart && (c == ' ' || c == '\t'):
			e.copyN(1)
			continue
		case atLineStart && c == '\\':
			if err := e.metaCommand(); err != nil {
				return err
			}
			continue
		}
		atLineStart = false
		if err := e.step(c); err != nil {
			return err
		}
	}
	return nil
}

// step copies one lexical unit of SQL, interpolating variables.
func (e *expander) step(c byte) error {
	rest := e.src[e.pos:]
	switch {
	case strings.HasPrefix(rest, "--"):
		e.copyUntil("\n", false)
	case strings.HasPrefix(rest, "/*"):
		e.copyUntil("*/", true)
	case c == '\'':
		return e.copyQuoted('\'')
	case c == '"':
		return e.copyQuoted('"')
	case strings.HasPrefix(rest, "::"):
		e.copyN(2)
	case strings.HasPrefix(rest, ":'"):
		return e.interpolate()
	case c == ':' && len(rest) > 1 && isNameStart(rest[1]):
		return e.errorf("psql variable without quotes (%s): write :'name' so that psql quotes the value", rest[:nameEnd(rest, 1)])
	case c == '\\':
		return e.errorf("a backslash outside a string starts a psql meta-command: only \\set at the start of a line is used here")
	default:
		e.copyN(1)
	}
	return nil
}

// copyN copies n bytes.
func (e *expander) copyN(n int) {
	s := e.src[e.pos : e.pos+n]
	e.line += strings.Count(s, "\n")
	e.out.WriteString(s)
	e.pos += n
}

// copyUntil copies up to the end marker (included when inclusive) or the
// end of the script.
func (e *expander) copyUntil(end string, inclusive bool) {
	i := strings.Index(e.src[e.pos+1:], end)
	if i < 0 {
		e.copyN(len(e.src) - e.pos)
		return
	}
	n := i + 1
	if inclusive {
		n += len(end)
	}
	e.copyN(n)
}

// copyQuoted copies a quoted string or identifier; a doubled quote stays
// inside it.
func (e *expander) copyQuoted(q byte) error {
	start := e.line
	for i := e.pos + 1; i < len(e.src); i++ {
		if e.src[i] != q {
			continue
		}
		if i+1 < len(e.src) && e.src[i+1] == q {
			i++
			continue
		}
		e.copyN(i + 1 - e.pos)
		return nil
	}
	e.line = start
	return e.errorf("%c opened here is never closed", q)
}

// interpolate replaces :'name' with the variable's value as a literal.
func (e *expander) interpolate() error {
	rest := e.src[e.pos+2:]
	end := strings.IndexByte(rest, '\'')
	if end < 0 || !isName(rest[:end]) {
		return e.errorf("malformed psql variable reference: write :'name'")
	}
	name := rest[:end]
	v, ok := e.vars[name]
	if !ok {
		return e.errorf("psql variable %q is not set: give it with psql -v %s=... or \\set it above", name, name)
	}
	e.out.WriteString(quoteLiteral(v))
	e.pos += 2 + end + 1
	return nil
}

// metaCommand runs one meta-command line: only \set.
func (e *expander) metaCommand() error {
	end := strings.IndexByte(e.src[e.pos:], '\n')
	if end < 0 {
		end = len(e.src) - e.pos
	}
	line := e.src[e.pos : e.pos+end]
	e.pos += end // the newline itself is copied by run
	args, err := splitMetaArgs(line)
	if err != nil {
		return e.errorf("%v", err)
	}
	if args[0] != `\set` {
		return e.errorf("psql meta-command %s is not one sqlcheck knows: only \\set is used here", args[0])
	}
	return e.set(args[1:])
}

// set runs \set NAME VALUE...: ON_ERROR_STOP takes the word on; any other
// variable the concatenation of :variables and 'text'.
func (e *expander) set(args []string) error {
	if len(args) < 2 || !isName(args[0]) {
		return e.errorf(`\set needs a variable name and a value: \set name :variable 'text'`)
	}
	if args[0] == "ON_ERROR_STOP" {
		if len(args) != 2 || args[1] != "on" {
			return e.errorf(`\set ON_ERROR_STOP takes exactly the value on`)
		}
		return nil
	}
	var v strings.Builder
	for _, a := range args[1:] {
		switch {
		case strings.HasPrefix(a, ":") && isName(a[1:]):
			val, ok := e.vars[a[1:]]
			if !ok {
				return e.errorf("psql variable %q is not set: give it with psql -v %s=... or \\set it above", a[1:], a[1:])
			}
			v.WriteString(val)
		case len(a) >= 2 && a[0] == '\'' && a[len(a)-1] == '\'' && !strings.Contains(a[1:len(a)-1], "'"):
			v.WriteString(a[1 : len(a)-1])
		default:
			return e.errorf(`\set %s: %q is neither :variable nor 'text'`, args[0], a)
		}
	}
	e.vars[args[0]] = v.String()
	return nil
}

// splitMetaArgs splits a meta-command line at spaces outside quotes.
func splitMetaArgs(line string) ([]string, error) {
	var args []string
	var cur strings.Builder
	quoted := false
	for _, r := range strings.TrimSpace(line) {
		switch {
		case r == '\'':
			quoted = !quoted
			cur.WriteRune(r)
		case unicode.IsSpace(r) && !quoted:
			if cur.Len() > 0 {
				args = append(args, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if quoted {
		return nil, fmt.Errorf("a quote in the meta-command is never closed")
	}
	if cur.Len() > 0 {
		args = append(args, cur.String())
	}
	return args, nil
}

// quoteLiteral quotes s as a SQL string literal.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// isNameStart reports whether c can start a variable name.
func isNameStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }

// isName reports whether s is a variable name: a letter or _, then letters,
// digits or _.
func isName(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	return nameEnd(s, 0) == len(s)
}

// nameEnd is the end of the name starting at s[i].
func nameEnd(s string, i int) int {
	for i < len(s) && (isNameStart(s[i]) || (s[i] >= '0' && s[i] <= '9')) {
		i++
	}
	return i
}
