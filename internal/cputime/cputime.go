// Package cputime reads the CPU time the process has used, for the
// benchmarks that report it beside the wall time: on a machine shared with
// other work it varies less.
package cputime

import (
	"testing"
	"time"
)

// Report reports the process CPU time (user and system, every thread, the
// garbage collector included) used since start, per iteration of b, as
// cpu-ms/op; nothing where the CPU time cannot be read.
func Report(b *testing.B, start time.Duration) {
	if !available {
		return
	}
	b.ReportMetric(float64(Used()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
