package cloudinit_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce/internal/cloudinit"
	"github.com/sce-dev/sce/stacks"
)

// cloudInit is the path of the cloud-init command, whose `schema`
// subcommand validates a #cloud-config document against cloud-init's own
// JSON schema, as cloud-init reads it on the instance.
func cloudInit(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("cloud-init")
	if err != nil {
		skipOrFailWith(t, "cloud-init is not installed", "install cloud-init (.ci/run installs Debian's)",
			"the user data is not checked against cloud-init's schema here")
	}
	return path
}

// TestUserDataPassesCloudInitSchema has cloud-init validate the user data
// of a bastion and a worker, with ordinary and with security keys: every
// key, type and value as its schema wants them.
func TestUserDataPassesCloudInitSchema(t *testing.T) {
	tool := cloudInit(t)
	dir := t.TempDir()
	for _, role := range []cloudinit.Role{cloudinit.Bastion, cloudinit.Worker} {
		for _, only := range []bool{false, true} {
			ud, err := cloudinit.Render(cloudinit.Host{Role: role, PIT: "lab", SSHLogGroup: "/sce/lab/ssh",
				DataVolumeID: "vol-0123456789abcdef0", SecurityKeysOnly: only, Users: []cloudinit.User{
					{Username: "ana", PublicKey: skEd25519Key, Admin: true}, {Username: "ben", PublicKey: skECDSAKey}}})
			require.NoError(t, err)
			path := filepath.Join(dir, string(role)+map[bool]string{false: "", true: "-sk"}[only]+".yaml")
			require.NoError(t, os.WriteFile(path, []byte(ud), 0o600))
			r := run(t, os.Environ(), tool, "schema", "--config-file", path)
			assert.Equal(t, 0, r.code, "%s: %s%s", path, r.stdout, r.stderr)
			assert.Contains(t, r.stdout, "Valid cloud-config", path)
			assert.Contains(t, r.stdout, path)
			assert.Empty(t, r.stderr, "%s: no deprecated key either", path)
		}
	}
}

// TestCloudInitSchemaRefusesAMistake is the control: the same check
// refuses a document with a file mode given as a number and a key the
// schema does not have, so a pass above is the schema's.
func TestCloudInitSchemaRefusesAMistake(t *testing.T) {
	tool := cloudInit(t)
	path := filepath.Join(t.TempDir(), "bad.yaml")
	bad := "#cloud-config\nwrite_files:\n  - path: /etc/x\n    permissions: 644\n    mode: \"0644\"\n"
	require.NoError(t, os.WriteFile(path, []byte(bad), 0o600))
	r := run(t, os.Environ(), tool, "schema", "--config-file", path)
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "write_files.0.permissions: 644 is not of type 'string'")
	assert.Contains(t, r.stderr, "'mode' was unexpected")
}

// TestShippedStacksUserDataPassesCloudInitSchema has cloud-init validate
// the user data of every instance of the shipped stacks' offline plans, as
// the stacks configure them (their researchers, keys and roles).
func TestShippedStacksUserDataPassesCloudInitSchema(t *testing.T) {
	tool := cloudInit(t)
	const dir = "../../../stacks"
	names, err := stackfile.List(dir)
	require.NoError(t, err)
	tmp := t.TempDir()
	checked := 0
	for _, name := range names {
		p, err := stackfile.Plan(context.Background(), dir, name, stacks.Build, stacks.KnownConfigKeys())
		require.NoError(t, err, name)
		for _, r := range p.Find(awstype.EC2Instance) {
			ud, ok := r.Inputs["userData"].(string)
			require.True(t, ok, "%s: %s has no userData string", name, r.Name)
			path := filepath.Join(tmp, r.Name+".yaml")
			require.NoError(t, os.WriteFile(path, []byte(ud), 0o600))
			res := run(t, os.Environ(), tool, "schema", "--config-file", path)
			assert.Equal(t, 0, res.code, "%s: %s%s", r.Name, res.stdout, res.stderr)
			assert.Empty(t, res.stderr, r.Name)
			checked++
		}
	}
	assert.GreaterOrEqual(t, checked, 4, "the shipped project stacks' bastions and workers")
}
