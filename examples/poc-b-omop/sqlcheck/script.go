package sqlcheck

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// Kind is what a statement does, as far as sqlcheck distinguishes.
type Kind string

// The kinds of statement.
const (
	KindCreateTable Kind = "CREATE TABLE"
	KindCopy        Kind = "COPY"
	KindUnload      Kind = "UNLOAD"
	KindOther       Kind = "other"
)

// Statement is one statement of a script, after psql interpolation.
type Statement struct {
	// Line is the statement's first line in the file.
	Line int
	// Text is the statement as psql sends it to Redshift, without the ";".
	Text string
	// Kind says which of Table, Copy or Unload is set.
	Kind Kind
	// Tree is the PostgreSQL parse tree: of the statement without its
	// Redshift table attributes or parameters for CREATE TABLE and COPY, of
	// the unloaded query for UNLOAD, of the whole statement otherwise.
	Tree *pg_query.ParseResult
	// Table, Copy and Unload describe a statement of their kind.
	Table  *Table
	Copy   *Copy
	Unload *Unload
}

// Script is a parsed SQL file.
type Script struct {
	// File is the file's name, as used in messages.
	File string
	// Statements are in file order.
	Statements []Statement
}

// ParseFile reads and parses a script; in are its psql -v variables.
func ParseFile(path string, in Inputs) (*Script, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read script: %w", err)
	}
	return Parse(filepath.Base(path), string(b), in)
}

// Parse parses the text of a script named file.
func Parse(file, src string, in Inputs) (*Script, error) {
	sql, err := expandPsql(file, src, in)
	if err != nil {
		return nil, err
	}
	stmts, err := split(file, sql)
	if err != nil {
		return nil, err
	}
	s := &Script{File: file}
	for _, st := range stmts {
		if err := st.parse(); err != nil {
			return nil, err
		}
		s.Statements = append(s.Statements, st.Statement)
	}
	return s, nil
}

// token is a scanned token, its offsets relative to its statement's text.
type token struct {
	kind       pg_query.Token
	text       string
	start, end int
}

// upper is the token's text in upper case, for keyword comparisons.
func (t token) upper() string { return strings.ToUpper(t.text) }

// rawStatement is a statement with its tokens, before parsing.
type rawStatement struct {
	Statement
	file string
	toks []token
}

// split cuts the script at semicolons, with PostgreSQL's scanner so that a
// ";" in a string or comment does not count; comments are dropped.
func split(file, sql string) ([]*rawStatement, error) {
	scan, err := pg_query.Scan(sql)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var out []*rawStatement
	var cur []*pg_query.ScanToken
	for _, t := range scan.Tokens {
		switch {
		case t.Token == pg_query.Token_SQL_COMMENT || t.Token == pg_query.Token_C_COMMENT:
		case t.Token == pg_query.Token_ASCII_59:
			if len(cur) > 0 {
				out = append(out, newRawStatement(file, sql, cur))
			}
			cur = nil
		default:
			cur = append(cur, t)
		}
	}
	if len(cur) > 0 {
		line := 1 + strings.Count(sql[:cur[0].Start], "\n")
		return nil, fmt.Errorf("%s:%d: the last statement does not end with ;", file, line)
	}
	return out, nil
}

// newRawStatement makes a statement from its tokens.
func newRawStatement(file, sql string, ts []*pg_query.ScanToken) *rawStatement {
	base := int(ts[0].Start)
	text := sql[base:ts[len(ts)-1].End]
	st := &rawStatement{file: file}
	st.Line = 1 + strings.Count(sql[:base], "\n")
	st.Text = text
	for _, t := range ts {
		s, e := int(t.Start)-base, int(t.End)-base
		st.toks = append(st.toks, token{kind: t.Token, text: text[s:e], start: s, end: e})
	}
	return st
}

// errorf formats an error at the line of the statement's offset off.
func (st *rawStatement) errorf(off int, format string, args ...any) error {
	line := st.Line + strings.Count(st.Text[:min(off, len(st.Text))], "\n")
	return fmt.Errorf("%s:%d: %s", st.file, line, fmt.Sprintf(format, args...))
}

// parse dispatches on the statement's first words.
func (st *rawStatement) parse() error {
	first := st.toks[0].upper()
	second := ""
	if len(st.toks) > 1 {
		second = st.toks[1].upper()
	}
	switch {
	case first == "CREATE" && second == "TABLE":
		st.Kind = KindCreateTable
		return st.parseCreateTable()
	case first == "COPY":
		st.Kind = KindCopy
		return st.parseCopy()
	case first == "UNLOAD":
		st.Kind = KindUnload
		return st.parseUnload()
	}
	st.Kind = KindOther
	tree, err := st.pgParse(st.Text, 0)
	st.Tree = tree
	return err
}

// pgParse parses sql, which starts at offset off of the statement, as
// exactly one PostgreSQL statement; errors name the line of the cursor.
func (st *rawStatement) pgParse(sql string, off int) (*pg_query.ParseResult, error) {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		at := off
		var pe *parser.Error
		if errors.As(err, &pe) && pe.Cursorpos > 0 {
			at = off + pe.Cursorpos - 1
		}
		return nil, st.errorf(at, "PostgreSQL parser: %v", err)
	}
	if n := len(tree.Stmts); n != 1 {
		return nil, st.errorf(off, "%d statements where one was expected", n)
	}
	return tree, nil
}
