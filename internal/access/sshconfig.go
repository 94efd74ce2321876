package access

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/sce-dev/sce/sce"
)

// ErrUnknownResearcher is returned by Render for a researcher the project does not have.
var ErrUnknownResearcher = errors.New("unknown researcher")

// ErrBadIdentity is returned by Render for an identity path that no ssh
// config line can hold.
var ErrBadIdentity = errors.New("bad identity file path")

// Options choose what Render prints.
type Options struct {
	// Researcher limits the output to one researcher; empty means all.
	Researcher string
	// Identity is the private key path written into IdentityFile for every
	// researcher; empty means each researcher's entry in Identities.
	Identity string
	// Identities are the IdentityFile of each researcher when Identity is
	// empty, usually DefaultIdentity of their key; a researcher not in it
	// gets FallbackIdentity.
	Identities map[string]string
	// Schedule is the project's working hours (sce:schedule), written as a
	// comment; nil when the instances run until stopped.
	Schedule *sce.ScheduleArgs
}

// Render writes an ssh config: one section of Host blocks per researcher,
// and the data transfer commands as comments, so that the whole output is
// a valid ssh config, to save as ConfigFile and include from ~/.ssh/config.
func Render(w io.Writer, p Project, o Options) error {
	users := p.Researchers
	if o.Researcher != "" {
		if !slices.Contains(users, o.Researcher) {
			return fmt.Errorf("%w: --researcher %q is not a researcher of project %s: use one of %s",
				ErrUnknownResearcher, o.Researcher, p.PIT, strings.Join(users, ", "))
		}
		users = []string{o.Researcher}
	}
	var b strings.Builder
	writeHeader(&b, p, len(users))
	writeSchedule(&b, o.Schedule)
	for _, u := range users {
		identity, err := configPath(o.identity(u))
		if err != nil {
			return err
		}
		writeUser(&b, p, u, identity)
	}
	writeTransfer(&b, p)
	_, err := io.WriteString(w, b.String())
	return err
}

// identity is the private key path to write for user.
func (o Options) identity(user string) string {
	if o.Identity != "" {
		return o.Identity
	}
	if path := o.Identities[user]; path != "" {
		return path
	}
	return FallbackIdentity
}

// writeHeader says where the addresses come from, how to install the
// config, what to do when the instances are replaced and, when the output
// holds several researchers, that each keeps only their own section.
func writeHeader(b *strings.Builder, p Project, researchers int) {
	if p.Offline {
		fmt.Fprintf(b, "# OFFLINE: from the offline plan of %s; the addresses below are placeholders, not real hosts.\n"+
			"# Once the stack is deployed, run: pulumi stack output --json -s %s > outputs.json\n"+
			"#                                 sce access %s --outputs outputs.json\n\n", p.PIT, p.PIT, p.PIT)
	}
	writeInstall(b, p)
	b.WriteString("# A FIDO2 security key (YubiKey, Titan ...) makes every login need its touch and PIN, a second\n" +
		"# factor: ssh-keygen -t ed25519-sk -O verify-required -f ~/.ssh/id_ed25519_sk, then send IT the .pub\n" +
		"# line; once it is in the stack file, IdentityFile below names the file for its key type\n" +
		"# (~/.ssh/id_ed25519_sk, or id_ecdsa_sk), unless IT chose another with --identity. Projects with\n" +
		"# sce:requireSecurityKeys accept no other key.\n\n")
	if researchers > 1 {
		fmt.Fprintf(b, "# One section per researcher. ssh uses the first Host block that matches a name, so each\n"+
			"# researcher keeps only their own section: sce access %s --researcher <username> > %s\n\n", p.PIT, ConfigFile(p.PIT))
	}
}

// ConfigFile is where a researcher saves the config of project pit, a
// file of its own that ~/.ssh/config includes.
func ConfigFile(pit string) string { return "~/.ssh/sce-" + pit + ".conf" }

// writeInstall says how to install the config, to check each host key's
// fingerprint at the first connection, and that a change to the
// researchers replaces the instances: new addresses and host keys.
func writeInstall(b *strings.Builder, p Project) {
	fmt.Fprintf(b, "# Save this as %[1]s and put this line at the TOP of ~/.ssh/config:\n"+
		"#     Include %[1]s\n"+
		"# ssh takes the first value it finds for a setting, so a Host * block above the Include would\n"+
		"# override the settings below.\n"+
		"# The first connection to each host asks you to confirm its key: answer yes only when the SHA256\n"+
		"# fingerprint ssh shows is one IT gave you (IT reads them from the instances' consoles).\n"+
		"# Every change to the project's researchers replaces its instances: new worker addresses and new\n"+
		"# host keys. Then ask IT for a new config", ConfigFile(p.PIT))
	if p.SessionManager() {
		b.WriteString(".\n\n")
		return
	}
	fmt.Fprintf(b, " and remove the bastion's old host key: ssh-keygen -R %s\n\n", p.BastionIP)
}

