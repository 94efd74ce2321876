package cloudinit_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
)

// Security-key public keys. No FIDO2 authenticator is attached here, so
// `ssh-keygen -t ed25519-sk` cannot make them: these are well-formed OpenSSH
// wire encodings (a fresh Ed25519 key and P-256 point, application "ssh:"),
// which the test also has the real ssh-keygen read. No private key exists.
const (
	skEd25519Key = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIMBXYaxG0ZCGfELLjf3zOlEQ" +
		"gakfptfNDYbfFd/IWKokAAAABHNzaDo= ana@laptop"
	skECDSAKey = "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAy" +
		"NTYAAABBBMHGRD7Ccm1SHCQwfiHUbU/uC3i9J62MT9Tq11rgXZkClpo0jkxCedkii6Pbloaf0/difk6xmjt+Y4GAgh/1YBMAAAAEc3NoOg== ben@laptop"
)

// securityKeyHost renders role's user data for two researchers with
// security keys, with or without SecurityKeysOnly.
func securityKeyHost(t *testing.T, role cloudinit.Role, only bool) userData {
	t.Helper()
	text, err := cloudinit.Render(cloudinit.Host{Role: role, PIT: "lab", SSHLogGroup: "/sce/lab/ssh",
		DataVolumeID: "vol-0123456789abcdef0", SecurityKeysOnly: only, Users: []cloudinit.User{
			{Username: "ana", PublicKey: skEd25519Key, Admin: true}, {Username: "ben", PublicKey: skECDSAKey}}})
	require.NoError(t, err)
	return parseUserData(t, text)
}

func TestSecurityKeysOnlyDropIn(t *testing.T) {
	want := "Banner /etc/issue.net\n" +
		"# Security keys only: the key's touch and PIN at every login (a second factor).\n" +
		"PubkeyAcceptedAlgorithms sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com\n" +
		"PubkeyAuthOptions verify-required\n"
	for _, role := range []cloudinit.Role{cloudinit.Bastion, cloudinit.Worker} {
		dropIn := securityKeyHost(t, role, true).file(t, "/etc/ssh/sshd_config.d/10-sce.conf")
		assert.Contains(t, dropIn, want, role)
		assert.Less(t, strings.Index(dropIn, "PubkeyAuthOptions"), max(strings.Index(dropIn, "Match "), len(dropIn)),
			"%s: global settings come before the bastion's Match block", role)
		plain := securityKeyHost(t, role, false).file(t, "/etc/ssh/sshd_config.d/10-sce.conf")
		assert.NotContains(t, plain, "PubkeyAcceptedAlgorithms", role)
		assert.NotContains(t, plain, "PubkeyAuthOptions", role)
	}
	assert.Equal(t, []string{"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"}, cloudinit.SecurityKeyTypes())
}

// TestSecurityKeysOnlyWithRealSSHD has the real sshd check the rendered
// drop-in (sshd -t) and print its effective settings (sshd -T), for the
// bastion and a worker, and the real ssh-keygen read the researchers' keys.
func TestSecurityKeysOnlyWithRealSSHD(t *testing.T) {
	tools := labTools(t)
	dir := t.TempDir()
	for i, key := range []string{skEd25519Key, skECDSAKey} {
		path := filepath.Join(dir, fmt.Sprintf("key%d.pub", i))
		require.NoError(t, os.WriteFile(path, []byte(key+"\n"), 0o600))
		assert.Contains(t, mustRun(t, tools["ssh-keygen"], "-l", "-f", path), "-SK)", "ssh-keygen reads %s", key[:20])
	}
	hostKey := filepath.Join(dir, "host")
	mustRun(t, tools["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-f", hostKey)
	for _, role := range []cloudinit.Role{cloudinit.Bastion, cloudinit.Worker} {
		for _, only := range []bool{true, false} {
			name := fmt.Sprintf("%s-%t", role, only)
			main := writeSSHDConfig(t, filepath.Join(dir, name), securityKeyHost(t, role, only), hostKey)
			r := run(t, nil, tools["sshd"], "-t", "-f", main)
			require.Equal(t, 0, r.code, "sshd -t %s: %s", name, r.stderr)
			got := effective(t, tools["sshd"], main)
			if only {
				assert.Equal(t, "sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com", got["pubkeyacceptedalgorithms"], name)
				assert.Equal(t, "verify-required", got["pubkeyauthoptions"], name)
			} else {
				assert.Contains(t, got["pubkeyacceptedalgorithms"], "ssh-ed25519,", name)
				assert.Equal(t, "none", got["pubkeyauthoptions"], name)
			}
		}
	}
}

// writeSSHDConfig writes ud's drop-in (its banner path made local) and a
// main config including it, and returns the main config's path.
func writeSSHDConfig(t *testing.T, dir string, ud userData, hostKey string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o700))
	banner := filepath.Join(dir, "issue.net")
	require.NoError(t, os.WriteFile(banner, []byte(ud.file(t, "/etc/issue.net")), 0o644))
	dropIn := strings.Replace(ud.file(t, "/etc/ssh/sshd_config.d/10-sce.conf"), "Banner /etc/issue.net\n", "Banner "+banner+"\n", 1)
	dropInPath := filepath.Join(dir, "10-sce.conf")
	require.NoError(t, os.WriteFile(dropInPath, []byte(dropIn), 0o600))
	main := filepath.Join(dir, "sshd_config")
	require.NoError(t, os.WriteFile(main, []byte("Include "+dropInPath+"\nHostKey "+hostKey+"\nPidFile none\nUsePAM no\n"), 0o600))
	return main
}

// effective is sshd's effective configuration for researcher ana.
func effective(t *testing.T, sshd, main string) map[string]string {
	t.Helper()
	return settings(mustRun(t, sshd, "-T", "-f", main, "-C", "user=ana,host=localhost,addr=127.0.0.1"))
}

// settings reads sshd -T's output: one lower-case keyword and its value a line.
func settings(out string) map[string]string {
	got := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), " ")
		got[key] = value
	}
	return got
}
