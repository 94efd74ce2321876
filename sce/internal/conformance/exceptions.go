package conformance

import (
	_ "embed" // the accepted exceptions
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// ExceptionsFile is the repository path of the accepted exceptions to the pack.
const ExceptionsFile = "sce/internal/conformance/data/exceptions.yaml"

//go:embed data/exceptions.yaml
var exceptionsData []byte

// PITPlaceholder stands for the project's PIT in an exception's resource.
const PITPlaceholder = "<pit>"

// AccessBastion is the access mode in which researchers reach the project
// over SSH through a bastion with a public address (sce:access: bastion).
const AccessBastion = "bastion"

// AccessAny marks an exception that holds in every access mode and in the
// account baseline: only for a rule that AWS itself makes impossible on the
// resource, as the AWS documentation in the exception's source says.
const AccessAny = "any"

// AccessBaseline marks an exception that holds in the account baseline
// only, for a rule AWS makes impossible on a resource only the baseline
// has; like AccessAny, its source is the AWS page that says so.
const AccessBaseline = "baseline"

// awsDocs is where the source of an AccessAny or AccessBaseline exception
// must point.
const awsDocs = "https://docs.aws.amazon.com/"

// Exception is one accepted failure of a pack rule by a resource of every
// project stack in one access mode (or of every stack, AccessAny).
type Exception struct {
	// Rule is the managed rule identifier.
	Rule string `yaml:"rule"`
	// Resource is the failing resource's logical name, PITPlaceholder for the PIT.
	Resource string `yaml:"resource"`
	// ResourceType is the AWS Config resource type the rule evaluates.
	ResourceType string `yaml:"resourceType"`
	// AccessMode is the access mode that needs the exception, AccessAny or
	// AccessBaseline.
	AccessMode string `yaml:"accessMode"`
	// Source is, for AccessAny and AccessBaseline, the AWS documentation page that says AWS
	// does not allow the resource to pass the rule.
	Source string `yaml:"source"`
	// Reason says why the resource fails the rule.
	Reason string `yaml:"reason"`
	// CompensatingControl says what protects the resource instead.
	CompensatingControl string `yaml:"compensatingControl"`
	// HIPAA lists the 45 CFR Part 164 sections the compensating control serves.
	HIPAA []string `yaml:"hipaa"`
}

// ResourceOf is the exception's resource in the project pit.
func (e Exception) ResourceOf(pit string) string {
	return strings.ReplaceAll(e.Resource, PITPlaceholder, pit)
}

// Exceptions returns the accepted exceptions (ExceptionsFile, embedded in
// the library), each checked against the pack's rules.
func Exceptions() ([]Exception, error) {
	rules, err := Rules()
	if err != nil {
		return nil, err
	}
	return parseExceptions(ExceptionsFile, exceptionsData, rules)
}

// ExceptionsFor returns the exceptions that apply in access mode mode
// ("" for the account baseline, whose own are AccessBaseline's): those of
// the mode and those of AccessAny.
func ExceptionsFor(mode string) ([]Exception, error) {
	all, err := Exceptions()
	if err != nil {
		return nil, err
	}
	if mode == "" { // the account baseline
		mode = AccessBaseline
	}
	var out []Exception
	for _, e := range all {
		if e.AccessMode == mode || e.AccessMode == AccessAny {
			out = append(out, e)
		}
	}
	return out, nil
}

// parseExceptions reads and checks an exceptions file against rules.
func parseExceptions(path string, data []byte, rules []Rule) ([]Exception, error) {
	var file struct {
		Exceptions []yaml.Node `yaml:"exceptions"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var (
		out  []Exception
		errs []error
	)
	for i := range file.Exceptions {
		node := &file.Exceptions[i]
		var e Exception
		if err := node.Decode(&e); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path, node.Line, err))
			continue
		}
		if err := e.check(rules); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path, node.Line, err))
			continue
		}
		out = append(out, e)
	}
	return out, errors.Join(errs...)
}

// check validates one exception: a rule of the pack that the plans can
// show, a resource of the project, an access mode, and every field said.
func (e Exception) check(rules []Rule) error {
	var problems []string
	i := slices.IndexFunc(rules, func(r Rule) bool { return r.Identifier == e.Rule })
	switch {
	case i < 0:
		problems = append(problems, "the rule is not in "+DataFile)
	case rules[i].AWSOnly != "":
		problems = append(problems, "the rule is evaluated on AWS only: nothing to except offline")
	}
	if !strings.HasPrefix(e.Resource, PITPlaceholder+"-") {
		problems = append(problems, "resource must be a project resource such as <pit>-bastion")
	}
	switch e.AccessMode {
	case AccessBastion:
	case AccessAny, AccessBaseline:
		if !strings.HasPrefix(e.Source, awsDocs) {
			problems = append(problems, fmt.Sprintf("accessMode %s needs a source: the %s page that says AWS does not allow the rule here",
				e.AccessMode, awsDocs))
		}
	default:
		problems = append(problems, fmt.Sprintf("accessMode %q is not an access mode that needs an exception (%s, or %s or %s for what AWS forbids)",
			e.AccessMode, AccessBastion, AccessAny, AccessBaseline))
	}
	if e.ResourceType == "" || e.Reason == "" || e.CompensatingControl == "" || len(e.HIPAA) == 0 {
		problems = append(problems, "resourceType, reason, compensatingControl and hipaa are required")
	}
	for _, s := range e.HIPAA {
		if !hipaaSectionPattern.MatchString(s) {
			problems = append(problems, fmt.Sprintf("hipaa section %q is not a Security Rule section such as 164.312(a)(1)", s))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("exception %s of %s: %s", e.Rule, e.Resource, strings.Join(problems, "; "))
	}
	return nil
}
