package stacks

import "github.com/sce-dev/sce/sce"

// Problems are the problems of the stack's config that Build refuses
// before it registers anything, found without a plan: the checks of the
// keys and of the component's arguments, but not those only the baseline
// stack's outputs can make. sce stacks lists only stacks without them. It
// is nil, or sce.ValidationErrors.
func (c Config) Problems(stack string) error {
	var found sce.ValidationErrors
	switch c.Kind {
	case "", KindEnvironment:
		pit := c.PITOf(stack)
		found = append(found, c.refused()...)
		found = append(found, checkBaselineStack(c.BaselineStack, pit, stack)...)
		found = append(found, withoutRepeats(sce.Validate(pit, c.environmentArgs()), found)...)
	case KindBaseline:
		name := c.Name
		if name == "" {
			name = stack
		}
		found = append(found, c.refused()...)
		found = append(found, withoutRepeats(sce.ValidateBaseline(name, c.baselineArgs()), found)...)
	}
	if len(found) == 0 {
		return nil
	}
	return found
}
