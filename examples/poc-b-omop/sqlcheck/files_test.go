package sqlcheck

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The psql -v variables of the scripts, with the shapes a real stack gives.
const (
	sampleDataIn = "s3://omop-data-in-123456789012-us-west-2/"
	sampleOutput = "s3://omop-output-123456789012-us-west-2/"
	sampleRole   = "arn:aws:iam::123456789012:role/omop-warehouse"
	sampleKey    = "arn:aws:kms:us-west-2:123456789012:key/0195d259-a4f4-40cc-af97-08210dccaaca"
)

// scripts parses every .sql file of ../sql.
func scripts(t *testing.T) map[string]*Script {
	t.Helper()
	files, err := filepath.Glob("../sql/*.sql")
	require.NoError(t, err)
	in := Inputs{"data_in": sampleDataIn, "output": sampleOutput, "warehouse_role_arn": sampleRole, "kms_key_arn": sampleKey}
	out := map[string]*Script{}
	for _, f := range files {
		s, err := ParseFile(f, in)
		require.NoError(t, err)
		out[s.File] = s
	}
	return out
}

// tables are the CREATE TABLEs of the DDL by name.
func tables(t *testing.T) map[string]*Table {
	t.Helper()
	out := map[string]*Table{}
	for _, st := range scripts(t)["10_create_tables.sql"].Statements {
		if st.Kind == KindCreateTable {
			require.Equal(t, "cdm", st.Table.Schema, st.Table.Name)
			out[st.Table.Name] = st.Table
		}
	}
	return out
}

func TestEveryScriptParses(t *testing.T) {
	counts := map[string]int{}
	for name, s := range scripts(t) {
		counts[name] = len(s.Statements)
	}
	assert.Equal(t, map[string]int{
		"10_create_tables.sql":     40, // the schema and 39 tables
		"15_grant_researchers.sql": 3,
		"20_load_vocabulary.sql":   9,
		"30_load_synpuf.sql":       17,
		"40_verify.sql":            8,
		"50_unload_results.sql":    1,
	}, counts)
}

// cdmTables are the tables of CDM v5.4 by group.
func cdmTables() map[string][]string {
	return map[string][]string{
		"clinical": {"person", "observation_period", "visit_occurrence", "visit_detail", "condition_occurrence",
			"drug_exposure", "procedure_occurrence", "device_exposure", "measurement", "observation", "death",
			"note", "note_nlp", "specimen", "fact_relationship"},
		"health system":  {"location", "care_site", "provider"},
		"economics":      {"payer_plan_period", "cost"},
		"derived":        {"drug_era", "dose_era", "condition_era", "episode", "episode_event"},
		"metadata":       {"metadata", "cdm_source"},
		"vocabulary":     {"concept", "vocabulary", "domain", "concept_class", "concept_relationship", "relationship", "concept_synonym", "concept_ancestor", "source_to_concept_map", "drug_strength"},
		"cohort results": {"cohort", "cohort_definition"},
	}
}

func TestDDLHasEveryCDMTable(t *testing.T) {
	var want []string
	for _, names := range cdmTables() {
		want = append(want, names...)
	}
	var got []string
	for name := range tables(t) {
		got = append(got, name)
	}
	slices.Sort(want)
	slices.Sort(got)
	assert.Equal(t, want, got)
}

// coreClinical are the clinical tables every OMOP analysis needs; each has a
// person_id.
func coreClinical() []string {
	return []string{"person", "observation_period", "visit_occurrence", "visit_detail", "condition_occurrence",
		"drug_exposure", "procedure_occurrence", "device_exposure", "measurement", "observation", "death", "note", "specimen"}
}

func TestPersonTablesAreDistributedAndSortedOnPerson(t *testing.T) {
	tt := tables(t)
	withPerson := 0
	for name, tab := range tt {
		if !slices.Contains(tab.ColumnNames(), "person_id") {
			continue
		}
		withPerson++
		assert.Equal(t, "person_id", tab.DistKey, "%s: DISTKEY", name)
		assert.Equal(t, "KEY", tab.DistStyle, name)
		require.NotEmpty(t, tab.SortKey, name)
		assert.Equal(t, "person_id", tab.SortKey[0], "%s: SORTKEY starts with person_id", name)
	}
	assert.Equal(t, 18, withPerson, "13 core clinical tables, payer_plan_period, 3 eras, episode")
	for _, name := range coreClinical() {
		require.Contains(t, tt, name)
		assert.Equal(t, "person_id", tt[name].DistKey, name)
	}
}

func TestEventTablesSortOnTheirStartDate(t *testing.T) {
	for name, tab := range tables(t) {
		if len(tab.SortKey) != 2 || tab.SortKey[0] != "person_id" {
			continue
		}
		col := tab.SortKey[1]
		i := slices.Index(tab.ColumnNames(), col)
		require.GreaterOrEqual(t, i, 0)
		assert.Equal(t, "date", tab.Columns[i].Type, "%s: second sort key %s is a date", name, col)
		assert.Equal(t, "COMPOUND", tab.SortStyle, name)
	}
}

