package stacks

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite docs/configuration.md from the field table")

// referencePath is the generated configuration reference.
var referencePath = filepath.Join("..", "docs", "configuration.md")

// TestConfigurationReference: docs/configuration.md is what the field
// table of Config says.
func TestConfigurationReference(t *testing.T) {
	got := configurationReference()
	if *update {
		require.NoError(t, os.WriteFile(referencePath, []byte(got), 0o644))
	}
	want, err := os.ReadFile(referencePath)
	require.NoError(t, err, "regenerate it: go generate ./stacks")
	assert.Equal(t, string(want), got,
		"docs/configuration.md is stale: regenerate it with go generate ./stacks "+
			"(or go test ./stacks -run TestConfigurationReference -update)")
}
