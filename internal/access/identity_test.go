package access

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"
)

// Security-key public keys (no authenticator is needed to write one down):
// well-formed OpenSSH encodings, application "ssh:".
const (
	skEd25519Key = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIMBXYaxG0ZCGfELLjf3zOlEQ" +
		"gakfptfNDYbfFd/IWKokAAAABHNzaDo= ana@laptop"
	skECDSAKey = "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAy" +
		"NTYAAABBBMHGRD7Ccm1SHCQwfiHUbU/uC3i9J62MT9Tq11rgXZkClpo0jkxCedkii6Pbloaf0/difk6xmjt+Y4GAgh/1YBMAAAAEc3NoOg== ben@laptop"
)

// authorizedKey is the OpenSSH public key line of pub.
func authorizedKey(t *testing.T, pub crypto.PublicKey) string {
	t.Helper()
	key, err := ssh.NewPublicKey(pub)
	require.NoError(t, err)
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key))) + " ana@laptop"
}

func TestDefaultIdentityFollowsTheKeyType(t *testing.T) {
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	require.NoError(t, err)
	rsaPriv, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ed, rsaKey := authorizedKey(t, edPub), authorizedKey(t, &rsaPriv.PublicKey)
	for _, c := range []struct{ key, want string }{
		{ed, "~/.ssh/id_ed25519"},
		{authorizedKey(t, &p256.PublicKey), "~/.ssh/id_ecdsa"},
		{authorizedKey(t, &p384.PublicKey), "~/.ssh/id_ecdsa"},
		{rsaKey, "~/.ssh/id_rsa"},
		{skEd25519Key, "~/.ssh/id_ed25519_sk"},
		{skECDSAKey, "~/.ssh/id_ecdsa_sk"},
		{`no-pty,from="10.0.0.0/8" ` + rsaKey, "~/.ssh/id_rsa"},
		{"not a key", "~/.ssh/id_ed25519"},
		{"", "~/.ssh/id_ed25519"},
	} {
		assert.Equal(t, c.want, DefaultIdentity(c.key), c.key[:min(len(c.key), 30)])
	}
}

func TestRenderWritesEachResearchersIdentity(t *testing.T) {
	ids := map[string]string{"kresearcher": "~/.ssh/id_ed25519_sk", "analyst": "~/.ssh/id_ecdsa"}
	var buf strings.Builder
	require.NoError(t, Render(&buf, omopProject(), Options{Identities: ids}))
	out := buf.String()
	assert.Equal(t, 3, strings.Count(out, "    User kresearcher\n    IdentityFile ~/.ssh/id_ed25519_sk\n"), out)
	assert.Equal(t, 3, strings.Count(out, "    User analyst\n    IdentityFile ~/.ssh/id_ecdsa\n"), out)

	buf.Reset()
	require.NoError(t, Render(&buf, omopProject(), Options{Identities: ids, Identity: "~/.ssh/omop"}))
	assert.Equal(t, 6, strings.Count(buf.String(), "    IdentityFile ~/.ssh/omop\n"), "an explicit --identity wins")

	buf.Reset()
	require.NoError(t, Render(&buf, omopProject(), Options{Identities: map[string]string{"analyst": "~/.ssh/id_ecdsa"}}))
	assert.Equal(t, 3, strings.Count(buf.String(), "    User kresearcher\n    IdentityFile ~/.ssh/id_ed25519\n"),
		"a researcher without a known key gets the fallback")
}
