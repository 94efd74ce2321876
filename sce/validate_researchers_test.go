package sce

import (
	"crypto/ed25519"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"
)

// researchersWithPattern returns n researchers, each with a key of their
// own, whose unknown-user filter pattern has exactly patternLen characters:
// `"Accepted publickey for"` (24) plus ` -"Accepted publickey for <u> from"`
// (32 + len(u)) per researcher. All but the last are named r00, r01...
func researchersWithPattern(t *testing.T, n, patternLen int) []Researcher {
	t.Helper()
	rs := make([]Researcher, n)
	used := 24
	for i := range n {
		name := fmt.Sprintf("r%02d", i)
		if i == n-1 {
			name += strings.Repeat("x", patternLen-used-32-len(name))
		}
		used += 32 + len(name)
		seed := make([]byte, ed25519.SeedSize)
		seed[0] = byte(i + 1)
		pub, err := ssh.NewPublicKey(ed25519.NewKeyFromSeed(seed).Public())
		require.NoError(t, err)
		key := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub))) + " " + name + "@laptop"
		rs[i] = Researcher{Username: name, PublicKey: key}
	}
	require.Equal(t, patternLen, used)
	return rs
}

func TestValidateRefusesResearchersBeyondTheUnknownUserPattern(t *testing.T) {
	a := validArgs()
	a.Researchers = researchersWithPattern(t, 28, 1025)
	assert.Equal(t, []string{
		"sce:researchers: has 28 researchers, too many for the unknown-user alarm's filter pattern " +
			"(1025 of 1024 characters): split the project or ask for this limit to be lifted",
	}, fieldErrors(t, "hipaa", a))
}

func TestValidateAcceptsResearchersFillingTheUnknownUserPattern(t *testing.T) {
	a := validArgs()
	a.Researchers = researchersWithPattern(t, 28, 1024)
	assert.Nil(t, fieldErrors(t, "hipaa", a), "a pattern of exactly 1,024 characters is within CloudWatch Logs' limit")
}
