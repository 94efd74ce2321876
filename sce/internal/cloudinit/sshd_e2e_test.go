package cloudinit_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/access"
	"github.com/sce-dev/sce/sce/internal/cloudinit"
)

// TestAccessPathWithRealOpenSSH renders the user data of a bastion and a
// worker with two researchers, applies its accounts and sshd settings to
// two real sshd processes on loopback addresses (bastion 127.0.0.1, worker
// 127.0.0.2), and drives them with the real ssh client and the ssh config
// `sce access --outputs` prints. It needs root, Linux and OpenSSH; it skips
// with the reason otherwise, except under CI, where it fails.
//
// The bench changes the rendered drop-in /etc/ssh/sshd_config.d/10-sce.conf
// and the accounts in exactly these ways:
//   - Banner /etc/issue.net becomes a file in the test's directory holding
//     the user data's /etc/issue.net: the test does not overwrite this
//     machine's banner.
//   - For the running bastion, PermitOpen *:22 becomes PermitOpen *:<port of
//     the test's worker sshd>: the worker cannot listen on 127.0.0.2:22 where
//     a machine runs its own sshd on every address. The settings check runs
//     on the drop-in as rendered, PermitOpen *:22 included.
//   - AuthorizedKeysFile /etc/ssh/authorized_keys/%u becomes a directory
//     under /run holding the user data's files of /etc/ssh/authorized_keys
//     (root's, as cloud-init writes them): the test does not write into
//     this machine's /etc/ssh.
//   - Homes live in the test's directory instead of /home, and the locked
//     password is "*" instead of cloud-init's "!": the test's sshd runs
//     without PAM, so that it does not depend on this machine's PAM stack,
//     and sshd without PAM refuses every login, key logins included, to an
//     account whose password starts with "!". Amazon Linux's sshd uses PAM
//     and admits key logins to such accounts. Either way no password can
//     ever match.
//   - Both sshd processes run as Amazon Linux 2023's ec2-instance-connect
//     package starts sshd, with -o "AuthorizedKeysCommand ..." and -o
//     "AuthorizedKeysCommandUser ...", but the command is /usr/bin/cat of a
//     file holding ana's public key, whatever the account (a key pushed with
//     SendSSHPublicKey), and its user is nobody. A third sshd, the control,
//     runs the worker's drop-in without its last Match block and admits ana
//     as ben with that command: so the refusals are not for want of a
//     working command.
//   - The main sshd_config is the test's stand-in for Amazon Linux 2023's:
//     it includes the drop-in first, then sets X11Forwarding yes (as the
//     image's 50-redhat.conf does, read after 10-sce.conf) and PrintMotd no
//     (refused inside a Match block, so sshd starts only if the drop-in's
//     Match block ends with the drop-in), then the bench's own ListenAddress,
//     HostKey, PidFile none, UsePAM no and Subsystem sftp internal-sftp,
//     none of which the drop-in sets (checked).
//
// The client reads the config `sce access --researcher <r> --identity <key>`
// prints, after a bench section that sets the test sshd ports and what keeps
// the client from prompting or hanging (BatchMode yes, ConnectTimeout 60 — generous, as a loaded CI machine is slow to answer — no
// known-hosts files), none of which the printed config sets (checked); it
// runs with HOME in the test's directory.
//
// The audit rules, the CloudWatch agent, the idle timeout, sudo for admins
// and the /data mount of the user data are not applied: they are not part
// of the SSH path.
func TestAccessPathWithRealOpenSSH(t *testing.T) {
	l := newLab(t, labTools(t))

	t.Run("effective sshd settings", l.effectiveSettings)
	t.Run("own key and account reach the worker through the bastion", l.ownKeyReachesWorker)
	t.Run("scp to the worker", l.scpToWorker)
	t.Run("unknown key refused", l.unknownKeyRefused)
	t.Run("another researcher's key refused", l.otherKeyRefused)
	t.Run("keys pushed with EC2 Instance Connect refused", l.pushedKeyRefused)
	t.Run("keys a researcher adds to ~/.ssh refused", l.addedKeyRefused)
	t.Run("root refused", l.rootRefused)
	t.Run("passwords refused", l.passwordRefused)
	t.Run("no shell, command or sftp on the bastion", l.bastionRunsNothing)
	t.Run("the bastion forwards only to the workers' SSH port", l.bastionForwardsOnlySSH)
	t.Run("the worker refuses agent and TCP forwarding", l.workerForwardsNothing)
}

