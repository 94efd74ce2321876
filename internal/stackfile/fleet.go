package stackfile

import (
	"context"
	"sync"

	"github.com/sce-dev/sce/internal/plan"
)

// Fleet plans many stacks of one directory with one program, as
// `sce plan --all` does: a stack that others reference (the account
// baseline every project names in sce:baselineStack) is planned once, and
// the outputs of its plan are given to every stack that references it. It
// is safe for concurrent use.
type Fleet struct {
	dir     string
	program plan.Program
	known   []string
	plans   *planCache
}

// NewFleet returns a Fleet for the stack files of dir (see Plan for program
// and known).
func NewFleet(dir string, program plan.Program, known []string) *Fleet {
	return &Fleet{dir: dir, program: program, known: known, plans: &planCache{m: map[string]*plan.Plan{}}}
}

// Plan is Plan for the stack named stack of the fleet's directory. A
// successful plan is kept for the stacks that reference it, and a stack
// already planned for a reference is not planned again: the plan is the
// same, shared, so callers must not modify it.
func (f *Fleet) Plan(ctx context.Context, stack string) (*plan.Plan, error) {
	if p, ok := f.plans.get(stack); ok {
		return p, nil
	}
	p, err := planChain(ctx, f.dir, stack, f.program, f.known, []string{stack}, f.plans)
	if err != nil {
		return nil, err
	}
	f.plans.put(stack, p)
	return p, nil
}

// planCache keeps successful plans, by stack name. Failed
// plans are not kept: their errors name the chain of stacks that led to
// them, which differs from one referencing stack to the next. Two stacks
// that need an uncached stack at the same time may both plan it; waiting
// for each other instead could deadlock on a reference cycle. A nil cache
// keeps nothing.
type planCache struct {
	mu sync.Mutex
	m  map[string]*plan.Plan
}

// get returns the kept plan of stack.
func (c *planCache) get(stack string) (*plan.Plan, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out, ok := c.m[stack]
	return out, ok
}

// put keeps the plan of stack, unless one is kept already.
func (c *planCache) put(stack string, p *plan.Plan) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[stack]; !ok {
		c.m[stack] = p
	}
}
