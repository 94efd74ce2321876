package sqlcheck

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Table is a CREATE TABLE statement with its Redshift table attributes.
type Table struct {
	// Schema and Name name the table.
	Schema, Name string
	// Columns are in the order of the column list.
	Columns []Column
	// DistStyle is ALL, EVEN, KEY or AUTO: as written, KEY when only DISTKEY
	// is written, empty when neither is.
	DistStyle string
	// DistKey is the DISTKEY column, if any.
	DistKey string
	// SortStyle is COMPOUND when written so, empty for a plain SORTKEY (which
	// Redshift also treats as compound).
	SortStyle string
	// SortKey are the SORTKEY columns, in order.
	SortKey []string
}

// Column is one column of a table.
type Column struct {
	// Name is the column's name.
	Name string
	// Type is PostgreSQL's name for the type with its modifiers, as the
	// parser reports it: int4, int8, float8, date, timestamp, varchar(50) ...
	Type string
	// NotNull is true for a NOT NULL column.
	NotNull bool
}

// FullName is schema.name, or name without a schema.
func (t *Table) FullName() string {
	if t.Schema == "" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// ColumnNames are the names of the columns, in order.
func (t *Table) ColumnNames() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// parseCreateTable cuts the Redshift table attributes after the column list,
// parses the rest with PostgreSQL's parser and checks the attributes against
// the columns.
func (st *rawStatement) parseCreateTable() error {
	open := slices.IndexFunc(st.toks, func(t token) bool { return t.text == "(" })
	if open < 0 {
		return st.errorf(0, "CREATE TABLE without a column list")
	}
	closing, err := st.matchParen(open)
	if err != nil {
		return err
	}
	tree, err := st.pgParse(st.Text[:st.toks[closing].end], 0)
	if err != nil {
		return err
	}
	create := tree.Stmts[0].Stmt.GetCreateStmt()
	if create == nil {
		return st.errorf(0, "not a CREATE TABLE for the PostgreSQL parser")
	}
	t := &Table{Schema: create.Relation.Schemaname, Name: create.Relation.Relname, Columns: columns(create)}
	if err := st.tableAttributes(t, st.toks[closing+1:]); err != nil {
		return err
	}
	st.Tree, st.Table = tree, t
	return nil
}

// matchParen finds the ")" closing the "(" at toks[open].
func (st *rawStatement) matchParen(open int) (int, error) {
	depth := 0
	for i := open; i < len(st.toks); i++ {
		switch st.toks[i].text {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, st.errorf(st.toks[open].start, "this ( is never closed")
}

// columns reads the column definitions of a parsed CREATE TABLE.
func columns(create *pg_query.CreateStmt) []Column {
	var cols []Column
	for _, elt := range create.TableElts {
		def := elt.GetColumnDef()
		if def == nil {
			continue
		}
		c := Column{Name: def.Colname, Type: typeName(def.TypeName)}
		for _, con := range def.Constraints {
			if k := con.GetConstraint(); k != nil && k.Contype == pg_query.ConstrType_CONSTR_NOTNULL {
				c.NotNull = true
			}
		}
		cols = append(cols, c)
	}
	return cols
}

// typeName renders a parsed type: its last name, with its modifiers.
func typeName(tn *pg_query.TypeName) string {
	name := tn.Names[len(tn.Names)-1].GetString_().Sval
	var mods []string
	for _, m := range tn.Typmods {
		if c := m.GetAConst(); c != nil && c.GetIval() != nil {
			mods = append(mods, fmt.Sprint(c.GetIval().Ival))
		}
	}
	if len(mods) > 0 {
		name += "(" + strings.Join(mods, ",") + ")"
	}
	return name
}

// tableAttributes reads DISTSTYLE, DISTKEY and [COMPOUND] SORTKEY, each at
// most once, and nothing else.
func (st *rawStatement) tableAttributes(t *Table, toks []token) error {
	what := describe(KindCreateTable, t.FullName())
	seen := map[string]bool{}
	for i := 0; i < len(toks); {
		word := toks[i].upper()
		if word == "COMPOUND" {
			if i+1 >= len(toks) || toks[i+1].upper() != "SORTKEY" {
				return st.errorf(toks[i].start, "%s: COMPOUND must be followed by SORTKEY", what)
			}
			t.SortStyle = "COMPOUND"
			i++
			word = "SORTKEY"
		}
		if seen[word] {
			return st.errorf(toks[i].start, "%s: %s given twice", what, word)
		}
		seen[word] = true
		var n int
		var err error
		switch word {
		case "DISTSTYLE":
			n, err = st.distStyle(t, toks[i:], what)
		case "DISTKEY":
			var cols []string
			cols, n, err = st.columnList(toks[i:], what, 1)
			if err == nil {
				t.DistKey = cols[0]
			}
		case "SORTKEY":
			t.SortKey, n, err = st.columnList(toks[i:], what, 0)
		default:
			return st.errorf(toks[i].start, "%s: unexpected %q after the column list: sqlcheck accepts only DISTSTYLE, DISTKEY, [COMPOUND] SORTKEY", what, toks[i].text)
		}
		if err != nil {
			return err
		}
		i += n
	}
	return st.checkKeys(t, what)
}

// distStyle reads DISTSTYLE and its style.
func (st *rawStatement) distStyle(t *Table, toks []token, what string) (int, error) {
	styles := []string{"ALL", "EVEN", "KEY", "AUTO"}
	if len(toks) < 2 || !slices.Contains(styles, toks[1].upper()) {
		return 0, st.errorf(toks[0].start, "%s: DISTSTYLE takes ALL, EVEN, KEY or AUTO", what)
	}
	t.DistStyle = toks[1].upper()
	return 2, nil
}

// identifier is an unquoted or double-quoted SQL identifier.
var identifier = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_$]*|"[^"]+")$`)

// columnList reads KEYWORD ( column [, column ...] ); exactly want columns
// unless want is 0. It returns the names and the tokens used.
func (st *rawStatement) columnList(toks []token, what string, want int) ([]string, int, error) {
	kw := toks[0].upper()
	if len(toks) < 2 || toks[1].text != "(" {
		return nil, 0, st.errorf(toks[0].start, "%s: %s must be followed by ( column )", what, kw)
	}
	var cols []string
	for i := 2; i < len(toks); i += 2 {
		if !identifier.MatchString(toks[i].text) {
			return nil, 0, st.errorf(toks[i].start, "%s: %s: %q is not a column name", what, kw, toks[i].text)
		}
		cols = append(cols, identName(toks[i].text))
		if i+1 >= len(toks) {
			break
		}
		switch toks[i+1].text {
		case ",":
			continue
		case ")":
			if want > 0 && len(cols) != want {
				return nil, 0, st.errorf(toks[0].start, "%s: %s takes exactly %d column, not %d", what, kw, want, len(cols))
			}
			return cols, i + 2, nil
		}
		return nil, 0, st.errorf(toks[i+1].start, "%s: %s: expected , or ) after %s", what, kw, toks[i].text)
	}
	return nil, 0, st.errorf(toks[0].start, "%s: %s ( is never closed", what, kw)
}

// identName folds an unquoted identifier to lower case, as PostgreSQL and
// Redshift do, and strips the quotes of a quoted one.
func identName(s string) string {
	if strings.HasPrefix(s, `"`) {
		return s[1 : len(s)-1]
	}
	return strings.ToLower(s)
}

// checkKeys refuses keys on unknown columns and contradicting styles.
func (st *rawStatement) checkKeys(t *Table, what string) error {
	names := t.ColumnNames()
	for _, c := range append([]string{t.DistKey}, t.SortKey...) {
		if c != "" && !slices.Contains(names, c) {
			return st.errorf(0, "%s: key column %q is not a column of the table", what, c)
		}
	}
	switch {
	case t.DistKey != "" && t.DistStyle == "":
		t.DistStyle = "KEY"
	case t.DistKey != "" && t.DistStyle != "KEY":
		return st.errorf(0, "%s: DISTKEY needs DISTSTYLE KEY (or no DISTSTYLE), not DISTSTYLE %s", what, t.DistStyle)
	case t.DistKey == "" && t.DistStyle == "KEY":
		return st.errorf(0, "%s: DISTSTYLE KEY needs a DISTKEY (column)", what)
	}
	return nil
}
