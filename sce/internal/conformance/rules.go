// Package conformance generates the AWS Config conformance pack of the
// account baseline from its data file: the HIPAA-relevant managed rules,
// their parameters and scopes, checked against AWS's official HIPAA
// Security pack and rendered as a CloudFormation
// template within AWS Config's limits.
package conformance

import (
	_ "embed" // the conformance rules data file
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// DataFile is the repository path of the data file the HIPAA
// conformance pack is generated from.
const DataFile = "sce/internal/conformance/data/hipaa-conformance.yaml"

// MaxTemplateLength is the longest template body AWS Config
// accepts for a conformance pack, in characters.
const MaxTemplateLength = 51200

// maxRuleDescriptionLength is the longest Config rule description AWS accepts.
const maxRuleDescriptionLength = 256

//go:embed data/hipaa-conformance.yaml
var conformanceData []byte

// Category is the kind of control a conformance rule checks.
type Category string

// Rule categories, in the order the data file lists them.
const (
	CategoryEncryption   Category = "encryption"
	CategoryTransmission Category = "transmission"
	CategoryLogging      Category = "logging"
	CategoryMonitoring   Category = "monitoring"
	CategoryNetwork      Category = "network"
	CategoryIAM          Category = "iam"
	CategoryBackup       Category = "backup"
)

// Categories lists every Category.
func Categories() []Category {
	return []Category{CategoryEncryption, CategoryTransmission, CategoryLogging, CategoryMonitoring,
		CategoryNetwork, CategoryIAM, CategoryBackup}
}

// Rule is one AWS Config managed rule of the account baseline's
// HIPAA conformance pack, as the data file describes it.
type Rule struct {
	// Name is the rule name in the template (AWS appends a suffix).
	Name string `yaml:"name"`
	// Identifier is the AWS managed rule identifier, e.g. CLOUD_TRAIL_ENABLED.
	Identifier string `yaml:"identifier"`
	// Category is the kind of control.
	Category Category `yaml:"category"`
	// HIPAA lists the 45 CFR Part 164 sections the rule serves, e.g. "164.312(b)".
	HIPAA []string `yaml:"hipaa"`
	// Description says what a compliant resource looks like.
	Description string `yaml:"description"`
	// Parameters are the rule's input parameters.
	Parameters map[string]string `yaml:"parameters"`
	// ScopeTagKey, when set, limits the rule to resources with this tag key.
	ScopeTagKey string `yaml:"scopeTagKey"`
	// ScopeReason says why the rule cannot hold for every resource of its type.
	ScopeReason string `yaml:"scopeReason"`
	// AWSOnly says why only AWS Config can evaluate the rule; empty when
	// the shipped plans show whether sce passes it.
	AWSOnly string `yaml:"awsOnly"`
	// NotYetMet says what makes the shipped stacks fail the rule today; the
	// report prints it, and the self-check fails when it is wrong.
	NotYetMet string `yaml:"notYetMet"`
	// Official is true for a rule of AWS's HIPAA Security conformance pack
	// (OfficialFile), false for a rule sce adds.
	Official bool `yaml:"-"`
	// ResourceTypes are the resource types AWS's template scopes an
	// official rule to.
	ResourceTypes []string `yaml:"-"`
}

var (
	ruleNamePattern       = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	ruleIdentifierPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`)
	hipaaSectionPattern   = regexp.MustCompile(`^164\.3(08|10|12|14|16)\([a-z]\)(\([0-9]+\))?(\((i|ii|iii|iv|v|vi)\))?(\([A-Z]\))?$`)
)

// Rules returns the rules of the HIPAA conformance pack, in the
// order of the data file (DataFile, embedded in the library), checked
// against AWS's official pack (OfficialFile).
func Rules() ([]Rule, error) {
	rules, err := parseRules(DataFile, conformanceData)
	if err != nil {
		return nil, err
	}
	official, err := Official()
	if err != nil {
		return nil, err
	}
	return checkOfficial(DataFile, rules, official)
}

// parseRules reads and checks a conformance data file: unknown
// fields, duplicate names, malformed identifiers or sections are errors
// that name the file, the line and the rule.
func parseRules(path string, data []byte) ([]Rule, error) {
	var file struct {
		Rules []yaml.Node `yaml:"rules"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(file.Rules) == 0 {
		return nil, fmt.Errorf("%s: no rules: list them under rules:", path)
	}
	rules := make([]Rule, 0, len(file.Rules))
	seen := map[string]int{}
	var errs []error
	for i := range file.Rules {
		node := &file.Rules[i]
		r, line, err := decodeRule(node)
		if err == nil {
			err = r.check(seen, line)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path, line, err))
			continue
		}
		rules = append(rules, r)
	}
	return rules, errors.Join(errs...)
}

