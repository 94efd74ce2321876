package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestStackInputErrorsExitWithUsage: a name that is not a stack name and a
// stacks directory that cannot be read are wrong input, exit code 2, in
// every command that starts from a stack file, as in sce stacks and
// sce plan --all.
func TestStackInputErrorsExitWithUsage(t *testing.T) {
	const badName = "sce: \"../x\" is not a stack name: use letters, digits, '-', '_' and '.'\n"
	noDir := filepath.Join(t.TempDir(), "nodir")
	dirErr := "sce: stacks directory: open " + noDir + ": no such file or directory (run sce from the repository root, or pass --stacks)\n"
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"plan name", []string{"plan", "../x", "--stacks", shippedStacks}, badName},
		{"cost name", []string{"cost", "../x", "--stacks", shippedStacks}, badName},
		{"report name", []string{"report", "../x", "--stacks", shippedStacks, "--out", t.TempDir()}, badName},
		{"access name", []string{"access", "../x", "--stacks", shippedStacks}, badName},
		{"closeout name", []string{"closeout", "../x", "--dry-run", "--stacks", shippedStacks}, badName},
		{"plan directory", []string{"plan", "hipaa", "--stacks", noDir}, dirErr},
		{"cost directory", []string{"cost", "hipaa", "--stacks", noDir}, dirErr},
		{"plan --all directory", []string{"plan", "--all", "--stacks", noDir}, dirErr},
		{"stacks directory", []string{"stacks", "--stacks", noDir}, dirErr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := executeWith(t, defaultApp(), tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, tt.stderr, stderr)
			assert.Empty(t, stdout)
		})
	}
}
