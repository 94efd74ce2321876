package policy

import (
	"fmt"
	"io"
	"strings"

	"github.com/sce-dev/sce/internal/english"
)

// WriteSummary writes the result for people: one line of counts, then each
// violated rule (mandatory first) with its messages and how to fix them.
func (r *Result) WriteSummary(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "policies  %s, offline: %s on %s%s: %s\n",
		r.Pack, english.Plural(r.enabled(), "rule"), english.Plural(r.Resources, "resource"), r.changed(), r.counts())
	rules := map[string]Rule{}
	for _, rule := range r.Rules {
		rules[rule.Name] = rule
	}
	last := ""
	for _, v := range r.Violations {
		if v.Rule != last {
			if last != "" {
				fmt.Fprintf(&b, "    fix: %s\n", rules[last].Message)
			}
			last = v.Rule
			fmt.Fprintf(&b, "  [%s] %s: %s (%s)\n", v.Level, v.Rule, v.Title, strings.Join(v.HIPAA, ", "))
		}
		fmt.Fprintf(&b, "    %s\n", v.Message)
	}
	if last != "" {
		fmt.Fprintf(&b, "    fix: %s\n", rules[last].Message)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// counts says how many violations there are at each level, and how many
// rules had nothing to check.
func (r *Result) counts() string {
	s := "no violations"
	if len(r.Violations) > 0 {
		s = fmt.Sprintf("%s, %s", english.Plural(r.Count(Mandatory), "mandatory violation"),
			english.Plural(r.Count(Advisory), "advisory violation"))
	}
	if n := len(r.NothingToCheck); n > 0 {
		s += fmt.Sprintf("; %s had nothing to check (no resource of %s types)", english.Plural(n, "rule"),
			english.Agree(n, "its", "their"))
	}
	return s
}

// enabled is the number of rules that were evaluated.
func (r *Result) enabled() int {
	n := 0
	for _, rule := range r.Rules {
		if rule.Level != Disabled {
			n++
		}
	}
	return n
}

// changed says how many rules the policy config disabled or moved from the
// level their names declare, so that "0 mandatory violations" is never read
// without them; "" when the config changed none.
func (r *Result) changed() string {
	declared := func(rule Rule) Level {
		level, _, _ := classify(rule.Name)
		return level
	}
	disabled, moved := overrides(r.Rules, declared, func(rule Rule) Level { return rule.Level })
	if len(disabled) == 0 && len(moved) == 0 {
		return ""
	}
	return fmt.Sprintf(" (of %d in the pack; the policy config disabled %d and changed the level of %d)",
		len(r.Rules), len(disabled), len(moved))
}
