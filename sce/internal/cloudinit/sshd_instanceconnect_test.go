package cloudinit_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce/internal/cloudinit"
)

// instanceConnectOptions are the options Amazon Linux 2023's
// ec2-instance-connect package adds to sshd's command line
// (sshd.service.d/ec2-instance-connect.conf of
// github.com/aws/aws-ec2-instance-connect-config): sshd then accepts any key
// pushed with ec2-instance-connect:SendSSHPublicKey, for any account.
var instanceConnectOptions = []string{
	"-o", "AuthorizedKeysCommand /opt/aws/bin/eic_run_authorized_keys %u %f",
	"-o", "AuthorizedKeysCommandUser ec2-instance-connect",
}

// TestInstanceConnectKeysRefusedWithRealSSHD has the real sshd, started as
// the ec2-instance-connect package starts it, print its effective settings
// for a researcher's and another account's connection to the bastion and a
// worker: the drop-in's last Match block turns the command off, so the
// only keys are those in the researchers' authorized_keys.
func TestInstanceConnectKeysRefusedWithRealSSHD(t *testing.T) {
	tools := labTools(t)
	dir := t.TempDir()
	hostKey := filepath.Join(dir, "host")
	mustRun(t, tools["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-f", hostKey)
	for _, role := range []cloudinit.Role{cloudinit.Bastion, cloudinit.Worker} {
		main := writeSSHDConfig(t, filepath.Join(dir, string(role)), securityKeyHost(t, role, false), hostKey)
		r := run(t, nil, tools["sshd"], append([]string{"-t", "-f", main}, instanceConnectOptions...)...)
		require.Equal(t, 0, r.code, "sshd -t %s: %s", role, r.stderr)
		for _, user := range []string{"ana", "ec2-user"} {
			args := append([]string{"-T", "-f", main, "-C", "user=" + user + ",host=localhost,addr=127.0.0.1"}, instanceConnectOptions...)
			got := settings(mustRun(t, tools["sshd"], args...))
			assert.Equal(t, "none", got["authorizedkeyscommand"], "%s, %s", role, user)
		}
	}
}
