package sce

import (
	"slices"
	"strings"
)

// redshiftReservedWords are Amazon Redshift's reserved words, which the
// database a cluster is created with cannot be named (CreateCluster's
// DBName "cannot be a word that is reserved by the service"): a plan would
// pass and the deployment fail. The list is that of "Reserved words"
// in the Amazon Redshift Database Developer Guide
// (https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html), in
// its order; START and CONNECT, which the guide says are not reserved, are
// not in it.
func redshiftReservedWords() []string {
	return []string{
		"AES128", "AES256", "ALL", "ALLOWOVERWRITE", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC",
		"AUTHORIZATION", "AZ64", "BACKUP", "BETWEEN", "BINARY", "BLANKSASNULL", "BOTH", "BYTEDICT", "BZIP2",
		"CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT", "CREATE", "CREDENTIALS", "CROSS",
		"CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURRENT_USER_ID", "DEFAULT",
		"DEFERRABLE", "DEFLATE", "DEFRAG", "DELTA", "DELTA32K", "DESC", "DISABLE", "DISTINCT", "DO", "ELSE",
		"EMPTYASNULL", "ENABLE", "ENCODE", "ENCRYPT", "ENCRYPTION", "END", "EXCEPT", "EXPLICIT", "FALSE", "FOR",
		"FOREIGN", "FREEZE", "FROM", "FULL", "GLOBALDICT256", "GLOBALDICT64K", "GRANT", "GROUP", "GZIP", "HAVING",
		"IDENTITY", "IGNORE", "ILIKE", "IN", "INITIALLY", "INNER", "INTERSECT", "INTERVAL", "INTO", "IS", "ISNULL",
		"JOIN", "LEADING", "LEFT", "LIKE", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "LUN", "LUNS", "LZO", "LZOP",
		"MINUS", "MOSTLY16", "MOSTLY32", "MOSTLY8", "NATURAL", "NEW", "NOT", "NOTNULL", "NULL", "NULLS", "OFF",
		"OFFLINE", "OFFSET", "OID", "OLD", "ON", "ONLY", "OPEN", "OR", "ORDER", "OUTER", "OVERLAPS", "PARALLEL",
		"PARTITION", "PERCENT", "PERMISSIONS", "PIVOT", "PLACING", "PRIMARY", "RAW", "READRATIO", "RECOVER",
		"REFERENCES", "REJECTLOG", "RESORT", "RESPECT", "RESTORE", "RIGHT", "SELECT", "SESSION_USER", "SIMILAR",
		"SNAPSHOT", "SOME", "SYSDATE", "SYSTEM", "TABLE", "TAG", "TDES", "TEXT255", "TEXT32K", "THEN", "TIMESTAMP",
		"TO", "TOP", "TRAILING", "TRUE", "TRUNCATECOLUMNS", "UNION", "UNIQUE", "UNNEST", "UNPIVOT", "USER",
		"USING", "VERBOSE", "WALLET", "WHEN", "WHERE", "WITH", "WITHOUT",
	}
}

// isRedshiftReserved reports whether name is a Redshift reserved word, in
// any case.
func isRedshiftReserved(name string) bool {
	return slices.Contains(redshiftReservedWords(), strings.ToUpper(name))
}
