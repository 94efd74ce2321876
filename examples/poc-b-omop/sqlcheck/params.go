package sqlcheck

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Param is one Redshift parameter of a COPY or UNLOAD, as written.
type Param struct {
	// Name is the parameter's keyword in upper case (IAM_ROLE, FORMAT ...).
	Name string
	// Value is its argument: the unquoted text of a string, the digits of a
	// number, the upper-case keyword of FORMAT and PARALLEL; empty for a
	// parameter without argument.
	Value string
}

// argKind is the shape of a parameter's argument.
type argKind int

const (
	argNone    argKind = iota // GZIP
	argString                 // DELIMITER 'c'
	argInt                    // IGNOREHEADER 1
	argKeyword                // FORMAT CSV
)

// paramSpec is a parameter sqlcheck accepts.
type paramSpec struct {
	kind argKind
	// optionalAs: the argument may follow AS.
	optionalAs bool
	// keywords are the accepted keywords of an argKeyword parameter.
	keywords []string
}

// accessKeyParams are refused everywhere: scripts never hold credentials.
func accessKeyParams() []string {
	return []string{"CREDENTIALS", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "SESSION_TOKEN", "MASTER_SYMMETRIC_KEY"}
}

// roleARN is the shape of an IAM role ARN.
var roleARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+$`)

// parseParams reads the parameters from toks against the closed list specs,
// each at most once.
func (st *rawStatement) parseParams(toks []token, specs map[string]paramSpec, what string) ([]Param, error) {
	var out []Param
	seen := map[string]bool{}
	for i := 0; i < len(toks); {
		name := toks[i].upper()
		if slices.Contains(accessKeyParams(), name) {
			return nil, st.errorf(toks[i].start, "%s: %s: access keys are never written in a script; use IAM_ROLE with the warehouse's role", what, name)
		}
		spec, ok := specs[name]
		if !ok {
			return nil, st.errorf(toks[i].start, "%s: unexpected %q: sqlcheck accepts only %s", what, toks[i].text, specNames(specs))
		}
		if seen[name] {
			return nil, st.errorf(toks[i].start, "%s: %s given twice", what, name)
		}
		seen[name] = true
		p, n, err := st.paramArg(toks[i:], spec, what)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
		i += n
	}
	return out, nil
}

// paramArg reads a parameter's argument; it returns the parameter and the
// number of tokens used.
func (st *rawStatement) paramArg(toks []token, spec paramSpec, what string) (Param, int, error) {
	p := Param{Name: toks[0].upper()}
	if spec.kind == argNone {
		return p, 1, nil
	}
	n := 1
	if spec.optionalAs && n < len(toks) && toks[n].upper() == "AS" {
		n++
	}
	if n >= len(toks) {
		return p, 0, st.errorf(toks[0].start, "%s: %s needs an argument", what, p.Name)
	}
	arg := toks[n]
	switch spec.kind {
	case argString:
		if arg.kind != pg_query.Token_SCONST {
			return p, 0, st.errorf(arg.start, "%s: %s takes a quoted string, not %q", what, p.Name, arg.text)
		}
		p.Value = unquote(arg.text)
	case argInt:
		if _, err := strconv.Atoi(arg.text); err != nil || arg.kind != pg_query.Token_ICONST {
			return p, 0, st.errorf(arg.start, "%s: %s takes a whole number, not %q", what, p.Name, arg.text)
		}
		p.Value = arg.text
	case argKeyword:
		if !slices.Contains(spec.keywords, arg.upper()) {
			return p, 0, st.errorf(arg.start, "%s: %s takes %s, not %q", what, p.Name, strings.Join(spec.keywords, " or "), arg.text)
		}
		p.Value = arg.upper()
	}
	if p.Name == "IAM_ROLE" && !roleARN.MatchString(p.Value) {
		return p, 0, st.errorf(arg.start, "%s: IAM_ROLE %q is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)", what, p.Value)
	}
	return p, n + 1, nil
}

// specNames lists the accepted parameters, sorted.
func specNames(specs map[string]paramSpec) string {
	var names []string
	for k := range specs {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// unquote turns a scanned string literal back into its value.
func unquote(lit string) string {
	return strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")
}

// paramValue is the value of the named parameter and whether it was given.
func paramValue(ps []Param, name string) (string, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// requireParam refuses a statement without the named parameter.
func (st *rawStatement) requireParam(ps []Param, name, what, why string) error {
	if _, ok := paramValue(ps, name); !ok {
		return st.errorf(0, "%s: %s is required: %s", what, name, why)
	}
	return nil
}

// s3URL checks that a COPY source or UNLOAD target is an s3:// address.
func (st *rawStatement) s3URL(t token, what string) (string, error) {
	if t.kind != pg_query.Token_SCONST {
		return "", st.errorf(t.start, "%s: expected a quoted s3:// address, found %q", what, t.text)
	}
	u := unquote(t.text)
	if !strings.HasPrefix(u, "s3://") || len(u) <= len("s3://") {
		return "", st.errorf(t.start, "%s: %q is not an s3:// address", what, u)
	}
	return u, nil
}

// errUnexpectedEnd is the message for a statement that stops too early.
func (st *rawStatement) errUnexpectedEnd(what, expected string) error {
	return st.errorf(len(st.Text), "%s: the statement ends where %s was expected", what, expected)
}

// describe names a statement's target for messages.
func describe(kind Kind, target string) string { return fmt.Sprintf("%s %s", kind, target) }
