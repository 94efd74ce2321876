package cloudinit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// This file is the test bench of sshd_e2e_test.go: it applies the users and
// sshd settings of rendered user data to this machine and runs real sshd
// processes on loopback addresses with them.

// commandBound ends a command that hangs, so that a regression fails the
// test instead of blocking it. It is a bound, not an assertion.
const commandBound = 60 * time.Second

// skipOrFail skips the test with why, or fails it under CI (CI set), where
// the test must run.
func skipOrFail(t *testing.T, why string) {
	t.Helper()
	skipOrFailWith(t, why, "run it as root on Linux with OpenSSH installed (.ci/run installs it)",
		"the access path is not tried with real OpenSSH here")
}

// skipOrFailWith is skipOrFail for a test that needs what need says, which
// skipping leaves untried.
func skipOrFailWith(t *testing.T, why, need, untried string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; CI is set, so this test must run: %s", why, need)
	}
	t.Skipf("%s: %s (under CI this fails)", why, untried)
}

// labTools checks what the bench needs and returns the absolute paths of
// the tools it runs: sshd must be started by its absolute path to re-exec.
func labTools(t *testing.T) map[string]string {
	t.Helper()
	if os.Geteuid() != 0 {
		skipOrFail(t, "not running as root (sshd, useradd and userdel need it)")
	}
	tools := map[string]string{}
	var missing []string
	for _, name := range []string{"sshd", "ssh", "scp", "ssh-keygen", "ssh-agent", "useradd", "userdel", "usermod", "groupadd", "groupdel", "cat"} {
		path, err := exec.LookPath(name)
		if err != nil {
			path, err = exec.LookPath(filepath.Join("/usr/sbin", name))
		}
		if err != nil {
			missing = append(missing, name)
			continue
		}
		tools[name], _ = filepath.Abs(path)
	}
	if len(missing) > 0 {
		skipOrFail(t, "missing "+strings.Join(missing, ", ")+" (apt-get install openssh-server openssh-client)")
	}
	lockLab(t)
	return tools
}

// run runs a command and returns its output; code is its exit code.
type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, env []string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandBound)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, &stdout, &stderr
	err := cmd.Run()
	require.NoError(t, ctx.Err(), "%s %s did not end within %s", name, strings.Join(args, " "), commandBound)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		require.NoError(t, err, "%s %s", name, strings.Join(args, " "))
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// mustRun runs a command that must succeed.
func mustRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	r := run(t, os.Environ(), name, args...)
	require.Equal(t, 0, r.code, "%s %s: %s%s", name, strings.Join(args, " "), r.stdout, r.stderr)
	return r.stdout
}

// userData is the part of a rendered #cloud-config the bench applies.
type userData struct {
	Groups []string `yaml:"groups"`
	Users  []struct {
		Name         string `yaml:"name"`
		Gecos        string `yaml:"gecos"`
		Shell        string `yaml:"shell"`
		PrimaryGroup string `yaml:"primary_group"`
		LockPasswd   bool   `yaml:"lock_passwd"`
	} `yaml:"users"`
	WriteFiles []struct {
		Path        string `yaml:"path"`
		Owner       string `yaml:"owner"`
		Permissions string `yaml:"permissions"`
		Content     string `yaml:"content"`
	} `yaml:"write_files"`
}

func parseUserData(t *testing.T, text string) userData {
	t.Helper()
	require.True(t, strings.HasPrefix(text, "#cloud-config\n"))
	var ud userData
	require.NoError(t, yaml.Unmarshal([]byte(text), &ud))
	return ud
}

// file returns the content cloud-init writes to path.
func (ud userData) file(t *testing.T, path string) string {
	t.Helper()
	for _, f := range ud.WriteFiles {
		if f.Path == path {
			return f.Content
		}
	}
	t.Fatalf("the user data writes no %s", path)
	return ""
}

// createAccounts makes the user data's groups and accounts as cloud-init
// would, with two differences: homes live under base instead of /home, and
// the locked password is "*" instead of "!" (see the test's substitutions).
// Everything is removed when the test ends. Names that already exist on
// this machine stop the test: it never changes accounts it did not make.
func createAccounts(t *testing.T, tools map[string]string, ud userData, base string) {
	t.Helper()
	for _, g := range ud.Groups {
		if _, err := user.LookupGroup(g); err == nil {
			t.Fatalf("group %s already exists on this machine (left by an interrupted run?): remove it with groupdel %s", g, g)
		}
		mustRun(t, tools["groupadd"], g)
		t.Cleanup(func() { mustRun(t, tools["groupdel"], g) })
	}
	for _, u := range ud.Users {
		if _, err := user.Lookup(u.Name); err == nil {
			t.Fatalf("user %s already exists on this machine (left by an interrupted run?): remove it with userdel -r %s", u.Name, u.Name)
		}
		require.True(t, u.LockPasswd, "%s: the user data locks every password", u.Name)
		home := filepath.Join(base, "home", u.Name)
		mustRun(t, tools["useradd"], "-m", "-d", home, "-g", u.PrimaryGroup, "-s", u.Shell, "-c", u.Gecos, u.Name)
		t.Cleanup(func() { mustRun(t, tools["userdel"], u.Name) })
		mustRun(t, tools["usermod"], "-p", "*", u.Name)
	}
}