const (
	pit         = "lab"
	ana         = "sce-e2e-ana"
	ben         = "sce-e2e-ben"
	stranger    = "stranger"
	bastionAddr = "127.0.0.1"
	workerAddr  = "127.0.0.2"
	bastionHost = pit + "-bastion"
	workerHost  = pit + "-worker-1"
	banner      = "Authorized use only. This system of project lab holds protected health information."
	refusal     = "sce: lab-bastion is a jump host only: no shell, no commands, no file copies. Connect to a worker through it: ssh lab-worker-1"
)

// lab is the running bench: accounts, two sshd processes, client keys.
type lab struct {
	tools                   map[string]string
	base                    string
	keysDir                 string            // the researchers' keys, root's
	hostKey                 string            // every test sshd's host key
	worker                  userData          // the worker's user data, as rendered
	keys                    map[string]string // researcher -> private key path
	bastionPort, workerPort int
	bastionLog, workerLog   *syncBuffer
	controlPort             int // the control sshd, on workerAddr
	controlLog              *syncBuffer
	mainConfigs             map[cloudinit.Role]string // as rendered, for sshd -T
	project                 access.Project
	clientEnv               []string
}

func newLab(t *testing.T, tools map[string]string) *lab {
	base, err := os.MkdirTemp("", "sce-sshd-e2e-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(base) })
	require.NoError(t, os.Chmod(base, 0o755), "the researchers' homes are under it")
	l := &lab{tools: tools, base: base, keys: map[string]string{}, mainConfigs: map[cloudinit.Role]string{}}
	for _, name := range []string{ana, ben, stranger} {
		l.keys[name] = l.keygen(t, "keys", name)
	}
	hostKey := l.keygen(t, "hostkey", "host")
	l.hostKey = hostKey

	bastion, worker := l.render(t, cloudinit.Bastion), l.render(t, cloudinit.Worker)
	require.Equal(t, bastion.Users, worker.Users, "the bastion and the workers have the same accounts")
	l.worker = worker
	createAccounts(t, tools, worker, base)
	l.keysDir = installKeys(t, worker)
	privsepDir(t)

	l.bastionPort, l.workerPort = freePort(t, bastionAddr), freePort(t, workerAddr)
	l.mainConfigs[cloudinit.Bastion] = l.sshdConfig(t, "bastion-rendered", bastion, hostKey, bastionAddr, l.bastionPort, 0)
	l.mainConfigs[cloudinit.Worker] = l.sshdConfig(t, "worker", worker, hostKey, workerAddr, l.workerPort, 0)
	running := l.sshdConfig(t, "bastion", bastion, hostKey, bastionAddr, l.bastionPort, l.workerPort)
	pushed := l.instanceConnectOptions(t, tools["cat"])
	l.bastionLog = startSSHD(t, tools["sshd"], running, bastionAddr, l.bastionPort, pushed...)
	l.workerLog = startSSHD(t, tools["sshd"], l.mainConfigs[cloudinit.Worker], workerAddr, l.workerPort, pushed...)
	l.controlPort = freePort(t, workerAddr)
	control := l.sshdConfig(t, "control", withoutKeysCommandBlock(t, worker), hostKey, workerAddr, l.controlPort, 0)
	l.controlLog = startSSHD(t, tools["sshd"], control, workerAddr, l.controlPort, pushed...)

	l.project = projectFromOutputs(t)
	clientHome := filepath.Join(base, "client")
	require.NoError(t, os.Mkdir(clientHome, 0o700))
	l.clientEnv = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + clientHome}
	return l
}

// keygen makes an ed25519 key pair under dir and returns the private key's path.
func (l *lab) keygen(t *testing.T, dir, name string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Join(l.base, dir), 0o700))
	path := filepath.Join(l.base, dir, name)
	mustRun(t, l.tools["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-C", name+"@laptop", "-f", path)
	return path
}

