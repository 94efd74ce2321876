package stackfile

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
)

// countingProgram is refProgram that counts its runs by stack.
func countingProgram() (plan.Program, func() map[string]int) {
	var mu sync.Mutex
	runs := map[string]int{}
	program := func(ctx *pulumi.Context) (pulumi.Map, error) {
		mu.Lock()
		runs[ctx.Stack()]++
		mu.Unlock()
		return refProgram(ctx)
	}
	return program, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		return runs
	}
}

func TestFleetPlansAReferencedStackOnce(t *testing.T) {
	dir := refStacks(t, map[string]string{"base": "", "p1": "base", "p2": "base", "p3": "base"})
	program, runs := countingProgram()
	fleet := NewFleet(dir, program, nil)
	for _, stack := range []string{"p1", "p2", "p3", "base"} {
		got, err := fleet.Plan(context.Background(), stack)
		require.NoError(t, err)
		want, err := Plan(context.Background(), dir, stack, refProgram, nil)
		require.NoError(t, err)
		assert.Equal(t, want, got, stack)
	}
	assert.Equal(t, map[string]int{"base": 1, "p1": 1, "p2": 1, "p3": 1}, runs())
}

func TestFleetPlansConcurrently(t *testing.T) {
	ctx := boundedContext(t)
	dir := refStacks(t, map[string]string{"base": "", "p1": "base", "p2": "base", "p3": "base", "p4": "base"})
	program, runs := countingProgram()
	fleet := NewFleet(dir, program, nil)
	var wg sync.WaitGroup
	for _, stack := range []string{"p1", "p2", "p3", "p4"} {
		wg.Go(func() {
			p, err := fleet.Plan(ctx, stack)
			assert.NoError(t, err)
			assert.Equal(t, "base-archive", p.Outputs["fromRef"], stack)
		})
	}
	wg.Wait()
	assert.Equal(t, map[string]int{"base": 1, "p1": 1, "p2": 1, "p3": 1, "p4": 1}, runs(),
		"the stacks that need base at the same time wait for one plan of it")
}

