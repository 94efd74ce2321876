package stacks

import (
	"fmt"
	"strings"
)

//go:generate go test -run TestConfigurationReference -update .

// referenceIntro opens docs/configuration.md.
const referenceIntro = `# Configuration reference

<!-- Generated from the field table of stacks.Config (stacks/fields.go) by ` + "`go generate ./stacks`" + `: do not edit. -->

A stack's settings live in its stack file, ` + "`stacks/Pulumi.<stack>.yaml`" + `, under ` + "`config:`" + `.
` + "`sce:kind`" + ` says which kind of stack it is: a research project (` + "`environment`" + `, the default) or
the account baseline (` + "`baseline`" + `). Each key is read by project stacks, baseline stacks or both (the
"stacks" column); a key only the other kind reads is refused, so a misplaced setting is never
silently ignored. ` + "`sce plan <stack>`" + ` checks the file offline and reports every problem at once as
` + "`file:line: key: message`" + `; an unknown key gets the nearest known one as a suggestion. Pulumi
ignores a top-level key other than ` + "`config`, `secretsprovider`, `encryptedkey`, `encryptionsalt`" + ` and
` + "`environment`" + `, so sce refuses one (a config key written outside ` + "`config:`" + `, a second ` + "`config:`" + `),
and ` + "`environment:`" + ` too: the values of Pulumi ESC environments are invisible to the offline plan.

"required" says when the stacks that read a key must set it. A key that is not set takes its
default; an empty value (nothing after the colon, ` + "`\"\"`" + ` or ` + "`[]`" + `) of a key whose default is
something is refused rather than silently taken as that default, while for a key whose default is
none it means none. A string is written as text on the key's line: a list or map given for one is
refused. Pulumi reads each value with YAML's rules, so some unquoted text reaches the program as
another value (` + "`0365`" + ` as the octal number 245, ` + "`2027-06-30`" + ` as a timestamp); sce reads the
file with Pulumi's own reader too, takes Pulumi's reading where it means the same (` + "`365.0`" + ` as 365,
` + "`False`" + ` as false) and refuses a value the two read differently: quote it (` + "`\"2027-06-30\"`" + `). The HIPAA column names the section of 45 CFR Part 164 a setting serves. The mandatory
controls (encryption, public access blocks, TLS-only access, log file validation, IMDSv2,
dedicated tenancy) have no setting at all: they are always on.

`

// configurationReference renders docs/configuration.md: every key of
// Config, then the fields of each structured key.
func configurationReference() string {
	var b strings.Builder
	b.WriteString(referenceIntro)
	b.WriteString("## Keys\n\n")
	b.WriteString("| key | type | stacks | required | default | meaning | HIPAA |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- |\n")
	fields := new(Config).fields()
	for _, f := range fields {
		typ := f.value.typeName()
		if len(subfields(f.value)) > 0 {
			typ += " (fields below)"
		}
		row(&b, "`"+f.key+"`", typ, f.readBy.String(), orNo(f.required), f.def, f.meaning, f.hipaa)
	}
	for _, f := range fields {
		sub := subfields(f.value)
		if len(sub) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n%s.\n\n", f.key, capitalize(f.meaning))
		b.WriteString("| field | type | required | default | meaning | HIPAA |\n")
		b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
		for _, s := range sub {
			row(&b, "`"+s.key+"`", s.value.typeName(), orNo(s.required), s.def, s.meaning, s.hipaa)
		}
	}
	return b.String()
}

// row writes one table row; a cell never holds a '|'.
func row(b *strings.Builder, cells ...string) {
	for i := range cells {
		cells[i] = strings.ReplaceAll(cells[i], "|", `\|`)
	}
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// orNo is required as the reference shows it.
func orNo(required string) string {
	if required == "" {
		return "no"
	}
	return required
}

// capitalize starts s with a capital letter.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