// render renders a host's user data with the two researchers' public keys.
func (l *lab) render(t *testing.T, role cloudinit.Role) userData {
	t.Helper()
	var users []cloudinit.User
	for _, name := range []string{ana, ben} {
		pub, err := os.ReadFile(l.keys[name] + ".pub")
		require.NoError(t, err)
		users = append(users, cloudinit.User{Username: name, PublicKey: string(pub), Admin: name == ana})
	}
	text, err := cloudinit.Render(cloudinit.Host{Role: role, PIT: pit, Users: users, SSHLogGroup: "/sce/lab/ssh",
		DataVolumeID: "vol-0123456789abcdef0"})
	require.NoError(t, err)
	return parseUserData(t, text)
}

// benchKeywords are what the stand-in main config sets besides the drop-in.
var benchKeywords = []string{"ListenAddress", "Port", "HostKey", "PidFile", "UsePAM", "Subsystem", "PrintMotd"}

// sshdConfig writes the drop-in of ud (with the substitutions listed on the
// test; permitOpenPort 0 keeps PermitOpen as rendered) and a stand-in main
// config that includes it, and returns the main config's path.
func (l *lab) sshdConfig(t *testing.T, name string, ud userData, hostKey, addr string, port, permitOpenPort int) string {
	t.Helper()
	dir := filepath.Join(l.base, name)
	require.NoError(t, os.Mkdir(dir, 0o700))
	bannerPath := filepath.Join(dir, "issue.net")
	require.NoError(t, os.WriteFile(bannerPath, []byte(ud.file(t, "/etc/issue.net")), 0o644))
	dropIn := ud.file(t, "/etc/ssh/sshd_config.d/10-sce.conf")
	for _, k := range benchKeywords {
		require.NotRegexp(t, `(?im)^\s*`+k+`\s`, dropIn, "the drop-in sets %s, which the bench sets too", k)
	}
	dropIn = substitute(t, dropIn, "Banner /etc/issue.net\n", "Banner "+bannerPath+"\n")
	dropIn = substitute(t, dropIn, "AuthorizedKeysFile "+keysDir+"%u\n", "AuthorizedKeysFile "+l.keysDir+"/%u\n")
	if permitOpenPort != 0 {
		dropIn = substitute(t, dropIn, "    PermitOpen *:22\n", fmt.Sprintf("    PermitOpen *:%d\n", permitOpenPort))
	}
	dropInPath := filepath.Join(dir, "10-sce.conf")
	require.NoError(t, os.WriteFile(dropInPath, []byte(dropIn), 0o600))
	main := strings.Join([]string{
		"Include " + dropInPath,
		"X11Forwarding yes",
		"PrintMotd no",
		fmt.Sprintf("ListenAddress %s:%d", addr, port),
		"HostKey " + hostKey,
		"PidFile none",
		"UsePAM no",
		"Subsystem sftp internal-sftp",
		"",
	}, "\n")
	mainPath := filepath.Join(dir, "sshd_config")
	require.NoError(t, os.WriteFile(mainPath, []byte(main), 0o600))
	return mainPath
}

// instanceConnectOptions are the -o options the ec2-instance-connect
// package gives sshd, with a command that hands out ana's public key for any
// account, run as nobody (the file and its directory are readable by all).
func (l *lab) instanceConnectOptions(t *testing.T, cat string) []string {
	t.Helper()
	dir := filepath.Join(l.base, "pushed")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.Chmod(dir, 0o755))
	pub, err := os.ReadFile(l.keys[ana] + ".pub")
	require.NoError(t, err)
	path := filepath.Join(dir, "key.pub")
	require.NoError(t, os.WriteFile(path, pub, 0o644))
	require.NoError(t, os.Chmod(path, 0o644))
	return []string{"-o", "AuthorizedKeysCommand " + cat + " " + path, "-o", "AuthorizedKeysCommandUser nobody"}
}

// withoutKeysCommandBlock is ud with its drop-in's last Match block, the
// one that turns AuthorizedKeysCommand off, removed: the control.
func withoutKeysCommandBlock(t *testing.T, ud userData) userData {
	t.Helper()
	const block = "# Only the keys sce writes: no AuthorizedKeysCommand, not even the one the\n" +
		"# image's ec2-instance-connect package passes to sshd with -o.\nMatch all\n    AuthorizedKeysCommand none\n"
	out := ud
	out.WriteFiles = slices.Clone(ud.WriteFiles)
	for i, f := range out.WriteFiles {
		if f.Path == "/etc/ssh/sshd_config.d/10-sce.conf" {
			out.WriteFiles[i].Content = substitute(t, f.Content, block, "")
		}
	}
	return out
}

