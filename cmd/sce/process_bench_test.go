package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkProcess runs the built sce binary as a user would, one process
// per op, from the repository root: `sce version` (the cost of starting
// the process: package initialization of everything linked in) and
// `sce plan hipaa` (start, offline plan, policy evaluation, cost). Besides
// the wall time per run it reports the CPU time of the child processes
// (user and system), which varies less on a shared machine, and the page
// faults the child took (each costs about 10 µs on a small VM; see package
// hugeheap), where the system counts them. It builds the
// binary first, unless SCE_BENCH_BIN names one (to compare two builds in
// one run).
func BenchmarkProcess(b *testing.B) {
	bin := os.Getenv("SCE_BENCH_BIN")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "sce")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
	}
	for _, args := range [][]string{{"version"}, {"plan", "hipaa"}} {
		b.Run(args[len(args)-1], func(b *testing.B) {
			var cpu time.Duration
			var faults int64
			for b.Loop() {
				cmd := exec.Command(bin, args...)
				cmd.Dir = filepath.Join("..", "..")
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("sce %v: %v\n%s", args, err, out)
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				faults += minorFaults(cmd.ProcessState)
			}
			b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			if faultsCounted {
				b.ReportMetric(float64(faults)/float64(b.N), "faults/op")
			}
		})
	}
}
