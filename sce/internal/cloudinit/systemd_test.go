package cloudinit_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
)

// auditdDropIn is where a worker's user data puts auditd's drop-in.
const auditdDropIn = "/etc/systemd/system/auditd.service.d/sce-after-data.conf"

// workerDropIn is the content of auditd's drop-in in a worker's user data.
func workerDropIn(t *testing.T) string {
	t.Helper()
	ud, err := cloudinit.Render(cloudinit.Host{Role: cloudinit.Worker, PIT: "lab", SSHLogGroup: "/sce/lab/ssh",
		DataVolumeID: "vol-0123456789abcdef0", Users: []cloudinit.User{{Username: "ana", PublicKey: skEd25519Key}}})
	require.NoError(t, err)
	var doc struct {
		WriteFiles []struct{ Path, Content string } `yaml:"write_files"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(ud), &doc))
	for _, f := range doc.WriteFiles {
		if f.Path == auditdDropIn {
			return f.Content
		}
	}
	t.Fatalf("no %s in the worker's user data", auditdDropIn)
	return ""
}

// TestAuditdDropInVerifies checks the workers' auditd drop-in with systemd's
// own `systemd-analyze verify`, beside a stand-in auditd.service and the
// data.mount unit systemd makes of the mount script's fstab line: nothing
// to report. The same drop-in with a misspelled key, the control, is
// reported, so the check reads the drop-in.
func TestAuditdDropInVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		skipOrFailWith(t, "systemd-analyze is not installed", "install systemd (.ci/run does)",
			"auditd's drop-in is not checked by systemd here")
	}
	dropIn := workerDropIn(t)
	verify := func(content string) string {
		dir := t.TempDir()
		require.NoError(t, os.Mkdir(filepath.Join(dir, "auditd.service.d"), 0o755))
		units := map[string]string{
			"auditd.service":                       "[Unit]\nDescription=stand-in\nDefaultDependencies=no\n[Service]\nType=forking\nExecStart=/bin/true\n",
			"data.mount":                           "[Mount]\nWhat=/dev/disk/by-uuid/0\nWhere=/data\nType=xfs\n",
			"auditd.service.d/sce-after-data.conf": content,
		}
		for name, c := range units {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(c), 0o644))
		}
		cmd := exec.Command(analyze, "verify", "--man=no", filepath.Join(dir, "auditd.service"))
		cmd.Env = append(os.Environ(), "SYSTEMD_UNIT_PATH="+dir+":")
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	assert.Contains(t, dropIn, "After=data.mount\n")
	assert.Empty(t, verify(dropIn))
	assert.Contains(t, verify(strings.Replace(dropIn, "Wants=", "Wantz=", 1)), "Unknown key 'Wantz' in section [Unit]")
}
