package stacks

import "github.com/sce-dev/sce/sce"

// Problems are the problems of the stack's config that Build refuses
// before it registers anything, found without a plan: the checks of the
// keys and of the component's arguments, but not those only the baseline
// stack's outputs can make. sce stacks lists only stacks without them. It
// is nil, or sce.ValidationErrors.
func (c Config) Problems(stack string) error {
	found := c.keyProblems(stack, nil)
	found = append(found, withoutRepeats(c.validateArgs(stack), found)...)
	if len(found) == 0 {
		return nil
	}
	return found
}

// keyProblems are found and the problems of the stack's keys that the
// component's own validation does not see: settings of the other kind of
// stack, and for a project its sce:baselineStack.
func (c Config) keyProblems(stack string, found sce.ValidationErrors) sce.ValidationErrors {
	found = append(found, c.refused()...)
	if !c.Baseline() {
		found = append(found, checkBaselineStack(c.BaselineStack, c.PITOf(stack), stack)...)
	}
	return found
}

// validateArgs validates the component's arguments as the component will:
// sce.Validate for a project, sce.ValidateBaseline for a baseline.
func (c Config) validateArgs(stack string) error {
	if c.Baseline() {
		return sce.ValidateBaseline(c.baselineName(stack), c.baselineArgs())
	}
	return sce.Validate(c.PITOf(stack), c.environmentArgs())
}

// baselineName is the baseline's name prefix: sce:name, or the stack name.
func (c Config) baselineName(stack string) string {
	if c.Name == "" {
		return stack
	}
	return c.Name
}
