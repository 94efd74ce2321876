package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run sce in a child process (this test binary, re-executed)
// whose terminal is a pseudo-terminal that never answers a query, the way
// a terminal without OSC support or a slow remote session behaves. They
// assert on the bytes the child writes to the terminal.

// childEnv selects what the re-executed test binary runs instead of tests.
const childEnv = "SCE_TEST_CHILD"

// terminalQueries are the queries a terminal library sends to learn the
// background colour (OSC 11), the foreground colour (OSC 10), the cursor
// position (DSR) and the device attributes (DA1).
var terminalQueries = []string{"\x1b]11;?", "\x1b]10;?", "\x1b[6n", "\x1b[c"}

// TestMain runs the child's command when the test binary is re-executed.
func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "main":
		main() // sce with os.Args[1:]; exits
	case "closeout":
		os.Exit(closeoutChild())
	}
	os.Exit(m.Run())
}

// closeoutChild runs `sce closeout hipaa` on the real standard input, with
// close-out services that stop right after the confirmation.
func closeoutChild() int {
	l := testLifecycle()
	l.terminal = isTerminalInput
	root := &cobra.Command{Use: "sce", SilenceUsage: true, SilenceErrors: true}
	root.AddCommand(newLifecycleCommands(defaultApp(), l)...)
	root.SetArgs([]string{"closeout", "hipaa", "--state-dir", os.Getenv("SCE_TEST_STATE")})
	return exitCode(os.Stderr, root.ExecuteContext(context.Background()))
}

// TestNoTerminalQueryAtStart: a command that needs nothing from the terminal
// sends it no query, so it finishes without waiting for an answer.
func TestNoTerminalQueryAtStart(t *testing.T) {
	out, err := runOnSilentTerminal(t, "main", "", "version")
	require.NoError(t, err, out)
	for _, q := range terminalQueries {
		assert.NotContains(t, out, q)
	}
	assert.True(t, strings.HasPrefix(out, "sce "), "sce version printed: %q", out)
}

// TestCloseoutPromptGetsTypedStackName: the stack name typed at once, before
// the prompt shows, reaches the close-out confirmation instead of being read
// as a terminal's answer, and no query is sent.
func TestCloseoutPromptGetsTypedStackName(t *testing.T) {
	t.Setenv("SCE_TEST_STATE", t.TempDir())
	out, err := runOnSilentTerminal(t, "closeout", "hipaa\n")
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, out)
	assert.Equal(t, exitFailure, exit.ExitCode(), out)
	for _, q := range terminalQueries {
		assert.NotContains(t, out, q)
	}
	assert.Contains(t, out, "Type the stack name to continue: ")
	assert.Contains(t, out, "sce: cannot select Pulumi stack hipaa: no Pulumi CLI in this test",
		"the typed name was accepted and close-out went on to open the stack")
	assert.NotContains(t, out, "not confirmed")
}

// runOnSilentTerminal re-executes the test binary in mode child with args,
// its standard streams on a new pseudo-terminal that answers nothing; it
// types typed into the terminal at once and returns everything the child
// wrote to it.
func runOnSilentTerminal(t *testing.T, child, typed string, args ...string) (string, error) {
	t.Helper()
	master, slave := openPTY(t)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(withoutEnv(os.Environ(), "TERM", "CI", "COLORFGBG", childEnv),
		"TERM=xterm-256color", childEnv+"="+child)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	// Its own session with the pseudo-terminal as controlling terminal, in
	// the foreground: what a terminal library checks before it queries.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	require.NoError(t, cmd.Start())
	require.NoError(t, slave.Close())
	if typed != "" {
		_, err := master.WriteString(typed)
		require.NoError(t, err)
	}
	output := make(chan string, 1)
	go func() { output <- readAll(master) }()
	// A watchdog, not a timing assertion: a child stuck for a minute fails
	// the test instead of hanging it.
	watchdog := time.AfterFunc(time.Minute, func() { _ = cmd.Process.Kill() })
	defer watchdog.Stop()
	err := cmd.Wait()
	out := <-output
	return out, err
}

// readAll reads the master side until the child's side is closed (EIO).
func readAll(master *os.File) string {
	var b bytes.Buffer
	buf := make([]byte, 4096)
	for {
		n, err := master.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// openPTY opens a new pseudo-terminal pair with the Linux ptmx interface.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = master.Close() })
	unlock := int32(0)
	require.NoError(t, ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)), "unlockpt")
	var n uint32
	require.NoError(t, ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n)), "ptsname")
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { _ = slave.Close() })
	return master, slave
}

func ioctl(f *os.File, req uint, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(req), uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}

// withoutEnv drops the variables named keys from env.
func withoutEnv(env []string, keys ...string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, k := range keys {
			drop = drop || name == k
		}
		if !drop {
			out = append(out, kv)
		}
	}
	return out
}
