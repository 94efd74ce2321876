package sce

import (
	"fmt"

	"golang.org/x/crypto/ssh"
)

// validateAccess checks sce:access and, with sce:requireSecurityKeys, that
// every researcher's key is a FIDO2 security key.
func validateAccess(errs *ValidationErrors, a EnvironmentArgs) {
	if !a.Access.Valid() {
		errs.add("access", "%q is not an access mode: use bastion (a jump host with a public address) or "+
			"session-manager (no public host; SSH through AWS Systems Manager)", a.Access)
	}
	if !a.RequireSecurityKeys {
		return
	}
	for i, r := range a.Researchers {
		pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(r.PublicKey))
		if err != nil || pub.Type() == ssh.KeyAlgoSKED25519 || pub.Type() == ssh.KeyAlgoSKECDSA256 {
			continue // an unparsable key is reported by validateResearchers
		}
		errs.add(fmt.Sprintf("researchers[%d].publicKey", i), "is a %s key, and sce:requireSecurityKeys is true: "+
			"%s makes a FIDO2 security-key pair with ssh-keygen -t ed25519-sk (the key must be plugged in) and sends the .pub line",
			pub.Type(), r.Username)
	}
}
