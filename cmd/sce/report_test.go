package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shippedStacks is the repository's stacks directory, seen from this package.
const shippedStacks = "../../stacks"

// docsCommand regenerates the committed evidence of the hipaa stack.
const docsCommand = "go run ./cmd/sce report hipaa --out docs --only controls.md,architecture.svg"

func TestReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "evidence")
	stdout, stderr, code := executeWith(t, defaultApp(), "report", "hipaa", "--stacks", shippedStacks, "--out", dir)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "wrote "+dir+"/controls.md\nwrote "+dir+"/inventory.csv\nwrote "+dir+"/plan.json\nwrote "+
		dir+"/architecture.svg\n", stderr)
	assert.Contains(t, stdout, ": 0 mandatory violations, 1 advisory violation\n")
	for _, name := range []string{"controls.md", "inventory.csv", "plan.json", "architecture.svg"} {
		info, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Positive(t, info.Size(), name)
	}
}

// TestDocsUpToDate: docs/controls.md and docs/architecture.svg are what
// `sce report hipaa` writes today.
func TestDocsUpToDate(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := executeWith(t, defaultApp(), "report", "hipaa", "--stacks", shippedStacks, "--out", dir,
		"--only", "controls.md,architecture.svg")
	require.Equal(t, 0, code, stderr)
	for _, name := range []string{"controls.md", "architecture.svg"} {
		want, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join("../../docs", name))
		require.NoError(t, err, "docs/%s is missing: run %s", name, docsCommand)
		assert.True(t, string(want) == string(got), "docs/%s is stale: run %s", name, docsCommand)
	}
}

func TestReportErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no out", []string{"report", "hipaa", "--stacks", shippedStacks}, "sce: --out DIR is required: where to write the bundle\n"},
		{"unknown file", []string{"report", "hipaa", "--stacks", shippedStacks, "--out", t.TempDir(), "--only", "report.pdf"},
			"sce: \"report.pdf\" is not a report file: choose from controls.md, inventory.csv, plan.json, architecture.svg\n"},
		{"no stack", []string{"report", "--out", t.TempDir()}, "sce: accepts 1 arg(s), received 0: usage: sce report <stack> --out DIR [flags]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := executeWith(t, defaultApp(), tt.args...)
			assert.Equal(t, 2, code)
			assert.Equal(t, tt.stderr, stderr)
		})
	}
}
