package conformance

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the generated conformance pack template from the data files")

// TestGeneratedTemplateIsCurrent checks that the embedded template is what
// the data files render today; -update rewrites it (go generate).
func TestGeneratedTemplateIsCurrent(t *testing.T) {
	rules, err := Rules()
	require.NoError(t, err)
	want, err := Template(rules)
	require.NoError(t, err)
	path := filepath.Join("data", filepath.Base(GeneratedFile))
	if *update {
		// The test binary embeds the file as it was before: the next run checks it.
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
		return
	}
	onDisk, err := os.ReadFile(path)
	require.NoError(t, err)
	// Compared without a diff: the template is 31 kB.
	assert.True(t, want == string(onDisk), "%s is stale: run go generate ./sce/internal/conformance", GeneratedFile)
	assert.True(t, string(onDisk) == HIPAATemplate(), "the embedded template is not the file's content")
}
