package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce"
)

// buildBaseline builds the account's sce.Baseline. found are the problems
// the config already has; keys only a project stack reads are refused, so
// a misplaced setting is never silently ignored.
func buildBaseline(ctx *pulumi.Context, cfg Config, found sce.ValidationErrors) (pulumi.Map, error) {
	name := cfg.baselineName(ctx.Stack())
	args := cfg.baselineArgs()
	if found = cfg.keyProblems(ctx.Stack(), found); len(found) > 0 {
		return nil, append(found, withoutRepeats(cfg.validateArgs(ctx.Stack()), found)...)
	}
	bl, err := sce.NewBaseline(ctx, name, &args)
	if err != nil {
		return nil, err
	}
	outs := bl.Outputs()
	outs["name"] = pulumi.String(name)
	return outs, nil
}