// substitute replaces the one occurrence of old.
func substitute(t *testing.T, text, old, replacement string) string {
	t.Helper()
	require.Equal(t, 1, strings.Count(text, old), "the drop-in holds %q once", old)
	return strings.Replace(text, old, replacement, 1)
}

// projectFromOutputs reads the project as `sce access --outputs` does, from
// outputs shaped as `pulumi stack output --json` prints them.
func projectFromOutputs(t *testing.T) access.Project {
	t.Helper()
	outputs := fmt.Sprintf(`{"pit":%q,"bastionPublicIp":%q,"workerPrivateIps":[%q],"researchers":[%q,%q],
		"bucketNames":{"data-in":"lab-data-in-123456789012-us-west-2"},"kmsKeyArn":"arn:aws:kms:us-west-2:123456789012:key/lab"}`,
		pit, bastionAddr, workerAddr, ana, ben)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(outputs), &out))
	p, err := access.FromOutputs(out, false)
	require.NoError(t, err)
	return p
}

// clientConfig is the ssh config `sce access --researcher researcher
// --identity <key>` prints, after the bench's own client settings (the
// test sshd ports, no host key bookkeeping), none of which it sets.
func (l *lab) clientConfig(t *testing.T, researcher, key string) string {
	t.Helper()
	var printed bytes.Buffer
	require.NoError(t, access.Render(&printed, l.project, access.Options{Researcher: researcher, Identity: l.keys[key]}))
	for _, k := range []string{"Port", "BatchMode", "ConnectTimeout", "StrictHostKeyChecking", "UserKnownHostsFile", "GlobalKnownHostsFile"} {
		require.NotRegexp(t, `(?im)^\s*`+k+`\s`, printed.String(), "sce access prints %s, which the bench sets", k)
	}
	bench := fmt.Sprintf("Host %s\n    Port %d\nHost %s\n    Port %d\nHost *\n    BatchMode yes\n    ConnectTimeout 60\n"+
		"    StrictHostKeyChecking no\n    UserKnownHostsFile /dev/null\n    GlobalKnownHostsFile /dev/null\n\n",
		bastionHost, l.bastionPort, workerHost, l.workerPort)
	path := filepath.Join(l.base, "client", researcher+"-with-"+key+".config")
	require.NoError(t, os.WriteFile(path, []byte(bench+printed.String()), 0o600))
	return path
}

// ssh runs the ssh client with config and args.
func (l *lab) ssh(t *testing.T, config string, args ...string) result {
	t.Helper()
	return run(t, l.clientEnv, l.tools["ssh"], append([]string{"-F", config}, args...)...)
}

// sshdT is sshd's effective configuration for a researcher's connection.
func (l *lab) sshdT(t *testing.T, role cloudinit.Role) map[string]string {
	t.Helper()
	out := mustRun(t, l.tools["sshd"], "-T", "-f", l.mainConfigs[role], "-C", "user="+ana+",host=localhost,addr="+bastionAddr)
	settings := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), " ")
		settings[key] = value
	}
	return settings
}

func (l *lab) effectiveSettings(t *testing.T) {
	common := map[string]string{
		"passwordauthentication": "no", "kbdinteractiveauthentication": "no", "pubkeyauthentication": "yes",
		"authenticationmethods": "publickey", "permitrootlogin": "no", "permitemptypasswords": "no",
		"allowgroups": "sce-researchers", "allowagentforwarding": "no", "allowstreamlocalforwarding": "no",
		"x11forwarding": "no", "permittunnel": "no", "gatewayports": "no", "permituserenvironment": "no",
		"maxauthtries": "3", "logingracetime": "30", "loglevel": "VERBOSE",
		"authorizedkeysfile": l.keysDir + "/%u",
	}
	want := map[cloudinit.Role]map[string]string{
		cloudinit.Worker: {"allowtcpforwarding": "no", "permittty": "yes", "forcecommand": "none", "permitopen": "any", "permituserrc": "yes"},
		cloudinit.Bastion: {"allowtcpforwarding": "local", "permittty": "no", "permitopen": "*:22", "permitlisten": "none",
			"permituserrc": "no", "forcecommand": "echo '" + refusal + "' >&2; exit 1"},
	}
	for role, specific := range want {
		got := l.sshdT(t, role)
		for k, v := range common {
			assert.Equal(t, v, got[k], "%s: %s", role, k)
		}
		for k, v := range specific {
			assert.Equal(t, v, got[k], "%s: %s", role, k)
		}
	}
}

