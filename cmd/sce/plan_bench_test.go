package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/sce-dev/sce/internal/cputime"
)

// BenchmarkPlanCommand runs `sce plan hipaa` in-process, as the binary
// does after its start: neighbour checks, the offline plan of the stack
// and of the baseline it references, the policy pack compiled and
// evaluated, the cost estimate and the table. One op is one command run
// with a fresh app, so the pack is compiled in every op as in a process.
func BenchmarkPlanCommand(b *testing.B) {
	stacksDir := filepath.Join("..", "..", "stacks")
	for _, format := range []string{"table", "json"} {
		b.Run(format, func(b *testing.B) {
			start := cputime.Used()
			for b.Loop() {
				var stderr bytes.Buffer
				args := []string{"plan", "hipaa", "--stacks", stacksDir, "--format", format}
				if code := run(context.Background(), args, io.Discard, &stderr, defaultApp()); code != 0 {
					b.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			cputime.Report(b, start)
		})
	}
}
