package access

import (
	"strings"

	"golang.org/x/crypto/ssh"
)

// FallbackIdentity is the IdentityFile written for a researcher whose key
// type is not known: the file `ssh-keygen -t ed25519` writes.
const FallbackIdentity = "~/.ssh/id_ed25519"

// DefaultIdentity is the private key file ssh-keygen writes by default for
// the type of publicKey, an OpenSSH public key line (options in front
// allowed): the IdentityFile a researcher with that key most likely has.
// With IdentitiesOnly yes, ssh offers no other key, so a wrong default
// leaves the researcher locked out. A line that does not parse gets
// FallbackIdentity.
func DefaultIdentity(publicKey string) string {
	key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(publicKey))
	if err != nil {
		return FallbackIdentity
	}
	switch t := key.Type(); {
	case t == ssh.KeyAlgoRSA:
		return "~/.ssh/id_rsa"
	case strings.HasPrefix(t, "ecdsa-sha2-"):
		return "~/.ssh/id_ecdsa"
	case t == ssh.KeyAlgoSKED25519:
		return "~/.ssh/id_ed25519_sk"
	case t == ssh.KeyAlgoSKECDSA256:
		return "~/.ssh/id_ecdsa_sk"
	}
	return FallbackIdentity
}
