package plan

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnOwnStackLeavesTheCallerOut checks that f runs on a stack without
// the frames of onOwnStack's caller (the SDK records the whole stack with
// every resource) and that its error comes back as it was.
func TestOnOwnStackLeavesTheCallerOut(t *testing.T) {
	var frames []string
	want := errors.New("program failed")
	err := onOwnStack(func() error {
		pcs := make([]uintptr, 64)
		fs := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
		for f, more := fs.Next(); ; f, more = fs.Next() {
			frames = append(frames, f.Function)
			if !more {
				break
			}
		}
		return want
	})
	require.ErrorIs(t, err, want)
	require.NotEmpty(t, frames)
	for _, f := range frames {
		assert.False(t, strings.Contains(f, "TestOnOwnStackLeavesTheCallerOut") && !strings.Contains(f, ".func"),
			"the caller's frame %s is on f's stack: %v", f, frames)
		assert.NotContains(t, f, "testing.tRunner", "f's stack: %v", frames)
	}
	assert.NoError(t, onOwnStack(func() error { return nil }))
}

// TestOnOwnStackRaisesThePanicAgain checks that a panic of f reaches the
// caller with its value.
func TestOnOwnStackRaisesThePanicAgain(t *testing.T) {
	assert.PanicsWithValue(t, "boom", func() {
		_ = onOwnStack(func() error { panic("boom") })
	})
	assert.PanicsWithError(t, "broken", func() {
		_ = onOwnStack(func() error { panic(errors.New("broken")) })
	})
}

// TestOnOwnStackExitsWithF checks that runtime.Goexit in f (what a test's
// FailNow does in a program) ends the caller's goroutine as well, instead
// of returning as if f had succeeded.
func TestOnOwnStackExitsWithF(t *testing.T) {
	returned := make(chan bool, 2)
	go func() {
		defer func() { returned <- false }()
		_ = onOwnStack(func() error {
			runtime.Goexit()
			return nil
		})
		returned <- true
	}()
	assert.False(t, <-returned, "onOwnStack returned after f called runtime.Goexit")
}
