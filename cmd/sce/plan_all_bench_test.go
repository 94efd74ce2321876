//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/cputime"
)

// benchProjects is the number of project stacks BenchmarkPlanAll plans:
// the projects of a research-computing group.
const benchProjects = 50

// BenchmarkPlanAll runs `sce plan --all --format json` over benchProjects
// project stacks made from the hipaa stack file (each its own PIT and VPC
// block) and the account baseline they reference, with the real stacks and
// policy pack: one op is one run of the command, which compiles the pack
// once. It reports the peak resident set of the process (VmHWM, reset
// before the loop), the peak heap in use, sampled every 10 ms, and the
// CPU time of the process per op (user and system, every thread): on a
// machine shared with other work it varies less than the wall time.
func BenchmarkPlanAll(b *testing.B) {
	dir := benchFleetDir(b, benchProjects)
	resetPeakRSS(b)
	peakHeap := sampleHeap()
	cpu := cputime.Used()
	for b.Loop() {
		var stderr bytes.Buffer
		if code := run(context.Background(), []string{"plan", "--all", "--stacks", dir, "--format", "json"},
			io.Discard, &stderr, defaultApp()); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
	b.ReportMetric((cputime.Used()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peakHeap())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakRSS(b))/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(benchProjects+1, "stacks")
}

// benchFleetDir writes n project stack files, copies of the hipaa stack
// with PITs p00, p01, ... and VPC blocks 10.x.y.0/20, and the account
// baseline they name, into a temporary directory.
func benchFleetDir(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	hipaa, err := os.ReadFile(filepath.Join("..", "..", "stacks", "Pulumi.hipaa.yaml"))
	require.NoError(b, err)
	account, err := os.ReadFile(filepath.Join("..", "..", "stacks", "Pulumi.account.yaml"))
	require.NoError(b, err)
	require.NoError(b, os.WriteFile(filepath.Join(dir, "Pulumi.account.yaml"), account, 0o600))
	for i := range n {
		pit := fmt.Sprintf("p%02d", i)
		cidr := fmt.Sprintf("10.%d.%d.0/20", 16+i/16, (i%16)*16)
		data := strings.Replace(string(hipaa), "sce:pit: hipaa", "sce:pit: "+pit, 1)
		data = strings.Replace(data, "sce:vpcCidr: 10.20.0.0/16", "sce:vpcCidr: "+cidr, 1)
		require.NotEqual(b, string(hipaa), data)
		require.NoError(b, os.WriteFile(filepath.Join(dir, "Pulumi."+pit+".yaml"), []byte(data), 0o600))
	}
	return dir
}

// resetPeakRSS resets the process's VmHWM to its current resident set.
func resetPeakRSS(b *testing.B) {
	b.Helper()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("peak RSS not reset (%v): it includes what ran before the benchmark", err)
	}
}

// peakRSS is the process's VmHWM from /proc/self/status, in bytes.
func peakRSS(b *testing.B) uint64 {
	b.Helper()
	f, err := os.Open("/proc/self/status")
	require.NoError(b, err)
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			require.NoError(b, err)
			return kb << 10
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// sampleHeap samples the heap in use every 10 ms until the returned
// function is called, which returns the peak.
func sampleHeap() func() uint64 {
	const name = "/memory/classes/heap/objects:bytes"
	sample := []metrics.Sample{{Name: name}}
	var (
		mu   sync.Mutex
		peak uint64
	)
	read := func() {
		metrics.Read(sample)
		mu.Lock()
		peak = max(peak, sample[0].Value.Uint64())
		mu.Unlock()
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		read()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
