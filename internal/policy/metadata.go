package policy

import (
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// ruleFrom builds a Rule from its METADATA annotation and refuses a rule
// whose metadata is incomplete: every rule states its title, description,
// fix, control, HIPAA sections and the types it inspects.
func ruleFrom(name string, level Level, scope Scope, file string, as []*ast.Annotations) (Rule, error) {
	r := Rule{Name: name, Level: level, Scope: scope, File: file + ".rego"}
	if len(as) == 0 {
		return r, fmt.Errorf("%s (%s): no # METADATA block", name, r.File)
	}
	a := as[0]
	r.Title, r.Description = a.Title, strings.TrimSpace(a.Description)
	r.Message = customString(a.Custom, "message")
	r.Control = customString(a.Custom, "control")
	r.HIPAA = customStrings(a.Custom, "hipaa")
	r.Findings = customStrings(a.Custom, "findings")
	r.Types = customStrings(a.Custom, "types")
	var missing []string
	for _, f := range []struct {
		key  string
		none bool
	}{
		{"title", r.Title == ""}, {"description", r.Description == ""},
		{"custom.message", r.Message == ""}, {"custom.control", r.Control == ""},
		{"custom.hipaa", len(r.HIPAA) == 0}, {"custom.types", len(r.Types) == 0},
	} {
		if f.none {
			missing = append(missing, f.key)
		}
	}
	if len(missing) > 0 {
		return r, fmt.Errorf("%s (%s): METADATA lacks %s", name, r.File, strings.Join(missing, ", "))
	}
	for _, s := range r.HIPAA {
		if !hipaaSection.MatchString(s) {
			return r, fmt.Errorf("%s (%s): %q is not a 45 CFR section such as 164.312(b)", name, r.File, s)
		}
	}
	return r, nil
}

// customString is the trimmed string value of custom[key], or "".
func customString(custom map[string]any, key string) string {
	s, _ := custom[key].(string)
	return strings.TrimSpace(s)
}

// customStrings is the string list value of custom[key] (a lone string counts as a list of one).
func customStrings(custom map[string]any, key string) []string {
	switch v := custom[key].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}
