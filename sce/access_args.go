package sce

import (
	"github.com/sce-dev/sce/sce/internal/cloudinit"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/session"
)

// AccessMode is how researchers reach the project's instances over SSH
// (sce:access).
type AccessMode string

const (
	// AccessBastion is a jump host with an Elastic IP in the public subnet,
	// reachable on port 22 from sce:allowedSshCidrs (the zero value's choice).
	AccessBastion AccessMode = "bastion"
	// AccessSessionManager has no public host at all: researchers' SSH
	// travels through AWS Systems Manager Session Manager (the project's
	// own SSH session document, SSHSessionDocument, which reaches port 22
	// only), authenticated by their AWS identity
	// and then by their own key and Linux account, every session logged.
	AccessSessionManager AccessMode = "session-manager"
)

// Valid reports whether m is AccessBastion or AccessSessionManager.
func (m AccessMode) Valid() bool { return m == AccessBastion || m == AccessSessionManager }

// HasBastion reports whether the mode runs a bastion.
func (m AccessMode) HasBastion() bool { return m != AccessSessionManager }

// SecurityKeyTypes are the OpenSSH public key types of FIDO2 security keys,
// the only ones sshd accepts with RequireSecurityKeys.
func SecurityKeyTypes() []string { return cloudinit.SecurityKeyTypes() }

// SSHSessionDocument is the name of the Session document an
// AccessSessionManager project creates for its researchers' SSH,
// "<pit>-ssh-session": it reaches an instance's port 22 and no other, and it
// is the only document their policy lets them start a session with.
func SSHSessionDocument(pit string) string { return session.SSHDocumentName(naming.Namer{PIT: pit}) }
