//go:build unix

package plan

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU reports the process CPU time (user and system, every thread,
// the garbage collector included) per iteration since start, as cpu-ms/op:
// on a machine shared with other work it varies less than the wall time.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// cpuTime is the CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
