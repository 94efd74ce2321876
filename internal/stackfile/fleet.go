package stackfile

import (
	"context"
	"sync"

	"github.com/sce-dev/sce/internal/plan"
)

// Fleet plans many stacks of one directory with one program, as
// `sce plan --all` does: a stack that others reference (the account
// baseline every project names in sce:baselineStack) is planned once, for
// its own plan and for every stack that references it, also when they are
// planned at the same time. It is safe for concurrent use.
type Fleet struct {
	dir     string
	program plan.Program
	known   []string
	plans   *planCache
}

// NewFleet returns a Fleet for the stack files of dir (see Plan for program
// and known).
func NewFleet(dir string, program plan.Program, known []string) *Fleet {
	return &Fleet{dir: dir, program: program, known: known, plans: newPlanCache()}
}

// Plan is Plan for the stack named stack of the fleet's directory. A
// successful plan is kept for the stacks that reference it, and a stack
// already planned, or being planned, for a reference is not planned again:
// the plan is the same, shared, so callers must not modify it.
func (f *Fleet) Plan(ctx context.Context, stack string) (*plan.Plan, error) {
	run := &planRun{cache: f.plans}
	return run.plan(ctx, stack, func() (*plan.Plan, error) {
		return planChain(ctx, f.dir, stack, f.program, f.known, []string{stack}, run)
	})
}

// planCache keeps successful plans, by stack name, and the plans under
// way. Failed plans are not kept: their errors name the chain of stacks
// that led to them, which differs from one referencing stack to the next.
type planCache struct {
	mu      sync.Mutex
	done    map[string]*plan.Plan
	flights map[string]*flight
}

// newPlanCache returns an empty cache.
func newPlanCache() *planCache {
	return &planCache{done: map[string]*plan.Plan{}, flights: map[string]*flight{}}
}

// flight is a plan under way.
type flight struct {
	// by is the run that makes the plan.
	by *planRun
	// finished is closed when the plan is made; p is then the plan, nil
	// when it failed.
	finished chan struct{}
	p        *plan.Plan
}

// planRun is one call of Fleet.Plan: the plans it makes, of its stack and,
// nested, of the stacks it references, and the flight of another run it
// waits for. A nil run keeps nothing (Plan of one stack).
type planRun struct {
	cache   *planCache
	waiting *flight // guarded by cache.mu
}

// plan returns the plan of stack: the kept one, the one another run is
// making (waited for), or one made by build. It waits only when waiting
// cannot close a circle of runs waiting for each other, which only a
// reference cycle makes: then build runs, and reports the cycle as Plan
// does. After a plan another run failed to make, build runs too, so that
// the error names this run's chain of stacks.
func (r *planRun) plan(ctx context.Context, stack string, build func() (*plan.Plan, error)) (*plan.Plan, error) {
	if r == nil {
		return build()
	}
	c := r.cache
	c.mu.Lock()
	for failed := false; ; failed = true {
		if p, ok := c.done[stack]; ok {
			c.mu.Unlock()
			return p, nil
		}
		f := c.flights[stack]
		if f == nil {
			return r.fly(stack, build)
		}
		if failed || r.wouldDeadlock(f) {
			c.mu.Unlock()
			return build()
		}
		r.waiting = f
		c.mu.Unlock()
		if p, err := r.wait(ctx, f); p != nil || err != nil {
			return p, err
		}
		c.mu.Lock()
	}
}

// fly makes the plan of stack with build, as the flight others wait for;
// the flight ends however build ends (a panic too), so no one waits
// forever. Called with r.cache.mu held; it unlocks it.
func (r *planRun) fly(stack string, build func() (*plan.Plan, error)) (p *plan.Plan, err error) {
	c := r.cache
	f := &flight{by: r, finished: make(chan struct{})}
	c.flights[stack] = f
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if err == nil && p != nil {
			c.done[stack], f.p = p, p
		}
		delete(c.flights, stack)
		close(f.finished)
	}()
	return build()
}

// wait waits for f, or for ctx to end; a nil plan and error mean that f
// failed.
func (r *planRun) wait(ctx context.Context, f *flight) (*plan.Plan, error) {
	var err error
	select {
	case <-f.finished:
	case <-ctx.Done():
		err = ctx.Err()
	}
	r.cache.mu.Lock()
	r.waiting = nil
	r.cache.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return f.p, nil
}

// wouldDeadlock reports whether r waiting for f would close a circle: f's
// run waits, through a chain of runs each waiting for the next, for r.
// Called with r.cache.mu held.
func (r *planRun) wouldDeadlock(f *flight) bool {
	for f != nil {
		if f.by == r {
			return true
		}
		f = f.by.waiting
	}
	return false
}
