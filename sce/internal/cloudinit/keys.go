package cloudinit

import (
	"strings"

	"golang.org/x/crypto/ssh"
)

// normalizedKey is the key re-encoded as "type base64 comment" with single
// spaces and no options, so user data carries exactly one clean line.
func normalizedKey(key string) string {
	pub, comment, _, _, err := ssh.ParseAuthorizedKey([]byte(key))
	if err != nil {
		return strings.TrimSpace(key)
	}
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
	if comment != "" {
		line += " " + comment
	}
	return line
}
