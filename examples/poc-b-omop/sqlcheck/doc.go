// Package sqlcheck reads the warehouse scripts of the OMOP proof of concept
// (../sql) the way psql and Amazon Redshift would, and checks every
// statement with the real PostgreSQL parser (pg_query, which embeds
// PostgreSQL's own grammar through cgo).
//
// Redshift speaks a PostgreSQL dialect with extensions that PostgreSQL
// rejects. sqlcheck accepts each extension the scripts use, explicitly, and
// refuses anything else with the file and line:
//
//   - psql: the meta-command \set (ON_ERROR_STOP on, or a variable built from
//     :variables and 'text'), and :'name' interpolation of a variable given
//     with -v or set by \set. No other meta-command, no unquoted :name.
//   - CREATE TABLE: after the column list, only the table attributes
//     DISTSTYLE {ALL | EVEN | KEY | AUTO}, DISTKEY (column) and
//     [COMPOUND] SORTKEY (column, ...), each at most once, naming columns of
//     the table. They are recorded and cut off; the rest must parse as a
//     PostgreSQL CREATE TABLE (so column-level ENCODE, for one, is refused).
//   - COPY table [(columns)] FROM 's3://...' followed only by the parameters
//     IAM_ROLE 'role ARN' (required), FORMAT [AS] CSV, DELIMITER [AS] 'c',
//     IGNOREHEADER [AS] n, GZIP, DATEFORMAT [AS] 'f', TIMEFORMAT [AS] 'f',
//     EMPTYASNULL and ACCEPTINVCHARS. CREDENTIALS and access keys are refused.
//     The part before the parameters must parse as a PostgreSQL COPY, which
//     yields the table and the column list.
//   - UNLOAD ('query') TO 's3://...' followed only by IAM_ROLE 'role ARN'
//     (required), KMS_KEY_ID 'key' with ENCRYPTED, FORMAT [AS] CSV, HEADER
//     and PARALLEL {ON | OFF}. The query must parse as one PostgreSQL SELECT.
//
// Every other statement goes to the PostgreSQL parser unchanged. What the
// PostgreSQL parser cannot know is whether Redshift accepts a statement: a
// real warehouse is the only proof of that.
package sqlcheck