func (l *lab) ownKeyReachesWorker(t *testing.T) {
	for _, name := range []string{ana, ben} {
		r := l.ssh(t, l.clientConfig(t, name, name), workerHost, `id -un; id -gn; echo "$SSH_CONNECTION"`)
		require.Equal(t, 0, r.code, r.stderr)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		require.Len(t, lines, 3, r.stdout)
		assert.Equal(t, []string{name, "sce-researchers"}, lines[:2])
		conn := strings.Fields(lines[2])
		require.Len(t, conn, 4, "SSH_CONNECTION is client address, client port, server address, server port")
		assert.Equal(t, []string{workerAddr, strconv.Itoa(l.workerPort)}, conn[2:], "the command ran on the worker")
		assert.Equal(t, 2, strings.Count(r.stderr, banner), "the bastion and the worker each show the banner: %s", r.stderr)
		accepted := regexp.MustCompile(`Accepted publickey for ` + name + ` from \S+ port \d+ ssh2: ED25519 ` + regexp.QuoteMeta(l.fingerprint(t, name)))
		l.waitForLog(t, l.bastionLog, accepted)
		l.waitForLog(t, l.workerLog, accepted)
	}
}

func (l *lab) scpToWorker(t *testing.T) {
	src := filepath.Join(l.base, "client", "notes.txt")
	require.NoError(t, os.WriteFile(src, []byte("vitals v1\n"), 0o600))
	r := run(t, l.clientEnv, l.tools["scp"], "-F", l.clientConfig(t, ana, ana), src, workerHost+":notes.txt")
	require.Equal(t, 0, r.code, r.stderr)
	got, err := os.ReadFile(filepath.Join(l.base, "home", ana, "notes.txt"))
	require.NoError(t, err)
	assert.Equal(t, "vitals v1\n", string(got))
}

// denied asserts that ssh failed to authenticate and the server offered
// public keys only.
func denied(t *testing.T, r result) {
	t.Helper()
	assert.Equal(t, 255, r.code, r.stdout)
	assert.Contains(t, r.stderr, "Permission denied (publickey).")
}

// unknownKeyRefused: a key no researcher has is refused at the way in.
// (The worker's own refusal of a key that is not the account's is checked
// with another researcher's key, which reaches it through the bastion.)
func (l *lab) unknownKeyRefused(t *testing.T) {
	denied(t, l.ssh(t, l.clientConfig(t, ana, stranger), bastionHost, "true"))
	l.waitForLog(t, l.bastionLog, regexp.MustCompile(`Failed publickey for `+ana+` from `+bastionAddr+` port \d+ ssh2: ED25519 `+
		regexp.QuoteMeta(l.fingerprint(t, stranger))))
}

// fingerprint is the SHA256 fingerprint of a client key, as sshd logs it.
func (l *lab) fingerprint(t *testing.T, name string) string {
	t.Helper()
	fields := strings.Fields(mustRun(t, l.tools["ssh-keygen"], "-l", "-f", l.keys[name]+".pub"))
	require.Len(t, fields, 4, "bits fingerprint comment (type)")
	return fields[1]
}

// waitForLog waits until an sshd log holds a line matching pattern. sshd's
// monitor may write a connection's last lines just after the client has
// ended; the wait is bounded so that a line that never comes fails the test.
func (l *lab) waitForLog(t *testing.T, log *syncBuffer, pattern *regexp.Regexp) {
	t.Helper()
	deadline := time.Now().Add(commandBound)
	for !pattern.MatchString(log.String()) {
		require.True(t, time.Now().Before(deadline), "no line matching %s in the sshd log:\n%s", pattern, log.String())
		time.Sleep(20 * time.Millisecond)
	}
}

