package stackfile

import (
	"context"
	"fmt"
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
// nested, of the stacks it references, and the flights of other runs it
// waits for. A nil run, or one without a cache, keeps nothing (Plan of one
// stack).
type planRun struct {
	cache *planCache
	// waiting counts, by flight, the waits of this run for flights of
	// others: one run may wait for several at once, as the Pulumi SDK
	// reads each stack reference of a program on a goroutine of its own.
	// Guarded by cache.mu.
	waiting map[*flight]int
	// read, when not nil, records the stack files the run planned from
	// (PlanSources).
	read *sourceLog
}

// plan returns the plan of stack: the kept one, the one another run is
// making (waited for), or one made by build. It waits only when waiting
// cannot close a circle of runs waiting for each other, which a reference
// cycle makes; to be safe, the check also counts a run that resolves
// several references at once (the circle is of runs, not of goroutines).
// Then build runs: a cycle is reported as Plan reports it, and otherwise a
// stack may be planned twice, never waited on forever. After a plan
// another run failed to make, build runs too, so that the error names
// this run's chain of stacks.
func (r *planRun) plan(ctx context.Context, stack string, build func() (*plan.Plan, error)) (*plan.Plan, error) {
	if r == nil || r.cache == nil {
		return build()
	}
	for failed := false; ; failed = true {
		p, wait, own := r.lookup(stack, failed)
		switch {
		case p != nil:
			return p, nil
		case own != nil:
			return r.fly(stack, own, build)
		case wait == nil:
			return build()
		}
		if p, err := r.wait(ctx, stack, wait); p != nil || err != nil {
			return p, err
		}
	}
}

// lookup decides, under the cache's lock, how r gets the plan of stack:
// the kept plan; a flight of another run to wait for (counted in
// r.waiting); a new flight of r's own (registered, for fly) when none is
// under way; or none of them, to build without a flight, when one is
// under way but the flight r waited for failed (failed) or waiting would
// close a circle.
func (r *planRun) lookup(stack string, failed bool) (p *plan.Plan, wait, own *flight) {
	c := r.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.done[stack]; ok {
		return p, nil, nil
	}
	f := c.flights[stack]
	if f == nil {
		own = &flight{by: r, finished: make(chan struct{})}
		c.flights[stack] = own
		return nil, nil, own
	}
	if failed || r.wouldDeadlock(f) {
		return nil, nil, nil
	}
	if r.waiting == nil {
		r.waiting = map[*flight]int{}
	}
	r.waiting[f]++
	return nil, f, nil
}

// fly makes the plan of stack with build, as the flight f others wait
// for; the flight ends however build ends (a panic too), so no one waits
// forever.
func (r *planRun) fly(stack string, f *flight, build func() (*plan.Plan, error)) (p *plan.Plan, err error) {
	c := r.cache
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

// wait waits for f, the flight of stack, or for ctx to end; a nil plan
// and error mean that f failed.
func (r *planRun) wait(ctx context.Context, stack string, f *flight) (*plan.Plan, error) {
	var err error
	select {
	case <-f.finished:
	case <-ctx.Done():
		err = ctx.Err()
	}
	r.cache.mu.Lock()
	if r.waiting[f]--; r.waiting[f] == 0 {
		delete(r.waiting, f)
	}
	r.cache.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("wait for the plan of stack %s: %w", stack, err)
	}
	return f.p, nil
}

// wouldDeadlock reports whether r waiting for f would close a circle:
// f's run waits, through runs each waiting for the next, for a flight of
// r. Called with r.cache.mu held.
func (r *planRun) wouldDeadlock(f *flight) bool {
	seen := map[*planRun]bool{}
	var reaches func(f *flight) bool
	reaches = func(f *flight) bool {
		if f.by == r {
			return true
		}
		if seen[f.by] {
			return false
		}
		seen[f.by] = true
		for g := range f.by.waiting {
			if reaches(g) {
				return true
			}
		}
		return false
	}
	return reaches(f)
}
