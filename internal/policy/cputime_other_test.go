//go:build !unix

package policy_test

import (
	"testing"
	"time"
)

// reportCPU reports nothing where the process CPU time is not available.
func reportCPU(*testing.B, time.Duration) {}

// cpuTime is zero where the process CPU time is not available.
func cpuTime() time.Duration { return 0 }