// ruleFields are the fields a rule may have in the data file.
func ruleFields() []string {
	return []string{"name", "identifier", "category", "hipaa", "description", "parameters", "scopeTagKey", "scopeReason", "awsOnly", "notYetMet"}
}

// decodeRule decodes one rule, refusing fields the rule does not have; it
// returns the line of the problem, or of the rule.
func decodeRule(node *yaml.Node) (Rule, int, error) {
	if node.Kind != yaml.MappingNode {
		return Rule{}, node.Line, errors.New("a rule is a mapping of " + strings.Join(ruleFields(), ", "))
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		if k := node.Content[i]; !slices.Contains(ruleFields(), k.Value) {
			return Rule{}, k.Line, fmt.Errorf("unknown rule field %q: the fields are %s",
				k.Value, strings.Join(ruleFields(), ", "))
		}
	}
	var r Rule
	if err := node.Decode(&r); err != nil {
		return Rule{}, node.Line, fmt.Errorf("rule: %w", err)
	}
	return r, node.Line, nil
}

// check validates one rule; seen maps the names so far to their lines.
func (r Rule) check(seen map[string]int, line int) error {
	var problems []string
	add := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if first, dup := seen[r.Name]; dup {
		add("the name is used twice (first on line %d)", first)
	}
	seen[r.Name] = line
	if !ruleNamePattern.MatchString(r.Name) {
		add("name %q must be lowercase words joined by '-'", r.Name)
	}
	if !ruleIdentifierPattern.MatchString(r.Identifier) {
		add("identifier %q is not a managed rule identifier such as CLOUD_TRAIL_ENABLED", r.Identifier)
	}
	if !r.Category.Valid() {
		add("category %q is not one of %s", r.Category, joinCategories())
	}
	if len(r.HIPAA) == 0 {
		add("hipaa must list at least one 45 CFR section, such as 164.312(b)")
	}
	for _, s := range r.HIPAA {
		if !hipaaSectionPattern.MatchString(s) {
			add("hipaa section %q is not a Security Rule section such as 164.312(a)(2)(iv)", s)
		}
	}
	if n := len(r.templateDescription()); r.Description == "" || n > maxRuleDescriptionLength {
		add("description is required and, with its HIPAA sections, at most %d characters (it has %d)", maxRuleDescriptionLength, n)
	}
	if (r.ScopeTagKey == "") != (r.ScopeReason == "") {
		add("scopeTagKey and scopeReason go together: a scoped rule says why it is scoped")
	}
	if len(problems) > 0 {
		return fmt.Errorf("rule %s: %s", r.Name, strings.Join(problems, "; "))
	}
	return nil
}

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool { return slices.Contains(Categories(), c) }

func joinCategories() string {
	names := make([]string, 0, len(Categories()))
	for _, c := range Categories() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}

// templateDescription is the rule's description in the template: what it
// checks and the HIPAA sections it serves.
func (r Rule) templateDescription() string {
	return fmt.Sprintf("%s HIPAA %s.", r.Description, strings.Join(r.HIPAA, ", "))
}

// logicalID is the rule's CloudFormation logical ID: its name in PascalCase.
func (r Rule) logicalID() string {
	var b strings.Builder
	for _, word := range strings.Split(r.Name, "-") {
		if word != "" {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}
