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

// authorizedKeysDir holds each researcher's key in a file named after the
// account, owned by root and readable by all: sshd reads only these
// (AuthorizedKeysFile in sshdConfig), so a researcher without sudo cannot
// let in another key, such as a colleague's, by adding it to
// ~/.ssh/authorized_keys (admins, root on the workers, can change anything
// there). Public keys are not secret.
const authorizedKeysDir = "/etc/ssh/authorized_keys"

// authorizedKeysFile is sshd's AuthorizedKeysFile: %u is the account.
const authorizedKeysFile = authorizedKeysDir + "/%u"

// authorizedKeyFiles are the files of authorizedKeysDir, one per
// researcher with their one key. cloud-init writes them before it creates
// the accounts, which root-owned files do not need. It makes the directory
// as root with its default umask (0755 under systemd's 022): not writable
// by group or others, as sshd's StrictModes requires.
func authorizedKeyFiles(users []User) []writeFile {
	files := make([]writeFile, 0, len(users))
	for _, r := range users {
		files = append(files, writeFile{Path: authorizedKeysDir + "/" + r.Username, Permissions: "0644",
			Owner: "root:root", Content: normalizedKey(r.PublicKey) + "\n"})
	}
	return files
}