func (l *lab) otherKeyRefused(t *testing.T) {
	anaWithBensKey := l.clientConfig(t, ana, ben)
	denied(t, l.ssh(t, anaWithBensKey, bastionHost, "true"))
	// Through the bastion as ben (his own key), then to the worker as ana
	// with ben's key: the worker itself must refuse.
	denied(t, l.ssh(t, anaWithBensKey, "-J", ben+"@"+bastionHost, workerHost, "true"))
	l.waitForLog(t, l.workerLog, regexp.MustCompile(`Failed publickey for `+ana+` from \S+ port \d+ ssh2: ED25519 `+
		regexp.QuoteMeta(l.fingerprint(t, ben))))
}

// pushedKeyRefused: the command the sshd processes run with hands out ana's
// key for ben's account too. The control, without the drop-in's last Match
// block, admits ana as ben with it; the bastion and the worker refuse her.
func (l *lab) pushedKeyRefused(t *testing.T) {
	config := l.clientConfig(t, ben, ana)
	r := l.ssh(t, config, "-i", l.keys[ana], "-l", ben, "-p", strconv.Itoa(l.controlPort), workerAddr, "id -un")
	require.Equal(t, 0, r.code, "the control admits a pushed key: %s", r.stderr)
	assert.Equal(t, ben+"\n", r.stdout)
	l.waitForLog(t, l.controlLog, regexp.MustCompile(`Accepted publickey for `+ben+` from \S+ port \d+ ssh2: ED25519 `+
		regexp.QuoteMeta(l.fingerprint(t, ana))))

	denied(t, l.ssh(t, config, bastionHost, "true"))
	l.waitForLog(t, l.bastionLog, regexp.MustCompile(`Failed publickey for `+ben+` from \S+ port \d+ ssh2: ED25519 `+
		regexp.QuoteMeta(l.fingerprint(t, ana))))
	// Through the bastion as ana (her own key), then to the worker as ben
	// with ana's key: the worker itself must refuse.
	denied(t, l.ssh(t, config, "-J", ana+"@"+bastionHost, workerHost, "true"))
	l.waitForLog(t, l.workerLog, regexp.MustCompile(`Failed publickey for `+ben+` from \S+ port \d+ ssh2: ED25519 `+
		regexp.QuoteMeta(l.fingerprint(t, ana))))
}

// addedKeyRefused: ana adds the stranger's key to her
// ~/.ssh/authorized_keys on the worker, as sshd would want it (her own
// files, 0700 and 0600), and cannot change her key file. The worker
// refuses the stranger's key for her; a control sshd started with
// -o AuthorizedKeysFile=.ssh/authorized_keys (OpenSSH's default) admits it.
func (l *lab) addedKeyRefused(t *testing.T) {
	pub, err := os.ReadFile(l.keys[stranger] + ".pub")
	require.NoError(t, err)
	own := l.clientConfig(t, ana, ana)
	add := fmt.Sprintf("umask 077 && mkdir -p ~/.ssh && echo '%s' >> ~/.ssh/authorized_keys", strings.TrimSpace(string(pub)))
	r := l.ssh(t, own, workerHost, add)
	require.Equal(t, 0, r.code, r.stderr)
	keyFile := filepath.Join(l.keysDir, ana)
	before, err := os.ReadFile(keyFile)
	require.NoError(t, err)
	r = l.ssh(t, own, workerHost, fmt.Sprintf("echo '%s' >> %s", strings.TrimSpace(string(pub)), keyFile))
	assert.Equal(t, 1, r.code, "the shell on the worker fails the redirection: %s", r.stderr)
	assert.Contains(t, r.stderr, keyFile+": Permission denied", "the key file is root's")
	after, err := os.ReadFile(keyFile)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "her key file is unchanged")

	config := l.clientConfig(t, ana, stranger)
	direct := func(port int) result {
		return l.ssh(t, config, "-i", l.keys[stranger], "-o", "IdentitiesOnly=yes", "-l", ana, "-p", strconv.Itoa(port), workerAddr, "id -un")
	}
	denied(t, direct(l.workerPort))
	l.waitForLog(t, l.workerLog, regexp.MustCompile(`Failed publickey for `+ana+` from \S+ port \d+ ssh2: ED25519 `+
		regexp.QuoteMeta(l.fingerprint(t, stranger))))

	port := freePort(t, workerAddr)
	control := l.sshdConfig(t, "added-keys-control", l.worker, l.hostKey, workerAddr, port, 0)
	startSSHD(t, l.tools["sshd"], control, workerAddr, port, "-o", "AuthorizedKeysFile=.ssh/authorized_keys")
	r = direct(port)
	require.Equal(t, 0, r.code, "the control reads ~/.ssh/authorized_keys: %s", r.stderr)
	assert.Equal(t, ana+"\n", r.stdout)
}

