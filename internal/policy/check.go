package policy

import (
	"context"

	"github.com/sce-dev/sce/internal/plan"
)

// Config returns the configuration sce evaluates p with: the schema's
// defaults, then what p's stack config implies (StackConfig), then over.
func (p *Pack) Config(pl *plan.Plan, over Config) (Config, error) {
	stack, err := StackConfig(pl)
	if err != nil {
		return nil, err
	}
	return p.Defaults().Merge(stack).Merge(over), nil
}

// Check evaluates the pack on pl with Config(pl, over).
func (p *Pack) Check(ctx context.Context, pl *plan.Plan, over Config) (*Result, error) {
	cfg, err := p.Config(pl, over)
	if err != nil {
		return nil, err
	}
	e, err := p.NewEvaluator(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return e.Evaluate(ctx, pl)
}
