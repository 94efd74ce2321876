package cloudinit

import (
	"fmt"
	"regexp"
	"strings"
)

// sshdConfigPath is sce's sshd drop-in. Amazon Linux 2023's
// /etc/ssh/sshd_config includes /etc/ssh/sshd_config.d/*.conf on its first
// line, and 10-sce.conf sorts before the image's own 50-redhat.conf, so
// sce's global settings come first, and for sshd the first value wins.
const sshdConfigPath = "/etc/ssh/sshd_config.d/10-sce.conf"

// workerSSHPort is the one port the bastion forwards researchers to: the
// workers' sshd.
const workerSSHPort = 22

// pitInCommand is what a PIT may hold to be written into the bastion's
// ForceCommand, a shell command line.
var pitInCommand = regexp.MustCompile(`^[a-z0-9-]+$`)

// sshdConfig hardens sshd: keys only (each researcher's, from the
// root-owned authorizedKeysDir), no root, only researchers, no agent,
// X11, socket or tunnel forwarding, dead clients dropped, verbose logging
// of key fingerprints. Workers forward nothing. With securityKeysOnly, only
// security-key public keys are accepted, each login verified by the key
// (securityKeyLines). The bastion adds the jump-host block of bastionJumpOnly,
// and every host ends with noKeysCommand.
func sshdConfig(role Role, pit string, securityKeysOnly bool) string {
	lines := []string{
		"# sce: managed by cloud-init; the first value of a global setting wins,",
		"# and a Match block at the end overrides it for the users it matches.",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"PubkeyAuthentication yes",
		"AuthenticationMethods publickey",
		"AuthorizedKeysFile " + authorizedKeysFile,
		"PermitRootLogin no",
		"PermitEmptyPasswords no",
		"AllowGroups " + researcherGroup,
		"AllowAgentForwarding no",
		"AllowStreamLocalForwarding no",
		"X11Forwarding no",
		"AllowTcpForwarding no",
		"PermitTunnel no",
		"GatewayPorts no",
		"PermitUserEnvironment no",
		"MaxAuthTries 3",
		"LoginGraceTime 30",
		"ClientAliveInterval 300",
		"ClientAliveCountMax 3",
		"LogLevel VERBOSE",
		"Banner /etc/issue.net",
	}
	if securityKeysOnly {
		lines = append(lines, securityKeyLines()...)
	}
	if role == Bastion {
		lines = append(lines, bastionJumpOnly(pit)...)
	}
	lines = append(lines, noKeysCommand()...)
	return strings.Join(append(lines, ""), "\n")
}

// noKeysCommand makes the researchers' keys in authorizedKeysDir, written
// by cloud-init from sce:researchers, the only keys sshd accepts.
//
// Amazon Linux 2023 ships the ec2-instance-connect package, whose systemd
// drop-in for sshd.service (sshd.service.d/ec2-instance-connect.conf, see
// github.com/aws/aws-ec2-instance-connect-config, rpmsrc/SPECS/generic.spec)
// starts sshd with -o "AuthorizedKeysCommand
// /opt/aws/bin/eic_run_authorized_keys %u %f": it accepts any key pushed
// with ec2-instance-connect:SendSSHPublicKey, for any account. A
// command-line -o beats a global setting of the config file (the first value
// wins), but not a Match block, which sshd applies over it at every
// connection: this one matches every connection and turns the command off.
// AuthorizedKeysCommandUser is needed only with a command.
//
// It is the last block of the file: a Match block runs to the end of the
// file it is in, and it ends the bastion's Match Group block before it.
func noKeysCommand() []string {
	return []string{
		"# Only the keys sce writes: no AuthorizedKeysCommand, not even the one the",
		"# image's ec2-instance-connect package passes to sshd with -o.",
		"Match all",
		"    AuthorizedKeysCommand none",
	}
}

// bastionJumpOnly makes the internet-facing bastion a jump host and nothing
// else for researchers: no terminal, no shell, no command (ForceCommand
// refuses whatever they ask for, sftp included), no ~/.ssh/rc, no
// forwarding but local TCP forwarding (what ProxyJump uses), and that only
// to port 22.
//
// PermitOpen names the port but any host ("*:22"): sshd matches PermitOpen
// hosts as literal strings, without CIDR blocks, and the workers' addresses
// are known only once they exist. Listing them would make the bastion's user
// data depend on every worker, so replacing or adding a worker would replace
// the bastion (user data changes replace an instance), cutting every
// researcher's session and changing its host key. The destination network is
// held by the bastion's security group instead, whose only SSH egress is to
// the private subnets: together, a researcher reaches port 22 in the private
// subnets and nothing else.
//
// A Match block runs to the end of the file it is in or to the next Match
// (sshd ends it at the end of the file, so files read later stay global);
// only noKeysCommand's block follows it.
func bastionJumpOnly(pit string) []string {
	refusal := fmt.Sprintf("echo 'sce: %s-bastion is a jump host only: no shell, no commands, no file copies."+
		" Connect to a worker through it: ssh %s-worker-1' >&2; exit 1", pit, pit)
	return []string{
		"# The bastion is a jump host only: researchers may forward a connection to",
		"# a worker's SSH port (ProxyJump) and do nothing else here.",
		"Match Group " + researcherGroup,
		"    PermitTTY no",
		"    ForceCommand " + refusal,
		"    PermitUserRC no",
		"    X11Forwarding no",
		"    AllowAgentForwarding no",
		"    AllowStreamLocalForwarding no",
		"    GatewayPorts no",
		"    PermitTunnel no",
		"    AllowTcpForwarding local",
		fmt.Sprintf("    PermitOpen *:%d", workerSSHPort),
		"    PermitListen none",
	}
}

// SecurityKeyTypes are the OpenSSH public key types of FIDO2 security keys
// (ssh-keygen -t ed25519-sk or -t ecdsa-sk): the private key never leaves
// the hardware key, and every use needs the key's touch.
func SecurityKeyTypes() []string {
	return []string{"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"}
}

// securityKeyLines make a security key a second factor: sshd accepts no
// other public key type, and with verify-required a signature counts only
// when the key verified its holder (PIN or biometric) besides the touch.
func securityKeyLines() []string {
	return []string{
		"# Security keys only: the key's touch and PIN at every login (a second factor).",
		"PubkeyAcceptedAlgorithms " + strings.Join(SecurityKeyTypes(), ","),
		"PubkeyAuthOptions verify-required",
	}
}

// checkPIT refuses a PIT that cannot be written into the bastion's
// ForceCommand as it is.
func checkPIT(pit string) error {
	if !pitInCommand.MatchString(pit) {
		return fmt.Errorf("PIT %q may hold only a-z, 0-9 and '-': it is written into the bastion's sshd ForceCommand", pit)
	}
	return nil
}