func TestEveryTableChoosesItsDistribution(t *testing.T) {
	all := []string{"concept", "vocabulary", "domain", "concept_class", "relationship", "source_to_concept_map",
		"location", "care_site", "provider", "metadata", "cdm_source", "cohort_definition"}
	for name, tab := range tables(t) {
		assert.NotEmpty(t, tab.DistStyle, "%s leaves its distribution to Redshift", name)
		if slices.Contains(all, name) {
			assert.Equal(t, "ALL", tab.DistStyle, name)
		}
	}
	tt := tables(t)
	assert.Equal(t, "ancestor_concept_id", tt["concept_ancestor"].DistKey)
	assert.Equal(t, "concept_id_1", tt["concept_relationship"].DistKey)
}

func TestNoTypeRedshiftWouldTruncate(t *testing.T) {
	for name, tab := range tables(t) {
		for _, c := range tab.Columns {
			// Redshift's TEXT is VARCHAR(256); NUMERIC without precision is NUMERIC(18,0).
			assert.NotContains(t, []string{"text", "numeric", "varchar", "bpchar"}, c.Type, "%s.%s", name, c.Name)
		}
	}
}

func TestRequiredColumnsAreNotNull(t *testing.T) {
	tt := tables(t)
	notNull := func(table, col string) bool {
		i := slices.Index(tt[table].ColumnNames(), col)
		require.GreaterOrEqual(t, i, 0, "%s.%s", table, col)
		return tt[table].Columns[i].NotNull
	}
	for _, c := range [][2]string{
		{"person", "person_id"}, {"person", "gender_concept_id"}, {"person", "year_of_birth"},
		{"person", "race_concept_id"}, {"person", "ethnicity_concept_id"},
		{"condition_occurrence", "condition_start_date"}, {"drug_exposure", "drug_exposure_end_date"},
		{"visit_detail", "visit_occurrence_id"}, {"note", "note_text"}, {"concept", "concept_code"},
		{"concept_ancestor", "max_levels_of_separation"}, {"cdm_source", "cdm_version_concept_id"},
	} {
		assert.True(t, notNull(c[0], c[1]), "%s.%s is NOT NULL", c[0], c[1])
	}
	for _, c := range [][2]string{
		{"person", "month_of_birth"}, {"condition_occurrence", "condition_end_date"},
		{"concept", "standard_concept"}, {"concept", "invalid_reason"}, {"death", "death_type_concept_id"},
	} {
		assert.False(t, notNull(c[0], c[1]), "%s.%s may be NULL", c[0], c[1])
	}
	for name, tab := range tt {
		if first := tab.Columns[0]; strings.HasSuffix(first.Name, "_id") {
			assert.True(t, first.NotNull, "%s: key column %s is NOT NULL", name, first.Name)
		}
	}
}

// copies are the COPY statements of a script by target table.
func copies(t *testing.T, file string) map[string]*Copy {
	t.Helper()
	out := map[string]*Copy{}
	for _, st := range scripts(t)[file].Statements {
		require.Equal(t, KindCopy, st.Kind, "%s:%d", file, st.Line)
		require.Equal(t, "cdm", st.Copy.Schema)
		require.NotContains(t, out, st.Copy.Table, "loaded twice")
		out[st.Copy.Table] = st.Copy
	}
	return out
}

// hasDate reports whether a table has a DATE column.
func hasDate(tab *Table) bool {
	return slices.ContainsFunc(tab.Columns, func(c Column) bool { return c.Type == "date" })
}

func TestVocabularyCopies(t *testing.T) {
	tt := tables(t)
	cc := copies(t, "20_load_vocabulary.sql")
	var loaded []string
	for name, c := range cc {
		loaded = append(loaded, name)
		assert.Empty(t, c.Columns, "%s: Athena files have every column, in table order", name)
		assert.Equal(t, sampleDataIn+"vocabulary/"+strings.ToUpper(name)+".csv.gz", c.Source)
		want := []Param{{"IAM_ROLE", sampleRole}, {"DELIMITER", `\t`}, {"IGNOREHEADER", "1"}, {"GZIP", ""}}
		if hasDate(tt[name]) {
			want = append(want, Param{"DATEFORMAT", "YYYYMMDD"})
		}
		want = append(want, Param{"EMPTYASNULL", ""}, Param{"ACCEPTINVCHARS", ""})
		assert.Equal(t, want, c.Params, name)
	}
	assert.ElementsMatch(t, []string{"concept", "vocabulary", "domain", "concept_class", "concept_relationship",
		"relationship", "concept_synonym", "concept_ancestor", "drug_strength"}, loaded)
}

