package access

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

var update = flag.Bool("update", false, "rewrite golden files")

// hipaaProject reads the access inputs from the offline plan of hipaa.
func hipaaProject(t *testing.T) Project {
	t.Helper()
	p, err := stackfile.Plan(context.Background(), "../../stacks", "hipaa", stacks.Build, stacks.KnownConfigKeys())
	require.NoError(t, err)
	proj, err := FromOutputs(p.Outputs, true)
	require.NoError(t, err)
	return proj
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func TestRenderOfflineHipaa(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, hipaaProject(t), Options{}))
	golden(t, "hipaa-offline.txt", buf.Bytes())
}

func TestRenderDeployedOneResearcher(t *testing.T) {
	p := Project{PIT: "omop", BastionIP: "198.51.100.7", Researchers: []string{"kresearcher", "analyst"},
		Workers:      []Worker{{Name: "omop-worker-1", PrivateIP: "10.21.1.10"}, {Name: "omop-worker-2", PrivateIP: "10.21.3.11"}},
		DataInBucket: "omop-data-in-111122223333-us-west-2", KmsKeyArn: "arn:aws:kms:us-west-2:111122223333:key/k"}
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, p, Options{Researcher: "analyst", Identity: "~/.ssh/omop"}))
	golden(t, "omop-analyst.txt", buf.Bytes())
}

func TestRenderUnknownResearcher(t *testing.T) {
	err := Render(&bytes.Buffer{}, hipaaProject(t), Options{Researcher: "mallory"})
	assert.ErrorIs(t, err, ErrUnknownResearcher)
	assert.EqualError(t, err, `unknown researcher: --researcher "mallory" is not a researcher of project hipaa: use one of kresearcher, jdoe`)
}

func TestFromOutputsErrors(t *testing.T) {
	_, err := FromOutputs(map[string]any{"pit": "x"}, false)
	assert.EqualError(t, err, "stack outputs lack bastionPublicIp, workerPrivateIps, researchers, bucketNames, kmsKeyArn: is this an sce project stack, deployed with this version?")
	out := map[string]any{"pit": "x", "bastionPublicIp": "1.2.3.4", "workerPrivateIps": "10.0.0.1", "workerInstanceIds": []any{}, "researchers": []any{},
		"bucketNames": map[string]any{}, "kmsKeyArn": "k"}
	_, err = FromOutputs(out, false)
	assert.EqualError(t, err, "stack output workerPrivateIps is not a list")
	out["workerPrivateIps"] = []any{}
	_, err = FromOutputs(out, false)
	assert.EqualError(t, err, "stack output bucketNames has no data-in bucket")
}
