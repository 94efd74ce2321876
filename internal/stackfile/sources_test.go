package stackfile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fileSHA256 is the hex SHA-256 of the file at path.
func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TestPlanSourcesNamesEveryFilePlanned: the plan of a project names its
// own file and the file of the stack it references, with the digests of
// their bytes; a stack with no reference names its file alone; the plan
// is Plan's.
func TestPlanSourcesNamesEveryFilePlanned(t *testing.T) {
	dir := refStacks(t, map[string]string{"base": "", "proj": "base", "other": ""})
	p, sources, err := PlanSources(context.Background(), dir, "proj", refProgram, nil)
	require.NoError(t, err)
	projPath, basePath := filepath.Join(dir, "Pulumi.proj.yaml"), filepath.Join(dir, "Pulumi.base.yaml")
	assert.Equal(t, []Source{
		{Stack: "proj", Path: projPath, SHA256: fileSHA256(t, projPath)},
		{Stack: "base", Path: basePath, SHA256: fileSHA256(t, basePath)},
	}, sources)
	assert.NotEqual(t, sources[0].SHA256, sources[1].SHA256)
	want, err := Plan(context.Background(), dir, "proj", refProgram, nil)
	require.NoError(t, err)
	assert.Equal(t, want, p)

	_, sources, err = PlanSources(context.Background(), dir, "base", refProgram, nil)
	require.NoError(t, err)
	assert.Equal(t, []Source{{Stack: "base", Path: basePath, SHA256: fileSHA256(t, basePath)}}, sources)

	_, sources, err = PlanSources(context.Background(), dir, "missing", refProgram, nil)
	assert.Error(t, err)
	assert.Nil(t, sources)
}

// TestSourceLogSortsReferencesOnce: the stack's own file stays first; the
// files of referenced stacks follow by stack, each once.
func TestSourceLogSortsReferencesOnce(t *testing.T) {
	l := &sourceLog{list: []Source{{Stack: "proj"}, {Stack: "z"}, {Stack: "a"}, {Stack: "z"}}}
	assert.Equal(t, []Source{{Stack: "proj"}, {Stack: "a"}, {Stack: "z"}}, l.sorted())
}
