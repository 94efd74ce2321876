package cloudinit_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// lockLab makes concurrent runs of the bench on one machine (two checkouts
// tested at once) take turns: each creates the same group and accounts.
// The kernel drops the lock when the process ends, however it ends.
func lockLab(t *testing.T) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "sce-sshd-e2e.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	require.NoError(t, err)
	require.NoError(t, syscall.Flock(int(f.Fd()), syscall.LOCK_EX))
	t.Cleanup(func() { _ = f.Close() })
}
