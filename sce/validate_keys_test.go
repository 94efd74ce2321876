package sce

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Security-key (FIDO2) public keys: well-formed OpenSSH encodings of a fresh
// Ed25519 key and P-256 point with application "ssh:", which the real
// ssh-keygen reads (sce/internal/cloudinit checks that). No authenticator
// was at hand to make them with ssh-keygen -t ed25519-sk; no private key exists.
const (
	testKeySKEd25519 = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIMBXYaxG0ZCGfELLjf3zOlEQ" +
		"gakfptfNDYbfFd/IWKokAAAABHNzaDo= ana@laptop"
	testKeySKECDSA = "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAy" +
		"NTYAAABBBMHGRD7Ccm1SHCQwfiHUbU/uC3i9J62MT9Tq11rgXZkClpo0jkxCedkii6Pbloaf0/difk6xmjt+Y4GAgh/1YBMAAAAEc3NoOg== ben@laptop"
)

func TestValidateAcceptsSecurityKeys(t *testing.T) {
	a := validArgs()
	a.Researchers = []Researcher{{Username: "ana", PublicKey: testKeySKEd25519}, {Username: "ben", PublicKey: testKeySKECDSA}}
	assert.Nil(t, fieldErrors(t, "hipaa", a))
}

// TestValidateRefusesBrokenSecurityKeys: the key blob is parsed, not the
// type name trusted: a security-key line whose blob is cut short, or whose
// blob is of another type than its name, is refused with the config key.
func TestValidateRefusesBrokenSecurityKeys(t *testing.T) {
	a := validArgs()
	a.Researchers = []Researcher{
		{Username: "ana", PublicKey: testKeySKEd25519[:70] + " ana@laptop"},
		{Username: "ben", PublicKey: "sk-ecdsa-sha2-nistp256@openssh.com " + testKeySKEd25519[len("sk-ssh-ed25519@openssh.com "):]},
	}
	notKey := `is not an OpenSSH public key line such as "ssh-ed25519 AAAAC3Nza... jdoe@laptop"`
	assert.Equal(t, []string{"sce:researchers[0].publicKey: " + notKey, "sce:researchers[1].publicKey: " + notKey},
		fieldErrors(t, "hipaa", a))
}
