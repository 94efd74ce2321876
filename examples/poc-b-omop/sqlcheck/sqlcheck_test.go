package sqlcheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const role = "arn:aws:iam::123456789012:role/omop-warehouse"

func TestRefusesWhatItDoesNotKnow(t *testing.T) {
	for _, tc := range []struct{ name, sql, err string }{
		{"column ENCODE", "CREATE TABLE t (a int ENCODE az64);",
			`x.sql:1: PostgreSQL parser: syntax error at or near "ENCODE"`},
		{"table ENCODE", "CREATE TABLE t (a int) ENCODE AUTO;",
			`x.sql:1: CREATE TABLE t: unexpected "ENCODE" after the column list: sqlcheck accepts only DISTSTYLE, DISTKEY, [COMPOUND] SORTKEY`},
		{"interleaved", "CREATE TABLE t (a int)\nINTERLEAVED SORTKEY (a);",
			`x.sql:2: CREATE TABLE t: unexpected "INTERLEAVED" after the column list: sqlcheck accepts only DISTSTYLE, DISTKEY, [COMPOUND] SORTKEY`},
		{"unknown key column", "CREATE TABLE t (a int) DISTKEY (b);",
			`x.sql:1: CREATE TABLE t: key column "b" is not a column of the table`},
		{"unknown sort column", "CREATE TABLE t (a int) SORTKEY (a, c);",
			`x.sql:1: CREATE TABLE t: key column "c" is not a column of the table`},
		{"all and key", "CREATE TABLE t (a int) DISTSTYLE ALL DISTKEY (a);",
			"x.sql:1: CREATE TABLE t: DISTKEY needs DISTSTYLE KEY (or no DISTSTYLE), not DISTSTYLE ALL"},
		{"key without column", "CREATE TABLE t (a int) DISTSTYLE KEY;",
			"x.sql:1: CREATE TABLE t: DISTSTYLE KEY needs a DISTKEY (column)"},
		{"twice", "CREATE TABLE t (a int) SORTKEY (a) SORTKEY (a);",
			"x.sql:1: CREATE TABLE t: SORTKEY given twice"},
		{"two distkeys", "CREATE TABLE t (a int, b int) DISTKEY (a, b);",
			"x.sql:1: CREATE TABLE t: DISTKEY takes exactly 1 column, not 2"},
		{"bad style", "CREATE TABLE t (a int) DISTSTYLE SOME;",
			"x.sql:1: CREATE TABLE t: DISTSTYLE takes ALL, EVEN, KEY or AUTO"},
		{"compound alone", "CREATE TABLE t (a int) COMPOUND;",
			"x.sql:1: CREATE TABLE t: COMPOUND must be followed by SORTKEY"},
		{"unclosed sortkey", "CREATE TABLE t (a int) SORTKEY (a;",
			"x.sql:1: CREATE TABLE t: SORTKEY ( is never closed"},
		{"access keys", "COPY t FROM 's3://b/k'\nCREDENTIALS 'aws_access_key_id=x;aws_secret_access_key=y';",
			"x.sql:2: COPY t: CREDENTIALS: access keys are never written in a script; use IAM_ROLE with the warehouse's role"},
		{"access key id", "COPY t FROM 's3://b/k' ACCESS_KEY_ID 'AKIA' SECRET_ACCESS_KEY 'x';",
			"x.sql:1: COPY t: ACCESS_KEY_ID: access keys are never written in a script; use IAM_ROLE with the warehouse's role"},
		{"unknown copy parameter", "COPY t FROM 's3://b/k' IAM_ROLE '" + role + "' MANIFEST;",
			`x.sql:1: COPY t: unexpected "MANIFEST": sqlcheck accepts only ACCEPTINVCHARS, DATEFORMAT, DELIMITER, EMPTYASNULL, FORMAT, GZIP, IAM_ROLE, IGNOREHEADER, TIMEFORMAT`},
		{"no role", "COPY t FROM 's3://b/k' GZIP;",
			"x.sql:1: COPY t: IAM_ROLE is required: COPY reads as the warehouse's role"},
		{"not s3", "COPY t FROM '/tmp/x' IAM_ROLE '" + role + "';",
			`x.sql:1: COPY: "/tmp/x" is not an s3:// address`},
		{"role not an ARN", "COPY t FROM 's3://b/k' IAM_ROLE 'AKIAIOSFODNN7EXAMPLE';",
			`x.sql:1: COPY t: IAM_ROLE "AKIAIOSFODNN7EXAMPLE" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`},
		{"parameter twice", "COPY t FROM 's3://b/k' IAM_ROLE '" + role + "' GZIP GZIP;",
			"x.sql:1: COPY t: GZIP given twice"},
		{"header not a number", "COPY t FROM 's3://b/k' IAM_ROLE '" + role + "' IGNOREHEADER one;",
			`x.sql:1: COPY t: IGNOREHEADER takes a whole number, not "one"`},
		{"format json", "COPY t FROM 's3://b/k' IAM_ROLE '" + role + "' FORMAT AS JSON;",
			`x.sql:1: COPY t: FORMAT takes CSV, not "JSON"`},
		{"delimiter unquoted", "COPY t FROM 's3://b/k' IAM_ROLE '" + role + "' DELIMITER tab;",
			`x.sql:1: COPY t: DELIMITER takes a quoted string, not "tab"`},
		{"copy to", "COPY t TO 's3://b/k';",
			"x.sql:1: COPY without FROM: only COPY ... FROM 's3://...' is used here"},
		{"copy bad table", "COPY 't' FROM 's3://b/k' IAM_ROLE '" + role + "';",
			`x.sql:1: PostgreSQL parser: syntax error at or near "'t'"`},
		{"unload delete", "UNLOAD ('DELETE FROM t') TO 's3://b/p' IAM_ROLE '" + role + "';",
			"x.sql:1: UNLOAD: the query must be a SELECT"},
		{"unload bad query", "UNLOAD ('SELECT * FROM') TO 's3://b/p' IAM_ROLE '" + role + "';",
			"x.sql:1: PostgreSQL parser: syntax error at end of input"},
		{"unload kms without encrypted", "UNLOAD ('SELECT 1') TO 's3://b/p' IAM_ROLE '" + role + "' KMS_KEY_ID 'k';",
			"x.sql:1: UNLOAD s3://b/p: KMS_KEY_ID needs ENCRYPTED"},
		{"unload no role", "UNLOAD ('SELECT 1') TO 's3://b/p' PARALLEL OFF;",
			"x.sql:1: UNLOAD s3://b/p: IAM_ROLE is required: UNLOAD writes as the warehouse's role"},
		{"unload allowoverwrite", "UNLOAD ('SELECT 1') TO 's3://b/p' IAM_ROLE '" + role + "' ALLOWOVERWRITE;",
			`x.sql:1: UNLOAD s3://b/p: unexpected "ALLOWOVERWRITE": sqlcheck accepts only ENCRYPTED, FORMAT, HEADER, IAM_ROLE, KMS_KEY_ID, PARALLEL`},
		{"unload shape", "UNLOAD 'SELECT 1' TO 's3://b/p';",
			"x.sql:1: UNLOAD: expected UNLOAD ('query') TO 's3://...'"},
		{"other meta-command", "SELECT 1;\n\\i other.sql\n",
			`x.sql:2: psql meta-command \i is not one sqlcheck knows: only \set is used here`},
		{"unquoted variable", "SELECT :x;",
			"x.sql:1: psql variable without quotes (:x): write :'name' so that psql quotes the value"},
		{"unset variable", "SELECT\n:'nope';",
			`x.sql:2: psql variable "nope" is not set: give it with psql -v nope=... or \set it above`},
		{"unset variable in set", "\\set a :nope 'x'",
			`x.sql:1: psql variable "nope" is not set: give it with psql -v nope=... or \set it above`},
		{"on error stop off", "\\set ON_ERROR_STOP off",
			`x.sql:1: \set ON_ERROR_STOP takes exactly the value on`},
		{"set bare word", "\\set a b",
			`x.sql:1: \set a: "b" is neither :variable nor 'text'`},
		{"backslash mid-line", "SELECT 1 \\g",
			`x.sql:1: a backslash outside a string starts a psql meta-command: only \set at the start of a line is used here`},
		{"unterminated string", "SELECT 1;\nSELECT 'abc;\n",
			"x.sql:2: ' opened here is never closed"},
		{"no semicolon", "SELECT 1;\n\nSELECT 2",
			"x.sql:3: the last statement does not end with ;"},
		{"syntax error on a later line", "SELECT 1;\nSELECT a,\n       b\nFROM WHERE;",
			`x.sql:4: PostgreSQL parser: syntax error at or near "WHERE"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.sql", tc.sql, Inputs{})
			require.Error(t, err)
			assert.Equal(t, tc.err, err.Error())
		})
	}
}

func TestPsqlInterpolation(t *testing.T) {
	src := "\\set ON_ERROR_STOP on\n" +
		"\\set src :data_in 'vocabulary/CONCEPT.csv.gz'\n" +
		"COPY cdm.concept FROM :'src' IAM_ROLE :'role' GZIP; -- :'not' interpolated in a comment\n" +
		"SELECT ':''kept''', x::int, :'quote' FROM t;\n"
	s, err := Parse("x.sql", src, Inputs{"data_in": "s3://bucket/", "role": role, "quote": "it's"})
	require.NoError(t, err)
	require.Len(t, s.Statements, 2)
	c := s.Statements[0]
	assert.Equal(t, 3, c.Line)
	assert.Equal(t, KindCopy, c.Kind)
	assert.Equal(t, "s3://bucket/vocabulary/CONCEPT.csv.gz", c.Copy.Source)
	assert.Equal(t, "COPY cdm.concept FROM 's3://bucket/vocabulary/CONCEPT.csv.gz' IAM_ROLE '"+role+"' GZIP", c.Text)
	assert.Equal(t, []Param{{"IAM_ROLE", role}, {"GZIP", ""}}, c.Copy.Params)
	assert.Equal(t, "SELECT ':''kept''', x::int, 'it''s' FROM t", s.Statements[1].Text)
	assert.Equal(t, 4, s.Statements[1].Line)
}

func TestSplitsOnlyAtStatementSemicolons(t *testing.T) {
	s, err := Parse("x.sql", "SELECT ';';  /* ; */ SELECT 2; -- ;\n\nSELECT\n 3;", Inputs{})
	require.NoError(t, err)
	var got []string
	var lines []int
	for _, st := range s.Statements {
		got = append(got, st.Text)
		lines = append(lines, st.Line)
	}
	assert.Equal(t, []string{"SELECT ';'", "SELECT 2", "SELECT\n 3"}, got)
	assert.Equal(t, []int{1, 1, 3}, lines)
}

func TestCreateTableAttributes(t *testing.T) {
	s, err := Parse("x.sql", `CREATE TABLE cdm.note_nlp (note_id INTEGER NOT NULL, "offset" VARCHAR(50), v FLOAT)
DISTKEY (note_id)
COMPOUND SORTKEY (note_id, "offset");
CREATE TABLE small (code VARCHAR(20)) DISTSTYLE ALL;
CREATE TABLE plain (a BIGINT);`, Inputs{})
	require.NoError(t, err)
	require.Len(t, s.Statements, 3)
	assert.Equal(t, &Table{
		Schema: "cdm", Name: "note_nlp",
		Columns:   []Column{{"note_id", "int4", true}, {"offset", "varchar(50)", false}, {"v", "float8", false}},
		DistStyle: "KEY", DistKey: "note_id", SortStyle: "COMPOUND", SortKey: []string{"note_id", "offset"},
	}, s.Statements[0].Table)
	assert.Equal(t, "ALL", s.Statements[1].Table.DistStyle)
	assert.Equal(t, &Table{Name: "plain", Columns: []Column{{"a", "int8", false}}}, s.Statements[2].Table)
	assert.NotNil(t, s.Statements[0].Tree.Stmts[0].Stmt.GetCreateStmt(), "the PostgreSQL parse of the statement without its attributes")
}

func TestUnloadParts(t *testing.T) {
	s, err := Parse("x.sql", "UNLOAD ('SELECT name FROM t WHERE kind = ''a''')\nTO 's3://out/p_' IAM_ROLE '"+role+
		"' KMS_KEY_ID 'k' ENCRYPTED FORMAT AS CSV HEADER PARALLEL OFF;", Inputs{})
	require.NoError(t, err)
	u := s.Statements[0].Unload
	assert.Equal(t, "SELECT name FROM t WHERE kind = 'a'", u.Query)
	assert.Equal(t, "s3://out/p_", u.Target)
	assert.Equal(t, []Param{{"IAM_ROLE", role}, {"KMS_KEY_ID", "k"}, {"ENCRYPTED", ""}, {"FORMAT", "CSV"}, {"HEADER", ""}, {"PARALLEL", "OFF"}}, u.Params)
	assert.NotNil(t, s.Statements[0].Tree.Stmts[0].Stmt.GetSelectStmt())
}

func TestParseFileMissing(t *testing.T) {
	_, err := ParseFile("does-not-exist.sql", Inputs{})
	require.Error(t, err)
	assert.Equal(t, "read script: open does-not-exist.sql: no such file or directory", err.Error())
}