func (l *lab) rootRefused(t *testing.T) {
	config := l.clientConfig(t, ana, ana)
	notAllowed := regexp.MustCompile(`User root from \S+ not allowed because none of user's groups are listed in AllowGroups`)
	denied(t, l.ssh(t, config, "-l", "root", bastionHost, "true"))
	l.waitForLog(t, l.bastionLog, notAllowed)
	// -l names the worker's user only: the jump to the bastion stays ana's.
	denied(t, l.ssh(t, config, "-l", "root", workerHost, "true"))
	l.waitForLog(t, l.workerLog, notAllowed)
}

func (l *lab) passwordRefused(t *testing.T) {
	config := l.clientConfig(t, ana, ana)
	for _, host := range []string{bastionHost, workerHost} {
		r := l.ssh(t, config, "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive", host, "true")
		denied(t, r)
	}
}

func (l *lab) bastionRunsNothing(t *testing.T) {
	config := l.clientConfig(t, ana, ana)
	r := l.ssh(t, config, bastionHost, "id")
	assert.Equal(t, 1, r.code)
	assert.Empty(t, r.stdout, "no command runs on the bastion")
	assert.Contains(t, r.stderr, refusal)

	r = l.ssh(t, config, "-T", bastionHost)
	assert.Equal(t, 1, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, refusal, "no shell either")

	// With a terminal forced, the client itself gives up when the bastion
	// refuses the terminal.
	r = l.ssh(t, config, "-tt", bastionHost)
	assert.Equal(t, 255, r.code)
	assert.Contains(t, r.stderr, "PTY allocation request failed on channel 0")

	// sftp and scp ask for the sftp subsystem; ForceCommand runs instead
	// (sshd drops a subsystem's stderr, so the client sees no message).
	r = l.ssh(t, config, "-s", bastionHost, "sftp")
	assert.Equal(t, 1, r.code)
	assert.Empty(t, r.stdout)
	src := filepath.Join(l.base, "client", "to-bastion.txt")
	require.NoError(t, os.WriteFile(src, []byte("x\n"), 0o600))
	r = run(t, l.clientEnv, l.tools["scp"], "-F", config, src, bastionHost+":to-bastion.txt")
	assert.Equal(t, 255, r.code, r.stderr)
	assert.NoFileExists(t, filepath.Join(l.base, "home", ana, "to-bastion.txt"))
}

func (l *lab) bastionForwardsOnlySSH(t *testing.T) {
	config := l.clientConfig(t, ana, ana)
	other := listen(t, workerAddr)
	r := l.ssh(t, config, "-W", fmt.Sprintf("%s:%d", workerAddr, other.port()), bastionHost)
	assert.Equal(t, 255, r.code)
	assert.Contains(t, r.stderr, "administratively prohibited")
	assert.Equal(t, 0, other.accepted(), "nothing reached the other port")

	r = l.ssh(t, config, "-o", "ExitOnForwardFailure=yes", "-R", fmt.Sprintf("127.0.0.1:0:%s:%d", workerAddr, l.workerPort), bastionHost, "true")
	assert.Equal(t, 255, r.code)
	assert.Contains(t, r.stderr, "remote port forwarding failed")
}

func (l *lab) workerForwardsNothing(t *testing.T) {
	config := l.clientConfig(t, ana, ana)
	agent := filepath.Join(l.base, "client", "agent.sock")
	startAgent(t, l.tools["ssh-agent"], agent)
	env := append(append([]string{}, l.clientEnv...), "SSH_AUTH_SOCK="+agent)
	r := run(t, env, l.tools["ssh"], "-F", config, "-A", workerHost, `echo "agent=${SSH_AUTH_SOCK:-none}"`)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "agent=none\n", r.stdout, "the worker gives no forwarded agent")

	other := listen(t, workerAddr)
	r = l.ssh(t, config, "-W", fmt.Sprintf("%s:%d", workerAddr, other.port()), workerHost)
	assert.Equal(t, 255, r.code)
	assert.Contains(t, r.stderr, "administratively prohibited")
	assert.Equal(t, 0, other.accepted())
}