// writeSchedule says when the schedule stops the instances, ending every
// session, and whether it starts them again.
func writeSchedule(b *strings.Builder, s *sce.ScheduleArgs) {
	if s == nil {
		return
	}
	if s.AutoStart {
		fmt.Fprintf(b, "# Working hours: the instances run %s-%s on %s (%s time) and are stopped outside them,\n"+
			"# which ends every session: save your work before %s.\n\n", s.Start, s.Stop, s.Days, s.TimeZone, s.Stop)
		return
	}
	fmt.Fprintf(b, "# Working hours: the instances stop at %s on %s (%s time), which ends every session: save\n"+
		"# your work before then. They do not start by themselves: ask IT to start them.\n\n", s.Stop, s.Days, s.TimeZone)
}

// writeUser writes the ~/.ssh/config section of one researcher.
func writeUser(b *strings.Builder, p Project, user, identity string) {
	if p.SessionManager() {
		writeSessionUser(b, p, user, identity)
		return
	}
	bastion := p.PIT + "-bastion"
	fmt.Fprintf(b, "# ssh config for %s, project %s. Your private key stays on your machine:\n"+
		"# the bastion only forwards your connection (ProxyJump); it never holds a key.\n"+
		"# %s is a jump host only: it runs no shell and no command for you; work on a worker.\n", user, p.PIT, bastion)
	host(b, bastion, p.BastionIP, user, identity, "")
	for _, w := range p.Workers {
		host(b, w.Name, w.PrivateIP, user, identity, bastion)
	}
}

// writeSessionUser writes a researcher's section in session-manager mode:
// each worker by instance ID, reached through a Session Manager session
// that carries SSH to port 22 through the project's own SSH session document
// (the AWS CLI and its Session Manager plugin run it).
func writeSessionUser(b *strings.Builder, p Project, user, identity string) {
	fmt.Fprintf(b, "# ssh config for %s, project %s. There is no bastion: ssh reaches each worker through\n"+
		"# AWS Systems Manager Session Manager. You need the AWS CLI, its Session Manager plugin, and AWS\n"+
		"# credentials for an identity IT attached the policy %s-researcher-session to.\n"+
		"# Your private key stays on your machine; the worker still checks it and your own account.\n", user, p.PIT, p.PIT)
	for _, w := range p.Workers {
		fmt.Fprintf(b, "Host %s\n    HostName %s\n    User %s\n    IdentityFile %s\n    IdentitiesOnly yes\n    ForwardAgent no\n"+
			"    ProxyCommand aws ssm start-session --region %s --target %%h --document-name %s --parameters portNumber=%%p\n\n",
			w.Name, w.InstanceID, user, identity, p.Region(), sce.SSHSessionDocument(p.PIT))
	}
}

func host(b *strings.Builder, name, addr, user, identity, jump string) {
	fmt.Fprintf(b, "Host %s\n    HostName %s\n    User %s\n    IdentityFile %s\n    IdentitiesOnly yes\n    ForwardAgent no\n",
		name, addr, user, identity)
	if jump != "" {
		fmt.Fprintf(b, "    ProxyJump %s\n", jump)
	}
	b.WriteString("\n")
}

// writeTransfer writes how data gets in, as comments: to the data-in bucket
// (encrypted with the project key) or straight to a worker's /data over SSH.
func writeTransfer(b *strings.Builder, p Project) {
	fmt.Fprintf(b, "# Bring data in (commands to run on your machine, not ssh settings):\n"+
		"# - to the project's data-in bucket, with AWS credentials allowed to write there\n"+
		"#   (the bucket refuses any other encryption):\n"+
		"#     aws s3 cp FILE s3://%s/ --sse aws:kms --sse-kms-key-id %s\n", p.DataInBucket, p.KmsKeyArn)
	if len(p.Workers) > 0 {
		via := "through the bastion"
		if p.SessionManager() {
			via = "through Session Manager"
		}
		fmt.Fprintf(b, "# - or to a worker's encrypted /data volume, "+via+":\n"+
			"#     scp FILE %s:/data/\n", p.Workers[0].Name)
	}
}

// configPath is a path as an ssh config argument: '%' escaped (ssh expands
// %-tokens in IdentityFile), in double quotes when it holds a blank or '#'.
// A double quote or a control character cannot be written at all.
func configPath(path string) (string, error) {
	if strings.ContainsFunc(path, func(r rune) bool { return r == '"' || unicode.IsControl(r) }) {
		return "", fmt.Errorf("%w: --identity %q holds a double quote or a control character, which an ssh config line cannot hold: "+
			"rename the key file or link it under a plain name", ErrBadIdentity, path)
	}
	path = strings.ReplaceAll(path, "%", "%%")
	if strings.ContainsFunc(path, func(r rune) bool { return r == '#' || unicode.IsSpace(r) }) {
		path = `"` + path + `"`
	}
	return path, nil
}
