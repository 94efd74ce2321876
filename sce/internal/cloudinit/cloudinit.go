// Package cloudinit renders the #cloud-config user data of an SCE instance:
// one locked-password account per researcher with only their SSH key, sshd
// hardening, the login banner, the idle timeout, audit rules, log shipping
// to CloudWatch and, on workers, the script that mounts the /data volume.
package cloudinit

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Role is what an instance is for; it decides its SSH and sudo rules.
type Role string

// The roles of an instance.
const (
	// Bastion is the SSH jump host.
	Bastion Role = "bastion"
	// Worker is an instance researchers work on, in the private subnet.
	Worker Role = "worker"
)

// researcherGroup is the Linux group of every researcher; sshd admits only it.
const researcherGroup = "sce-researchers"

// Host is everything an instance's cloud-init needs. It holds no
// secret: keys are public keys, and AWS access comes from the instance role.
type Host struct {
	// Role is bastion or worker.
	Role Role
	// PIT is the project the instance belongs to.
	PIT string
	// Users are the researchers with an account on the instance.
	Users []User
	// SSHLogGroup receives /var/log/secure and the audit log.
	SSHLogGroup string
	// DataVolumeID is the EBS volume mounted at /data (workers only).
	DataVolumeID string
	// SecurityKeysOnly limits sshd to FIDO2 security-key public keys and
	// requires the key's user verification (PIN) at every login.
	SecurityKeysOnly bool
}

// User is one researcher's account.
type User struct {
	// Username is the Linux account name.
	Username string
	// PublicKey is the researcher's OpenSSH public key line.
	PublicKey string
	// Admin grants sudo on workers (never on the bastion).
	Admin bool
}

// cloudConfig is the #cloud-config document; yaml.v3 renders it.
type cloudConfig struct {
	Groups         []string    `yaml:"groups"`
	Users          []cloudUser `yaml:"users"`
	SSHPwauth      bool        `yaml:"ssh_pwauth"`
	DisableRoot    bool        `yaml:"disable_root"`
	PackageUpgrade bool        `yaml:"package_upgrade"`
	Packages       []string    `yaml:"packages"`
	WriteFiles     []writeFile `yaml:"write_files"`
	Runcmd         []command   `yaml:"runcmd"`
}

// command is one runcmd entry, an argument vector rendered on one line
// ([systemctl, restart, sshd]) so the user data reads like the commands.
type command []string

// MarshalYAML renders the command as a flow sequence.
func (c command) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, arg := range c {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: arg})
	}
	return n, nil
}

// cloudUser is one account. ec2-user is not listed, so it is never created
// with a key: every login is a named researcher (45 CFR 164.312(a)(2)(i)).
// Its key is not here but in a root-owned file (authorizedKeyFiles).
type cloudUser struct {
	Name         string `yaml:"name"`
	Gecos        string `yaml:"gecos"`
	Shell        string `yaml:"shell"`
	PrimaryGroup string `yaml:"primary_group"`
	LockPasswd   bool   `yaml:"lock_passwd"`
	Sudo         string `yaml:"sudo,omitempty"`
}

type writeFile struct {
	Path        string `yaml:"path"`
	Permissions string `yaml:"permissions"`
	Owner       string `yaml:"owner"`
	Content     string `yaml:"content"`
}

// Render renders an instance's user data.
func Render(h Host) (string, error) {
	if err := checkPIT(h.PIT); err != nil {
		return "", fmt.Errorf("render cloud-init for %s: %w", h.Role, err)
	}
	cfg := cloudConfig{
		Groups:         []string{researcherGroup},
		Users:          cloudUsers(h),
		SSHPwauth:      false,
		DisableRoot:    true,
		PackageUpgrade: true,
		Packages:       []string{"rsyslog", "amazon-cloudwatch-agent", "audit"},
		WriteFiles:     hostFiles(h),
		Runcmd:         hostCommands(h),
	}
	var buf bytes.Buffer
	buf.WriteString("#cloud-config\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(cfg); err != nil {
		return "", fmt.Errorf("render cloud-init for %s: %w", h.Role, err)
	}
	if err := enc.Close(); err != nil {
		return "", fmt.Errorf("render cloud-init for %s: %w", h.Role, err)
	}
	return buf.String(), nil
}

