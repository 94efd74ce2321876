//go:build linux

package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// nobody is the user (and group) ID of the unprivileged user nobody.
const nobody = 65534

// runAsNobody runs test t again, in this test binary, as the user nobody:
// for a test of what an ordinary user may not do and root may, where the
// tests run as root (as CI does). It fails t with the child's output unless
// the child ran the test and it passed.
func runAsNobody(t *testing.T) {
	t.Helper()
	dir, err := os.MkdirTemp("", "sce-as-nobody-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	tmp := filepath.Join(dir, "tmp")
	require.NoError(t, os.Mkdir(tmp, 0o700))
	require.NoError(t, os.Chown(tmp, nobody, nobody))
	require.NoError(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "sce.test")
	require.NoError(t, linkOrCopy(os.Args[0], bin))
	cmd := exec.Command(bin, "-test.run", "^"+t.Name()+"$", "-test.count", "1", "-test.v")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "HOME="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s as nobody:\n%s", t.Name(), out)
	require.Contains(t, string(out), "--- PASS: "+t.Name(), "%s as nobody:\n%s", t.Name(), out)
}

// linkOrCopy makes dst the file src, executable by anyone: a hard link
// where both are on one file system, else a copy.
func linkOrCopy(src, dst string) error {
	if os.Link(src, dst) == nil {
		return os.Chmod(dst, 0o755)
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