func TestSynpufCopies(t *testing.T) {
	tt := tables(t)
	cc := copies(t, "30_load_synpuf.sql")
	var loaded []string
	for name, c := range cc {
		loaded = append(loaded, name)
		require.Contains(t, tt, name)
		assert.Equal(t, tt[name].ColumnNames(), c.Columns, "%s: the file layout is the table's v5.4 column order", name)
		assert.Equal(t, sampleDataIn+"synpuf/"+name+".csv.gz", c.Source)
		assert.Equal(t, []Param{{"IAM_ROLE", sampleRole}, {"FORMAT", "CSV"}, {"DELIMITER", `\t`}, {"IGNOREHEADER", "1"},
			{"GZIP", ""}, {"DATEFORMAT", "auto"}, {"TIMEFORMAT", "auto"}, {"EMPTYASNULL", ""}}, c.Params, name)
	}
	assert.ElementsMatch(t, []string{"location", "care_site", "provider", "person", "observation_period",
		"visit_occurrence", "condition_occurrence", "drug_exposure", "procedure_occurrence", "device_exposure",
		"measurement", "observation", "death", "payer_plan_period", "cost", "drug_era", "condition_era"}, loaded)
}

// rangeVars are the names of the tables a parse tree reads.
func rangeVars(tree *pg_query.ParseResult) []string {
	var out []string
	walk(tree.ProtoReflect(), func(m protoreflect.Message) {
		if rv, ok := m.Interface().(*pg_query.RangeVar); ok {
			out = append(out, rv.Schemaname+"."+rv.Relname)
		}
	})
	return out
}

// intConsts are the integer constants of a parse tree.
func intConsts(tree *pg_query.ParseResult) []int32 {
	var out []int32
	walk(tree.ProtoReflect(), func(m protoreflect.Message) {
		if c, ok := m.Interface().(*pg_query.A_Const); ok && c.GetIval() != nil {
			out = append(out, c.GetIval().Ival)
		}
	})
	return out
}

// walk calls fn on m and every message below it.
func walk(m protoreflect.Message, fn func(protoreflect.Message)) {
	fn(m)
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i := range v.List().Len() {
				walk(v.List().Get(i).Message(), fn)
			}
		case fd.Message() != nil && !fd.IsMap():
			walk(v.Message(), fn)
		}
		return true
	})
}

// isT2DCohort reports whether a query selects condition records by the
// descendants of concept 201826, type 2 diabetes mellitus.
func isT2DCohort(tree *pg_query.ParseResult) bool {
	rv := rangeVars(tree)
	return slices.Contains(rv, "cdm.condition_occurrence") && slices.Contains(rv, "cdm.concept_ancestor") &&
		slices.Contains(intConsts(tree), 201826)
}

func TestVerifyOnlyReadsCountsEveryTableAndCountsTheCohort(t *testing.T) {
	stmts := scripts(t)["40_verify.sql"].Statements
	for _, st := range stmts {
		assert.NotNil(t, st.Tree.Stmts[0].Stmt.GetSelectStmt(), "40_verify.sql:%d is a SELECT", st.Line)
	}
	var all []string
	for name := range tables(t) {
		all = append(all, "cdm."+name)
	}
	assert.ElementsMatch(t, all, rangeVars(stmts[0].Tree), "the first query counts the rows of every table")
	cohorts := 0
	for _, st := range stmts {
		if isT2DCohort(st.Tree) {
			cohorts++
		}
	}
	assert.Equal(t, 2, cohorts, "the cohort count and the cohort by gender")
}

func TestResearchersOnlyRead(t *testing.T) {
	stmts := scripts(t)["15_grant_researchers.sql"].Statements
	require.Len(t, stmts, 3)
	assert.NotNil(t, stmts[0].Tree.Stmts[0].Stmt.GetCreateRoleStmt(), "CREATE GROUP researchers")
	for _, st := range stmts[1:] {
		g := st.Tree.Stmts[0].Stmt.GetGrantStmt()
		require.NotNil(t, g, st.Text)
		assert.True(t, g.IsGrant)
		require.Len(t, g.Grantees, 1)
		assert.Equal(t, "researchers", g.Grantees[0].GetRoleSpec().Rolename)
		for _, p := range g.Privileges {
			assert.Contains(t, []string{"usage", "select"}, p.GetAccessPriv().PrivName, st.Text)
		}
	}
}

func TestNoScriptHoldsAPasswordOrKey(t *testing.T) {
	for name, s := range scripts(t) {
		for _, st := range s.Statements {
			upper := strings.ToUpper(st.Text)
			for _, secret := range []string{"PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "CREDENTIALS", "AKIA"} {
				assert.NotContains(t, upper, secret, "%s:%d", name, st.Line)
			}
		}
	}
}

func TestUnloadWritesTheCohortEncryptedToOutput(t *testing.T) {
	stmts := scripts(t)["50_unload_results.sql"].Statements
	require.Len(t, stmts, 1)
	u := stmts[0].Unload
	require.NotNil(t, u)
	assert.Equal(t, sampleOutput+"omop/type2-diabetes-cohort/part_", u.Target)
	assert.Equal(t, []Param{{"IAM_ROLE", sampleRole}, {"KMS_KEY_ID", sampleKey}, {"ENCRYPTED", ""},
		{"FORMAT", "CSV"}, {"HEADER", ""}, {"PARALLEL", "OFF"}}, u.Params)
	assert.True(t, isT2DCohort(stmts[0].Tree))
}
