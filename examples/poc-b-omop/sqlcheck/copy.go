package sqlcheck

import "slices"

// Copy is a Redshift COPY ... FROM 's3://...' statement.
type Copy struct {
	// Schema and Table name the target, as the PostgreSQL parser read them.
	Schema, Table string
	// Columns is the column list, in order; empty when the statement names
	// none (then the file has every column of the table, in table order).
	Columns []string
	// Source is the s3:// address (a key or a prefix) the rows come from.
	Source string
	// Params are the Redshift parameters, in the order written.
	Params []Param
}

// FullName is schema.table, or table without a schema.
func (c *Copy) FullName() string {
	if c.Schema == "" {
		return c.Table
	}
	return c.Schema + "." + c.Table
}

// Param returns the value of the named parameter and whether it is given.
func (c *Copy) Param(name string) (string, bool) { return paramValue(c.Params, name) }

// copySpecs are the COPY parameters sqlcheck accepts.
func copySpecs() map[string]paramSpec {
	return map[string]paramSpec{
		"IAM_ROLE":       {kind: argString},
		"FORMAT":         {kind: argKeyword, optionalAs: true, keywords: []string{"CSV"}},
		"DELIMITER":      {kind: argString, optionalAs: true},
		"IGNOREHEADER":   {kind: argInt, optionalAs: true},
		"GZIP":           {kind: argNone},
		"DATEFORMAT":     {kind: argString, optionalAs: true},
		"TIMEFORMAT":     {kind: argString, optionalAs: true},
		"EMPTYASNULL":    {kind: argNone},
		"ACCEPTINVCHARS": {kind: argNone},
	}
}

// parseCopy splits COPY at its source: the part up to the source must parse
// as a PostgreSQL COPY ... FROM 'file', which yields the table and columns;
// the parameters after it must be on the closed list.
func (st *rawStatement) parseCopy() error {
	from := slices.IndexFunc(st.toks, func(t token) bool { return t.upper() == "FROM" })
	if from < 0 {
		return st.errorf(0, "COPY without FROM: only COPY ... FROM 's3://...' is used here")
	}
	if from+1 >= len(st.toks) {
		return st.errUnexpectedEnd("COPY", "the s3:// source")
	}
	source, err := st.s3URL(st.toks[from+1], "COPY")
	if err != nil {
		return err
	}
	tree, err := st.pgParse(st.Text[:st.toks[from+1].end], 0)
	if err != nil {
		return err
	}
	cs := tree.Stmts[0].Stmt.GetCopyStmt()
	if cs == nil || !cs.IsFrom || cs.Relation == nil {
		return st.errorf(0, "COPY: only COPY table [(columns)] FROM 's3://...' is used here")
	}
	c := &Copy{Schema: cs.Relation.Schemaname, Table: cs.Relation.Relname, Source: source}
	for _, a := range cs.Attlist {
		c.Columns = append(c.Columns, a.GetString_().Sval)
	}
	what := describe(KindCopy, c.FullName())
	if c.Params, err = st.parseParams(st.toks[from+2:], copySpecs(), what); err != nil {
		return err
	}
	if err := st.requireParam(c.Params, "IAM_ROLE", what, "COPY reads as the warehouse's role"); err != nil {
		return err
	}
	st.Tree, st.Copy = tree, c
	return nil
}
