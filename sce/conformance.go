package sce

import (
	"fmt"

	"github.com/sce-dev/sce/sce/internal/conformance"
)

// PackRule is one rule of the account baseline's HIPAA conformance pack,
// as the evidence report describes it.
type PackRule struct {
	// Name is the rule's name in the pack (AWS's name for an official rule).
	Name string
	// Identifier is the AWS Config managed rule identifier.
	Identifier string
	// Official is true for a rule of AWS's "Operational Best Practices for
	// HIPAA Security" pack, false for a rule sce adds.
	Official bool
	// AWSOnly says why only AWS Config can evaluate the rule; empty when the
	// plans show whether sce passes it.
	AWSOnly string
	// Parameters are the rule's input parameters.
	Parameters map[string]string
	// NotYetMet says what makes the shipped stacks fail the rule today.
	NotYetMet string
}

// PackException is an accepted failure of a conformance pack rule by one
// resource of a project: what fails, why, and what protects it instead.
type PackException struct {
	// Rule is the managed rule identifier.
	Rule string
	// Resource is the failing resource's logical name in the project.
	Resource string
	// ResourceType is the AWS Config resource type the rule evaluates.
	ResourceType string
	// AccessMode is the access mode that needs the exception, "any" for an
	// exception AWS itself imposes in every mode, or "baseline" for one it
	// imposes on a resource only the account baseline has.
	AccessMode string
	// Source is, for an exception in any mode or the baseline's, the AWS documentation that
	// says AWS does not allow the resource to pass the rule.
	Source string
	// Reason says why the resource fails the rule.
	Reason string
	// CompensatingControl says what protects the resource instead.
	CompensatingControl string
	// HIPAA lists the 45 CFR Part 164 sections the compensating control serves.
	HIPAA []string
}

// ConformancePack returns the rules of the baseline's HIPAA conformance
// pack, and how many rules AWS's official pack has in all.
func ConformancePack() (rules []PackRule, officialTotal int, err error) {
	all, err := conformance.Rules()
	if err != nil {
		return nil, 0, fmt.Errorf("conformance pack: %w", err)
	}
	official, err := conformance.Official()
	if err != nil {
		return nil, 0, fmt.Errorf("conformance pack: %w", err)
	}
	for _, r := range all {
		rules = append(rules, PackRule{Name: r.Name, Identifier: r.Identifier, Official: r.Official, AWSOnly: r.AWSOnly,
			Parameters: r.Parameters, NotYetMet: r.NotYetMet})
	}
	return rules, len(official), nil
}

// ConformanceExceptions returns the accepted exceptions to the conformance
// pack of project pit in access mode mode (the account baseline: its name
// and mode ""), with the resources named.
func ConformanceExceptions(pit, mode string) ([]PackException, error) {
	all, err := conformance.ExceptionsFor(mode)
	if err != nil {
		return nil, fmt.Errorf("conformance exceptions: %w", err)
	}
	out := make([]PackException, len(all))
	for i, e := range all {
		out[i] = PackException{Rule: e.Rule, Resource: e.ResourceOf(pit), ResourceType: e.ResourceType, AccessMode: e.AccessMode,
			Source: e.Source, Reason: e.Reason, CompensatingControl: e.CompensatingControl, HIPAA: e.HIPAA}
	}
	return out, nil
}

// DefaultAccessMode is the access mode of a project that names none:
// researchers reach it through a bastion.
const DefaultAccessMode = conformance.AccessBastion
