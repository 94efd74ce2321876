package conformance

import (
	_ "embed" // the official rule list
	"errors"
	"fmt"
	"maps"
	"strings"

	"gopkg.in/yaml.v3"
)

// OfficialFile is the repository path of the list of every rule of AWS's
// "Operational Best Practices for HIPAA Security" conformance pack.
const OfficialFile = "sce/internal/conformance/data/official-hipaa-security.yaml"

//go:embed data/official-hipaa-security.yaml
var officialData []byte

// EvaluatesAccount marks an official rule about the account itself (its
// trails, root user, IAM users, password policy, account-wide settings)
// rather than about resources of given types.
const EvaluatesAccount = "account"

// OfficialRule is one rule of AWS's HIPAA Security conformance pack, as
// AWS's template has it, and whether sce's pack leaves it out.
type OfficialRule struct {
	// Identifier is the managed rule identifier.
	Identifier string `yaml:"identifier"`
	// Name is the rule's name in AWS's template.
	Name string `yaml:"name"`
	// ResourceTypes are the AWS Config resource types AWS's template
	// scopes the rule to (Scope.ComplianceResourceTypes).
	ResourceTypes []string `yaml:"resourceTypes"`
	// Evaluates is, for a rule without a scope, EvaluatesAccount or the
	// resource types the rule evaluates.
	Evaluates yaml.Node `yaml:"evaluates"`
	// Parameters are the template's default input parameters.
	Parameters map[string]string `yaml:"parameters"`
	// LeftOut says why sce's pack leaves the rule out; empty when it is in.
	LeftOut string `yaml:"leftOut"`
}

// Account reports whether the rule is about the account itself.
func (o OfficialRule) Account() bool {
	return len(o.ResourceTypes) == 0 && o.Evaluates.Kind == yaml.ScalarNode && o.Evaluates.Value == EvaluatesAccount
}

// Types are the resource types the rule evaluates: its scope, else what it
// evaluates; none for an account rule.
func (o OfficialRule) Types() []string {
	if len(o.ResourceTypes) > 0 {
		return o.ResourceTypes
	}
	var types []string
	if o.Evaluates.Kind == yaml.SequenceNode {
		_ = o.Evaluates.Decode(&types) // checked by parseOfficial
	}
	return types
}

// Official returns every rule of AWS's HIPAA Security conformance pack, in
// the order of AWS's template (OfficialFile, embedded in the library).
func Official() ([]OfficialRule, error) {
	return parseOfficial(OfficialFile, officialData)
}

// parseOfficial reads and checks the official rule list.
func parseOfficial(path string, data []byte) ([]OfficialRule, error) {
	var file struct {
		Rules []yaml.Node `yaml:"rules"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var (
		out  []OfficialRule
		errs []error
		seen = map[string]int{}
	)
	for i := range file.Rules {
		node := &file.Rules[i]
		var o OfficialRule
		if err := node.Decode(&o); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path, node.Line, err))
			continue
		}
		if err := o.check(seen, node.Line); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path, node.Line, err))
			continue
		}
		out = append(out, o)
	}
	if len(out) == 0 && len(errs) == 0 {
		return nil, fmt.Errorf("%s: no rules: list them under rules:", path)
	}
	return out, errors.Join(errs...)
}

// check validates one official rule; seen maps identifiers to their lines.
func (o OfficialRule) check(seen map[string]int, line int) error {
	var problems []string
	if first, dup := seen[o.Identifier]; dup {
		problems = append(problems, fmt.Sprintf("the identifier is listed twice (first on line %d)", first))
	}
	seen[o.Identifier] = line
	if !ruleIdentifierPattern.MatchString(o.Identifier) || !ruleNamePattern.MatchString(o.Name) {
		problems = append(problems, "identifier and name are required, such as CLOUD_TRAIL_ENABLED and cloudtrail-enabled")
	}
	var types []string
	evaluates := o.Evaluates.Kind == yaml.SequenceNode && o.Evaluates.Decode(&types) == nil && len(types) > 0
	switch {
	case len(o.ResourceTypes) > 0 && o.Evaluates.Kind != 0:
		problems = append(problems, "resourceTypes and evaluates exclude each other")
	case len(o.ResourceTypes) == 0 && !o.Account() && !evaluates:
		problems = append(problems, `a rule without resourceTypes says what it evaluates: "account" or a list of resource types`)
	case o.Account() && o.LeftOut != "":
		problems = append(problems, "an account rule is never left out: the baseline deploys into the account")
	}
	if len(problems) > 0 {
		return fmt.Errorf("official rule %s: %s", o.Identifier, strings.Join(problems, "; "))
	}
	return nil
}

// checkOfficial checks the pack's rules against the official list: every
// official rule not left out is in the pack under its official name with
// AWS's default parameters, and no left-out rule is. It returns the pack's
// rules with the official scopes filled in.
func checkOfficial(path string, rules []Rule, official []OfficialRule) ([]Rule, error) {
	byID := map[string]int{}
	for i, r := range rules {
		byID[r.Identifier] = i
	}
	var errs []error
	for _, o := range official {
		i, in := byID[o.Identifier]
		switch {
		case o.LeftOut != "" && in:
			errs = append(errs, fmt.Errorf("%s: rule %s is left out in %s (%s): remove it or include it there",
				path, rules[i].Name, OfficialFile, o.LeftOut))
		case o.LeftOut == "" && !in:
			errs = append(errs, fmt.Errorf("%s: the official rule %s (%s) is missing: add it, or leave it out in %s with the reason",
				path, o.Name, o.Identifier, OfficialFile))
		case in && rules[i].Name != o.Name:
			errs = append(errs, fmt.Errorf("%s: rule %s is AWS's %s: use AWS's name", path, rules[i].Name, o.Name))
		case in && !maps.Equal(rules[i].Parameters, o.Parameters):
			errs = append(errs, fmt.Errorf("%s: rule %s has parameters %v, AWS's defaults are %v", path, rules[i].Name,
				rules[i].Parameters, o.Parameters))
		case in:
			rules[i].Official = true
			rules[i].ResourceTypes = o.ResourceTypes
		}
	}
	return rules, errors.Join(errs...)
}

// LeftOut returns the official rules sce's pack leaves out, in AWS's order.
func LeftOut() ([]OfficialRule, error) {
	official, err := Official()
	if err != nil {
		return nil, err
	}
	var out []OfficialRule
	for _, o := range official {
		if o.LeftOut != "" {
			out = append(out, o)
		}
	}
	return out, nil
}
