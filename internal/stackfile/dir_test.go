package stackfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadDirKeepsFilesThatDoNotLoad(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.a.yaml"), []byte("config:\n  sce:pit: a\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.b.yaml"), []byte("config:\n  sce:pti: b\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("config: {}\n"), 0o600))
	all, err := LoadDir(dir, testKnown)
	require.NoError(t, err)
	require.Len(t, all, 2, "stack files only")
	assert.Equal(t, "a", all[0].Name)
	assert.Equal(t, filepath.Join(dir, "Pulumi.a.yaml"), all[0].Path)
	require.NoError(t, all[0].Err)
	assert.Equal(t, map[string]string{"sce:pit": "a"}, all[0].File.Config)
	assert.Equal(t, filepath.Join(dir, "Pulumi.a.yaml")+":2", all[0].File.Where("sce:pit"))
	assert.Equal(t, filepath.Join(dir, "Pulumi.a.yaml"), all[0].File.Where("sce:vpcCidr"), "a key the file does not set")
	assert.Equal(t, "b", all[1].Name)
	assert.Nil(t, all[1].File)
	assert.EqualError(t, all[1].Err, filepath.Join(dir, "Pulumi.b.yaml")+":2: sce:pti: unknown config key: did you mean sce:pit?")

	_, err = LoadDir(filepath.Join(dir, "missing"), testKnown)
	assert.EqualError(t, err, "stacks directory: open "+filepath.Join(dir, "missing")+
		": no such file or directory (run sce from the repository root, or pass --stacks)")
}