// cloudUsers makes one locked-password account per researcher with only
// their key; admins get sudo on workers, nobody on the bastion.
func cloudUsers(h Host) []cloudUser {
	users := make([]cloudUser, 0, len(h.Users))
	for _, r := range h.Users {
		u := cloudUser{
			Name: r.Username, Gecos: "SCE " + h.PIT + " researcher " + r.Username, Shell: "/bin/bash",
			PrimaryGroup: researcherGroup, LockPasswd: true,
		}
		if r.Admin && h.Role == Worker {
			u.Sudo = "ALL=(ALL) NOPASSWD:ALL"
		}
		users = append(users, u)
	}
	return users
}

// hostFiles are the files cloud-init writes: sshd hardening, the login
// banner, each researcher's key, the idle timeout, audit rules, the CloudWatch agent's log
// shipping, and on workers the /data mount script.
func hostFiles(h Host) []writeFile {
	files := []writeFile{
		{Path: sshdConfigPath, Permissions: "0600", Owner: "root:root", Content: sshdConfig(h.Role, h.PIT, h.SecurityKeysOnly)},
		{Path: "/etc/issue.net", Permissions: "0644", Owner: "root:root", Content: loginBanner(h.PIT)},
		{Path: "/etc/profile.d/sce-timeout.sh", Permissions: "0644", Owner: "root:root", Content: idleTimeout},
		{Path: auditRulesStaged, Permissions: "0600", Owner: "root:root", Content: auditRules(h.Role)},
		{Path: cloudWatchAgentConfigPath, Permissions: "0644", Owner: "root:root", Content: cloudWatchAgentConfig(h.SSHLogGroup)},
	}
	files = append(files, authorizedKeyFiles(h.Users)...)
	if h.Role == Worker {
		files = append(files,
			writeFile{Path: mountScriptPath, Permissions: "0700", Owner: "root:root", Content: mountScript(h.DataVolumeID)},
			writeFile{Path: auditdAfterDataPath, Permissions: "0644", Owner: "root:root", Content: auditdAfterData})
	}
	return files
}

// hostCommands start the logging services, apply the sshd settings, on
// workers mount /data, and then move sce's audit rules into place (see
// auditRulesStaged) and load them: auditctl makes
// -w /data a watch of the directory tree only if /data is a directory when
// the rule is loaded (else a watch of the path alone), and -e 2 locks the
// rules until reboot, so the data volume is mounted first. Before loading,
// any "never audit a task" rule the image ships is removed (see
// dropTaskNever).
func hostCommands(h Host) []command {
	cmds := []command{
		{"systemctl", "enable", "--now", "rsyslog"},
		{"systemctl", "restart", "sshd"},
		{"/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl", "-a", "fetch-config", "-m", "ec2", "-s",
			"-c", "file:" + cloudWatchAgentConfigPath},
	}
	if h.Role == Worker {
		cmds = append(cmds, command{mountScriptPath})
	}
	return append(cmds, command{"mv", auditRulesStaged, auditRulesFile},
		command{"sh", "-c", dropTaskNever(auditRulesDir)}, command{"augenrules", "--load"})
}

// loginBanner is shown before authentication.
func loginBanner(pit string) string {
	return strings.Join([]string{
		"Authorized use only. This system of project " + pit + " holds protected health information.",
		"Every session and command is logged and monitored (45 CFR 164.312(b)).",
		"Disconnect now if you are not a researcher of this project.",
		"",
	}, "\n")
}

// idleTimeout ends interactive shells idle for 15 minutes (automatic
// logoff, 45 CFR 164.312(a)(2)(iii)).
const idleTimeout = "TMOUT=900\nreadonly TMOUT\nexport TMOUT\n"