// TestFleetPlansABaselineOnceWithItsProjects plans the referenced stack
// itself together with the stacks that reference it: its own plan is the
// one they read.
func TestFleetPlansABaselineOnceWithItsProjects(t *testing.T) {
	ctx := boundedContext(t)
	dir := refStacks(t, map[string]string{"base": "", "p1": "base", "p2": "base", "p3": "base"})
	program, runs := countingProgram()
	fleet := NewFleet(dir, program, nil)
	plans := map[string]*plan.Plan{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, stack := range []string{"base", "p1", "p2", "p3"} {
		wg.Go(func() {
			p, err := fleet.Plan(ctx, stack)
			assert.NoError(t, err)
			mu.Lock()
			plans[stack] = p
			mu.Unlock()
		})
	}
	wg.Wait()
	assert.Equal(t, map[string]int{"base": 1, "p1": 1, "p2": 1, "p3": 1}, runs())
	assert.Equal(t, plans["base"].Outputs["bucket"], plans["p1"].Outputs["fromRef"])
}

// TestFleetReportsACycleOfStacksPlannedTogether: a and b reference each
// other and are planned at the same time; neither waits for the other
// forever, and each reports the cycle as Plan does.
func TestFleetReportsACycleOfStacksPlannedTogether(t *testing.T) {
	ctx := boundedContext(t)
	dir := refStacks(t, map[string]string{"a": "b", "b": "a", "c": "a"})
	fleet := NewFleet(dir, refProgram, nil)
	for range 20 {
		var wg sync.WaitGroup
		for _, stack := range []string{"a", "b", "c"} {
			wg.Go(func() {
				_, err := fleet.Plan(ctx, stack)
				_, want := Plan(ctx, dir, stack, refProgram, nil)
				assert.Error(t, want)
				assert.Equal(t, want, err, stack)
			})
		}
		wg.Wait()
	}
}

func TestFleetReportsACycleAsPlanDoes(t *testing.T) {
	dir := refStacks(t, map[string]string{"a": "b", "b": "a"})
	fleet := NewFleet(dir, refProgram, nil)
	_, err := fleet.Plan(context.Background(), "a")
	_, want := Plan(context.Background(), dir, "a", refProgram, nil)
	require.Error(t, want)
	assert.Equal(t, want, err)
	_, err = fleet.Plan(context.Background(), "a")
	assert.Equal(t, want, err, "a failed plan is not kept")
}

// boundedContext ends the test's waits after a minute, so that a wait that
// would never end fails the test (with context.DeadlineExceeded) instead
// of hanging the run until go test's own timeout.
func boundedContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// TestFleetSeesEveryWaitOfARun: a run may wait for several flights at once
// (a program reads its stack references concurrently); a circle through
// any of them is seen, and only while the wait lasts.
func TestFleetSeesEveryWaitOfARun(t *testing.T) {
	c := newPlanCache()
	a, b, d := &planRun{cache: c}, &planRun{cache: c}, &planRun{cache: c}
	fa, fb, fd := &flight{by: a}, &flight{by: b}, &flight{by: d}
	a.waiting = map[*flight]int{fb: 1, fd: 2}
	c.mu.Lock()
	defer c.mu.Unlock()
	assert.True(t, b.wouldDeadlock(fa), "b would wait for a, which waits for b")
	assert.True(t, d.wouldDeadlock(fa), "d would wait for a, which waits for d")
	assert.False(t, (&planRun{cache: c}).wouldDeadlock(fa), "a run a does not wait for")
	b.waiting = map[*flight]int{fd: 1}
	assert.True(t, d.wouldDeadlock(fb), "d would wait for b, which waits for d")
	assert.False(t, b.wouldDeadlock(fd), "d waits for no one")

	// A circle of three: x waits for y, y for z; z must not wait for x.
	x, y, z := &planRun{cache: c}, &planRun{cache: c}, &planRun{cache: c}
	fx, fy, fz := &flight{by: x}, &flight{by: y}, &flight{by: z}
	x.waiting = map[*flight]int{fy: 1}
	y.waiting = map[*flight]int{fz: 1}
	assert.True(t, z.wouldDeadlock(fx), "z would wait for x, which waits for y, which waits for z")
	assert.False(t, x.wouldDeadlock(fz), "z waits for no one")
}

// TestFleetWaitEnds: a wait for another run's plan ends with the waiter's
// context, saying which plan it waited for, and is no longer counted; the
// flight itself goes on and its plan is kept.
func TestFleetWaitEnds(t *testing.T) {
	c := newPlanCache()
	flyer, waiter := &planRun{cache: c}, &planRun{cache: c}
	release, started := make(chan struct{}), make(chan struct{})
	want := &plan.Plan{Stack: "base"}
	done := make(chan *plan.Plan, 1)
	go func() {
		p, err := flyer.plan(boundedContext(t), "base", func() (*plan.Plan, error) {
			close(started)
			<-release
			return want, nil
		})
		assert.NoError(t, err)
		done <- p
	}()
	within(t, started)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	waited := make(chan error, 1)
	go func() {
		_, err := waiter.plan(ctx, "base", func() (*plan.Plan, error) { return nil, errors.New("not built by the waiter") })
		waited <- err
	}()
	assert.EqualError(t, within(t, waited), "wait for the plan of stack base: context canceled")
	c.mu.Lock()
	assert.Empty(t, waiter.waiting)
	c.mu.Unlock()
	close(release)
	assert.Same(t, want, within(t, done))
	got, err := (&planRun{cache: c}).plan(boundedContext(t), "base", func() (*plan.Plan, error) { return nil, errors.New("kept") })
	require.NoError(t, err)
	assert.Same(t, want, got, "the flight's plan is kept")
}

// TestFleetPlansAgainAfterAFailedFlight: a run that waited for a plan that
// failed makes the plan itself, and keeps it.
func TestFleetPlansAgainAfterAFailedFlight(t *testing.T) {
	c := newPlanCache()
	flyer, waiter := &planRun{cache: c}, &planRun{cache: c}
	release, started := make(chan struct{}), make(chan struct{})
	ctx := boundedContext(t)
	failed := make(chan error, 1)
	go func() {
		_, err := flyer.plan(ctx, "base", func() (*plan.Plan, error) {
			close(started)
			<-release
			return nil, errors.New("first plan fails")
		})
		failed <- err
	}()
	within(t, started)
	want := &plan.Plan{Stack: "base"}
	type result struct {
		p   *plan.Plan
		err error
	}
	got := make(chan result, 1)
	go func() {
		p, err := waiter.plan(ctx, "base", func() (*plan.Plan, error) { return want, nil })
		got <- result{p, err}
	}()
	for waits(c, waiter) == 0 {
		require.NoError(t, ctx.Err(), "the waiter never waited")
		time.Sleep(time.Millisecond)
	}
	close(release)
	assert.EqualError(t, within(t, failed), "first plan fails")
	r := within(t, got)
	require.NoError(t, r.err)
	assert.Same(t, want, r.p)
	c.mu.Lock()
	assert.Same(t, want, c.done["base"])
	assert.Empty(t, c.flights)
	c.mu.Unlock()
}

// waits is how many waits of r are under way.
func waits(c *planCache, r *planRun) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, k := range r.waiting {
		n += k
	}
	return n
}

// within receives from ch, or fails the test if nothing comes within a
// minute (a wait that would never end).
func within[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-boundedContext(t).Done():
		t.Fatal("nothing came within a minute: a wait that does not end")
		var zero T
		return zero
	}
}
