package compute

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
)

// usernamePattern is a portable Linux user name (useradd's default rule).
const usernamePattern = `^[a-z_][a-z0-9_-]{0,31}$`

// reservedUsernames are accounts the image or the SCE uses; no researcher
// may take one (ec2-user in particular stays keyless). A researcher named
// like one would have their key written on a system account, which sshd's
// AllowGroups then refuses. Besides the base system's accounts:
// ec2-instance-connect, which the image's ec2-instance-connect package
// creates (github.com/aws/aws-ec2-instance-connect-config,
// rpmsrc/SPECS/generic.spec, %pre); ssm-user, which the SSM agent creates
// for Session Manager; cwagent, the CloudWatch agent's; libstoragemgmt and
// polkitd, system accounts of Fedora-family images.
func reservedUsernames() []string {
	return []string{
		"root", "ec2-user", "ssm-user", "ec2-instance-connect", "admin", "administrator", "bin", "daemon", "adm", "lp",
		"sync", "shutdown", "halt", "mail", "operator", "games", "ftp", "nobody", "sshd", "chrony", "dbus", "rpc",
		"rpcuser", "tss", "libstoragemgmt", "polkitd", "cwagent", "sce",
	}
}

// reservedPrefix starts the names of systemd's own accounts
// (systemd-network, systemd-resolve, systemd-timesync, systemd-coredump,
// systemd-oom, systemd-journal-remote: the sysusers.d files of
// github.com/systemd/systemd), and of any it adds later.
const reservedPrefix = "systemd-"

// allowedKeyTypes are the OpenSSH public key algorithms researchers may use.
func allowedKeyTypes() []string {
	return []string{
		ssh.KeyAlgoED25519, ssh.KeyAlgoRSA, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521,
		ssh.KeyAlgoSKED25519, ssh.KeyAlgoSKECDSA256,
	}
}

// minRSABits is the shortest RSA key accepted.
const minRSABits = 3072

// UsernameProblem says what is wrong with a researcher's username, or "".
func UsernameProblem(name string) string {
	switch {
	case name == "":
		return "is required: the researcher's Linux account name, for example jdoe"
	case !regexp.MustCompile(usernamePattern).MatchString(name):
		return "must start with a lowercase letter or '_' and contain only a-z, 0-9, '_' and '-', at most 32 characters"
	case slices.Contains(reservedUsernames(), name) || strings.HasPrefix(name, reservedPrefix):
		return "is reserved for the system: choose the researcher's own name, for example jdoe"
	}
	return ""
}

// PublicKeyProblem parses an OpenSSH public key line and says what is
// wrong with it, or "".
func PublicKeyProblem(key string) string {
	if key == "" {
		return "is required: the researcher's OpenSSH public key (the one line in ~/.ssh/id_ed25519.pub)"
	}
	if strings.Contains(key, "PRIVATE KEY") {
		return "is a PRIVATE key: it must never leave the researcher's machine; ask for the .pub file, and have them make a new key pair"
	}
	pub, _, _, rest, err := ssh.ParseAuthorizedKey([]byte(key))
	switch {
	case err != nil:
		return "is not an OpenSSH public key line such as \"ssh-ed25519 AAAAC3Nza... jdoe@laptop\""
	case len(strings.TrimSpace(string(rest))) > 0:
		return "holds more than one key: give each researcher exactly one key"
	case !slices.Contains(allowedKeyTypes(), pub.Type()):
		return "uses " + pub.Type() + ", which sce does not accept: use ssh-ed25519 (ssh-keygen -t ed25519)"
	case pub.Type() == ssh.KeyAlgoRSA && rsaBits(pub) < minRSABits:
		return "is an RSA key shorter than 3072 bits: use ssh-ed25519 (ssh-keygen -t ed25519)"
	}
	return ""
}

// rsaBits returns the modulus length of an RSA public key, 0 otherwise.
func rsaBits(pub ssh.PublicKey) int {
	ck, ok := pub.(ssh.CryptoPublicKey)
	if !ok {
		return 0
	}
	if k, ok := ck.CryptoPublicKey().(interface{ Size() int }); ok {
		return k.Size() * 8
	}
	return 0
}
