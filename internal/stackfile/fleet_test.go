package stackfile

import (
	"context"
	"sync"
	"testing"

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
	dir := refStacks(t, map[string]string{"base": "", "p1": "base", "p2": "base", "p3": "base", "p4": "base"})
	program, runs := countingProgram()
	fleet := NewFleet(dir, program, nil)
	var wg sync.WaitGroup
	for _, stack := range []string{"p1", "p2", "p3", "p4"} {
		wg.Go(func() {
			p, err := fleet.Plan(context.Background(), stack)
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
	dir := refStacks(t, map[string]string{"base": "", "p1": "base", "p2": "base", "p3": "base"})
	program, runs := countingProgram()
	fleet := NewFleet(dir, program, nil)
	plans := map[string]*plan.Plan{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, stack := range []string{"base", "p1", "p2", "p3"} {
		wg.Go(func() {
			p, err := fleet.Plan(context.Background(), stack)
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
	dir := refStacks(t, map[string]string{"a": "b", "b": "a", "c": "a"})
	fleet := NewFleet(dir, refProgram, nil)
	for range 20 {
		var wg sync.WaitGroup
		for _, stack := range []string{"a", "b", "c"} {
			wg.Go(func() {
				_, err := fleet.Plan(context.Background(), stack)
				_, want := Plan(context.Background(), dir, stack, refProgram, nil)
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
