package sqlcheck

import pg_query "github.com/pganalyze/pg_query_go/v6"

// Unload is a Redshift UNLOAD ('query') TO 's3://...' statement.
type Unload struct {
	// Query is the unloaded query, unquoted; Statement.Tree is its parse.
	Query string
	// Target is the s3:// prefix of the files written.
	Target string
	// Params are the Redshift parameters, in the order written.
	Params []Param
}

// Param returns the value of the named parameter and whether it is given.
func (u *Unload) Param(name string) (string, bool) { return paramValue(u.Params, name) }

// unloadSpecs are the UNLOAD parameters sqlcheck accepts.
func unloadSpecs() map[string]paramSpec {
	return map[string]paramSpec{
		"IAM_ROLE":   {kind: argString},
		"KMS_KEY_ID": {kind: argString},
		"ENCRYPTED":  {kind: argNone},
		"FORMAT":     {kind: argKeyword, optionalAs: true, keywords: []string{"CSV"}},
		"HEADER":     {kind: argNone},
		"PARALLEL":   {kind: argKeyword, keywords: []string{"ON", "OFF"}},
	}
}

// parseUnload reads UNLOAD ('query') TO 's3://...' parameters; the query must
// parse as one PostgreSQL SELECT.
func (st *rawStatement) parseUnload() error {
	t := st.toks
	if len(t) < 6 || t[1].text != "(" || t[3].text != ")" || t[4].upper() != "TO" {
		return st.errorf(0, "UNLOAD: expected UNLOAD ('query') TO 's3://...'")
	}
	if t[2].kind != pg_query.Token_SCONST {
		return st.errorf(t[2].start, "UNLOAD: the query must be a quoted string")
	}
	target, err := st.s3URL(t[5], "UNLOAD")
	if err != nil {
		return err
	}
	u := &Unload{Query: unquote(t[2].text), Target: target}
	tree, err := st.pgParse(u.Query, t[2].start+1)
	if err != nil {
		return err
	}
	if tree.Stmts[0].Stmt.GetSelectStmt() == nil {
		return st.errorf(t[2].start, "UNLOAD: the query must be a SELECT")
	}
	what := describe(KindUnload, target)
	if u.Params, err = st.parseParams(t[6:], unloadSpecs(), what); err != nil {
		return err
	}
	if err := st.requireParam(u.Params, "IAM_ROLE", what, "UNLOAD writes as the warehouse's role"); err != nil {
		return err
	}
	_, kms := u.Param("KMS_KEY_ID")
	_, enc := u.Param("ENCRYPTED")
	if kms && !enc {
		return st.errorf(0, "%s: KMS_KEY_ID needs ENCRYPTED", what)
	}
	st.Tree, st.Unload = tree, u
	return nil
}
