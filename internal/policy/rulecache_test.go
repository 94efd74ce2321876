package policy

import (
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/policies"
)

var update = flag.Bool("update", false, "rewrite rulecache.json from the pack's METADATA")

// readRules reads the rules of the pack in fsys from its METADATA, as Load
// does for a pack the cache does not hold.
func readRules(t *testing.T, fsys fs.FS) ruleCache {
	t.Helper()
	sources, err := readModules(fsys)
	require.NoError(t, err)
	compiler, err := compile(sources, true)
	require.NoError(t, err)
	p := &Pack{compiler: compiler}
	require.NoError(t, p.collect())
	return ruleCache{Sources: sourcesKey(sources), Name: p.Name, Title: p.Title, Rules: p.Rules}
}

// TestRuleCache: rulecache.json holds the rules of the embedded pack as its
// METADATA gives them; -update (go generate) rewrites it.
func TestRuleCache(t *testing.T) {
	data, err := json.MarshalIndent(readRules(t, policies.FS()), "", "  ")
	require.NoError(t, err)
	data = append(data, '\n')
	if *update {
		require.NoError(t, os.WriteFile("rulecache.json", data, 0o644))
		return
	}
	assert.Equal(t, string(data), ruleCacheJSON,
		"rulecache.json is out of date with policies/: run `go generate ./internal/policy`")
}

// TestLoadUsesRuleCache: the embedded pack is parsed without its METADATA
// and has the rules its METADATA gives; an edited pack, which the cache does
// not hold, is read from its METADATA, with the same rules.
func TestLoadUsesRuleCache(t *testing.T) {
	want := readRules(t, policies.FS())
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	assert.Empty(t, pack.compiler.GetAnnotationSet().Flatten())
	assert.Equal(t, want.Rules, pack.Rules)
	assert.Equal(t, "sce_hipaa", pack.Name)
	assert.Equal(t, want.Title, pack.Title)

	edited := fstest.MapFS{}
	require.NoError(t, fs.WalkDir(policies.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(policies.FS(), path)
		if path == "s3.rego" {
			data = append(data, "\n# edited\n"...)
		}
		edited[path] = &fstest.MapFile{Data: data}
		return err
	}))
	pack, err = Load(edited)
	require.NoError(t, err)
	assert.NotEmpty(t, pack.compiler.GetAnnotationSet().Flatten())
	assert.Equal(t, want.Rules, pack.Rules)
	assert.Equal(t, want.Title, pack.Title)
}