// keysDir is where the user data puts the researchers' keys.
const keysDir = "/etc/ssh/authorized_keys/"

// installKeys writes the files the user data puts in keysDir into a
// directory of their own, as cloud-init would: owned by root, the
// directory 0755 and each file as the user data says (0644). The directory
// is under /run, whose every parent is root's and writable by root only,
// as sshd's StrictModes requires of the path to a key file that is not in
// the account's home (/tmp is writable by all). It returns the directory.
func installKeys(t *testing.T, ud userData) string {
	t.Helper()
	dir, err := os.MkdirTemp("/run", "sce-e2e-keys-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o755))
	n := 0
	for _, f := range ud.WriteFiles {
		name, ok := strings.CutPrefix(f.Path, keysDir)
		if !ok {
			continue
		}
		require.Equal(t, "root:root", f.Owner, f.Path)
		mode, err := strconv.ParseUint(f.Permissions, 8, 32)
		require.NoError(t, err, f.Path)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(f.Content), os.FileMode(mode)))
		require.NoError(t, os.Chmod(path, os.FileMode(mode)), "the umask does not change it")
		n++
	}
	require.Equal(t, len(ud.Users), n, "one key file per account")
	return dir
}

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freePort returns a TCP port nothing listens on at addr.
func freePort(t *testing.T, addr string) int {
	t.Helper()
	l, err := net.Listen("tcp", addr+":0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startSSHD runs `sshd -D -e -f config options...` until the test ends and returns
// its log, once sshd says it listens on addr:port.
func startSSHD(t *testing.T, sshd, config, addr string, port int, options ...string) *syncBuffer {
	t.Helper()
	log := &syncBuffer{}
	cmd := exec.Command(sshd, append([]string{"-D", "-e", "-f", config}, options...)...)
	cmd.Stdout, cmd.Stderr = log, log
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	ready := fmt.Sprintf("Server listening on %s port %d.", addr, port)
	deadline := time.Now().Add(commandBound)
	for !strings.Contains(log.String(), ready) {
		select {
		case <-exited:
			t.Fatalf("sshd -f %s stopped: %s", config, log.String())
		case <-time.After(50 * time.Millisecond):
		}
		require.True(t, time.Now().Before(deadline), "sshd -f %s did not listen within %s: %s", config, commandBound, log.String())
	}
	return log
}

// privsepDir makes sure sshd's privilege separation directory exists; the
// openssh-server package creates it at boot, which a container never has.
func privsepDir(t *testing.T) {
	t.Helper()
	const dir = "/run/sshd"
	if _, err := os.Stat(dir); err == nil {
		return
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	t.Cleanup(func() { _ = os.Remove(dir) })
}

// countingListener accepts TCP connections at addr and counts them.
type countingListener struct {
	net.Listener
	mu    sync.Mutex
	count int
}

func listen(t *testing.T, addr string) *countingListener {
	t.Helper()
	l, err := net.Listen("tcp", addr+":0")
	require.NoError(t, err)
	cl := &countingListener{Listener: l}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			cl.mu.Lock()
			cl.count++
			cl.mu.Unlock()
			_ = c.Close()
		}
	}()
	t.Cleanup(func() { _ = l.Close() })
	return cl
}

func (l *countingListener) port() int { return l.Addr().(*net.TCPAddr).Port }

func (l *countingListener) accepted() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.count
}

// startAgent runs an empty ssh-agent on socket until the test ends: the
// client asks for agent forwarding only when it has an agent.
func startAgent(t *testing.T, sshAgent, socket string) {
	t.Helper()
	log := &syncBuffer{}
	cmd := exec.Command(sshAgent, "-D", "-a", socket)
	cmd.Stdout, cmd.Stderr = log, log
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	deadline := time.Now().Add(commandBound)
	for {
		if _, err := os.Stat(socket); err == nil {
			return
		}
		select {
		case <-exited:
			t.Fatalf("ssh-agent stopped: %s", log.String())
		case <-time.After(50 * time.Millisecond):
		}
		require.True(t, time.Now().Before(deadline), "ssh-agent made no socket within %s", commandBound)
	}
}
