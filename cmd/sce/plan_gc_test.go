package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

// gcPercent reads the current GOGC.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestPlanCollectsLessOftenUnlessGOGCIsSet: sce plan raises GOGC for its
// run and sets it back, but leaves a GOGC the user set alone.
func TestPlanCollectsLessOftenUnlessGOGCIsSet(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	restore := lessGC("")
	assert.Equal(t, planGCPercent, gcPercent())
	restore()
	assert.Equal(t, 100, gcPercent())

	debug.SetGCPercent(50) // as GOGC=50 does
	restore = lessGC("50")
	assert.Equal(t, 50, gcPercent())
	restore()
	assert.Equal(t, 50, gcPercent())
}
