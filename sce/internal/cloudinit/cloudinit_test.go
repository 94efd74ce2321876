package cloudinit

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// testKeyEd25519 is jdoe's public key.
const testKeyEd25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM6LVb62UeK4McGjg1LUGddQMczMUftf2skGP01AmeKT jdoe@laptop"

var update = flag.Bool("update", false, "rewrite golden files")

// twoResearchers is the config the cloud-init tests render: one admin, one not.
func twoResearchers() []User {
	return []User{
		{Username: "kresearcher", PublicKey: "ssh-ed25519  AAAAC3NzaC1lZDI1NTE5AAAAIAlW9/6wmkNBOaNo0qnLerscqzVQGZCQR0ZMjF9y0Goq   kresearcher@laptop", Admin: true},
		{Username: "jdoe", PublicKey: testKeyEd25519},
	}
}

func renderFor(t *testing.T, role Role) string {
	t.Helper()
	out, err := Render(Host{Role: role, PIT: "hipaa", Users: twoResearchers(),
		SSHLogGroup: "/sce/hipaa/ssh", DataVolumeID: "vol-0123456789abcdef0"})
	require.NoError(t, err)
	return out
}

// TestCloudInitGolden compares the rendered user data with the reviewed
// files in testdata (go test ./sce/internal/cloudinit -run Golden -update rewrites them).
func TestCloudInitGolden(t *testing.T) {
	for _, role := range []Role{Bastion, Worker} {
		got := renderFor(t, role)
		path := filepath.Join("testdata", "cloudinit-"+string(role)+".yaml")
		if *update {
			require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, string(want), got, role)
	}
}

// parsed is the rendered document read back as cloud-init reads it.
func parsed(t *testing.T, userData string) cloudConfig {
	t.Helper()
	require.True(t, strings.HasPrefix(userData, "#cloud-config\n"))
	var doc cloudConfig
	require.NoError(t, yaml.Unmarshal([]byte(userData), &doc))
	return doc
}

func TestCloudInitUsers(t *testing.T) {
	for _, role := range []Role{Bastion, Worker} {
		doc := parsed(t, renderFor(t, role))
		assert.Equal(t, []string{"sce-researchers"}, doc.Groups)
		require.Len(t, doc.Users, 2, "one account per researcher, no ec2-user, no default user")
		k := doc.Users[0]
		assert.Equal(t, "kresearcher", k.Name)
		assert.True(t, k.LockPasswd)
		assert.Equal(t, "sce-researchers", k.PrimaryGroup)
		j := doc.Users[1]
		assert.Equal(t, "jdoe", j.Name)
		assert.NotContains(t, renderFor(t, role), "ssh_authorized_keys",
			"cloud-init writes no ~/.ssh/authorized_keys, which the researcher would own")
		assert.Empty(t, j.Sudo, "jdoe is no admin")
		if role == Worker {
			assert.Equal(t, "ALL=(ALL) NOPASSWD:ALL", k.Sudo, "admins have sudo on workers")
		} else {
			assert.Empty(t, k.Sudo, "nobody has sudo on the bastion")
		}
		assert.False(t, doc.SSHPwauth)
		assert.True(t, doc.DisableRoot)
	}
}

// fileContent returns the content cloud-init writes to path.
func fileContent(t *testing.T, doc cloudConfig, path string) string {
	t.Helper()
	for _, f := range doc.WriteFiles {
		if f.Path == path {
			return f.Content
		}
	}
	require.Failf(t, "file not written", path)
	return ""
}

// hardenedSSHD is the global part of sshd's drop-in, the same on every
// instance: the bastion forwards nothing either, outside its Match block.
var hardenedSSHD = []string{
	"# sce: managed by cloud-init; the first value of a global setting wins,",
	"# and a Match block at the end overrides it for the users it matches.",
	"PasswordAuthentication no",
	"KbdInteractiveAuthentication no",
	"PubkeyAuthentication yes",
	"AuthenticationMethods publickey",
	"AuthorizedKeysFile /etc/ssh/authorized_keys/%u",
	"PermitRootLogin no",
	"PermitEmptyPasswords no",
	"AllowGroups sce-researchers",
	"AllowAgentForwarding no",
	"AllowStreamLocalForwarding no",
	"X11Forwarding no",
	"AllowTcpForwarding no",
	"PermitTunnel no",
	"GatewayPorts no",
	"PermitUserEnvironment no",
	"MaxAuthTries 3",
	"LoginGraceTime 30",
	"ClientAliveInterval 300",
	"ClientAliveCountMax 3",
	"LogLevel VERBOSE",
	"Banner /etc/issue.net",
}

func TestSSHDHardeningWorker(t *testing.T) {
	lines := strings.Split(fileContent(t, parsed(t, renderFor(t, Worker)), "/etc/ssh/sshd_config.d/10-sce.conf"), "\n")
	assert.Equal(t, slices.Concat(hardenedSSHD, noKeysCommandBlock, []string{""}), lines,
		"a worker forwards nothing; its one Match block turns off any AuthorizedKeysCommand")
}

// noKeysCommandBlock ends every drop-in: a Match block, which beats the
// -o "AuthorizedKeysCommand ..." Amazon Linux's ec2-instance-connect passes
// to sshd (TestInstanceConnectKeysRefusedWithRealSSHD).
var noKeysCommandBlock = []string{
	"# Only the keys sce writes: no AuthorizedKeysCommand, not even the one the",
	"# image's ec2-instance-connect package passes to sshd with -o.",
	"Match all",
	"    AuthorizedKeysCommand none",
}

// TestSSHDBastionIsAJumpHostOnly: researchers get no shell, no command and
// no forwarding on the bastion but a TCP connection to port 22.
func TestSSHDBastionIsAJumpHostOnly(t *testing.T) {
	lines := strings.Split(fileContent(t, parsed(t, renderFor(t, Bastion)), "/etc/ssh/sshd_config.d/10-sce.conf"), "\n")
	assert.Equal(t, slices.Concat(hardenedSSHD, []string{
		"# The bastion is a jump host only: researchers may forward a connection to",
		"# a worker's SSH port (ProxyJump) and do nothing else here.",
		"Match Group sce-researchers",
		"    PermitTTY no",
		"    ForceCommand echo 'sce: hipaa-bastion is a jump host only: no shell, no commands, no file copies." +
			" Connect to a worker through it: ssh hipaa-worker-1' >&2; exit 1",
		"    PermitUserRC no",
		"    X11Forwarding no",
		"    AllowAgentForwarding no",
		"    AllowStreamLocalForwarding no",
		"    GatewayPorts no",
		"    PermitTunnel no",
		"    AllowTcpForwarding local",
		"    PermitOpen *:22",
		"    PermitListen none",
	}, noKeysCommandBlock, []string{""}), lines)
}

func TestRenderRefusesAPITTheForceCommandCannotHold(t *testing.T) {
	for _, pit := range []string{"", "x'; reboot; '", "Hipaa", "a b"} {
		_, err := Render(Host{Role: Bastion, PIT: pit, Users: twoResearchers()})
		assert.EqualError(t, err, fmt.Sprintf("render cloud-init for bastion: PIT %q may hold only a-z, 0-9 and '-':"+
			" it is written into the bastion's sshd ForceCommand", pit))
	}
}

// TestCloudInitKeysAreRootOwned: each researcher's key is in a file of
// its own under /etc/ssh/authorized_keys, owned by root, which sshd reads
// instead of ~/.ssh/authorized_keys.
func TestCloudInitKeysAreRootOwned(t *testing.T) {
	for _, role := range []Role{Bastion, Worker} {
		doc := parsed(t, renderFor(t, role))
		var keys []writeFile
		for _, f := range doc.WriteFiles {
			if strings.HasPrefix(f.Path, "/etc/ssh/authorized_keys/") {
				keys = append(keys, f)
			}
		}
		assert.Equal(t, []writeFile{
			{Path: "/etc/ssh/authorized_keys/kresearcher", Permissions: "0644", Owner: "root:root",
				Content: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlW9/6wmkNBOaNo0qnLerscqzVQGZCQR0ZMjF9y0Goq kresearcher@laptop\n"},
			{Path: "/etc/ssh/authorized_keys/jdoe", Permissions: "0644", Owner: "root:root", Content: testKeyEd25519 + "\n"},
		}, keys, "%s: one clean line per researcher, normalized", role)
		assert.Contains(t, fileContent(t, doc, "/etc/ssh/sshd_config.d/10-sce.conf"),
			"\nAuthorizedKeysFile /etc/ssh/authorized_keys/%u\n", role)
	}
}

func TestCloudInitFilesAndCommands(t *testing.T) {
	bastion := parsed(t, renderFor(t, Bastion))
	worker := parsed(t, renderFor(t, Worker))
	paths := func(doc cloudConfig) []string {
		var out []string
		for _, f := range doc.WriteFiles {
			out = append(out, f.Path+" "+f.Permissions)
		}
		return out
	}
	common := []string{"/etc/ssh/sshd_config.d/10-sce.conf 0600", "/etc/issue.net 0644", "/etc/profile.d/sce-timeout.sh 0644",
		"/etc/audit/sce-staged.rules 0600", "/opt/aws/amazon-cloudwatch-agent/etc/sce.json 0644",
		"/etc/ssh/authorized_keys/kresearcher 0644", "/etc/ssh/authorized_keys/jdoe 0644"}
	assert.Equal(t, common, paths(bastion))
	assert.Equal(t, append(common, "/usr/local/sbin/sce-mount-data 0700",
		"/etc/systemd/system/auditd.service.d/sce-after-data.conf 0644"), paths(worker))
	assert.Equal(t, "# sce: load the /data audit watch after the data volume is mounted.\n[Unit]\nWants=data.mount\nAfter=data.mount\n",
		fileContent(t, worker, "/etc/systemd/system/auditd.service.d/sce-after-data.conf"))
	assert.Equal(t, "TMOUT=900\nreadonly TMOUT\nexport TMOUT\n", fileContent(t, worker, "/etc/profile.d/sce-timeout.sh"))
	assert.Contains(t, fileContent(t, worker, "/etc/audit/sce-staged.rules"), "-a always,exit -F arch=b64 -S execve -F auid>=1000 -F auid!=unset -k sce-commands\n"+
		"-a always,exit -F arch=b32 -S execve -F auid>=1000 -F auid!=unset -k sce-commands\n")
	assert.Contains(t, fileContent(t, worker, "/etc/audit/sce-staged.rules"), "-w /data -p wa -k sce-data-change\n")
	assert.NotContains(t, fileContent(t, bastion, "/etc/audit/sce-staged.rules"), "/data")
	for _, doc := range []cloudConfig{bastion, worker} {
		assert.True(t, strings.HasSuffix(fileContent(t, doc, "/etc/audit/sce-staged.rules"), "\n-e 2\n"),
			"the rules end locked (immutable until reboot)")
	}
	assert.JSONEq(t, `{"agent":{"run_as_user":"root"},"logs":{"logs_collected":{"files":{"collect_list":[
		{"file_path":"/var/log/secure","log_group_name":"/sce/hipaa/ssh","log_stream_name":"{instance_id}/secure"},
		{"file_path":"/var/log/audit/audit.log","log_group_name":"/sce/hipaa/ssh","log_stream_name":"{instance_id}/audit"}]}}}}`,
		fileContent(t, worker, "/opt/aws/amazon-cloudwatch-agent/etc/sce.json"))
	assert.Equal(t, []string{"rsyslog", "amazon-cloudwatch-agent", "audit"}, worker.Packages)
	assert.True(t, worker.PackageUpgrade)

	var cmds struct {
		Runcmd [][]string `yaml:"runcmd"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(renderFor(t, Worker)), &cmds))
	// The rules move into rules.d and load last, after /data is mounted: a
	// watch of /data set before would watch the empty mount point, and -e 2
	// locks it; in rules.d earlier, auditd could load them itself.
	loadRules := [][]string{
		{"mv", "/etc/audit/sce-staged.rules", "/etc/audit/rules.d/zz-sce.rules"},
		{"sh", "-c", `sed -i -E '/^[[:space:]]*-a[[:space:]]+(task,never|never,task)[[:space:]]*$/d' /etc/audit/rules.d/*.rules`},
		{"augenrules", "--load"},
	}
	start := [][]string{
		{"systemctl", "enable", "--now", "rsyslog"},
		{"systemctl", "restart", "sshd"},
		{"/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl", "-a", "fetch-config", "-m", "ec2", "-s", "-c", "file:/opt/aws/amazon-cloudwatch-agent/etc/sce.json"},
	}
	assert.Equal(t, append(append(slices.Clone(start), []string{"/usr/local/sbin/sce-mount-data"}), loadRules...), cmds.Runcmd)
	cmds.Runcmd = nil
	require.NoError(t, yaml.Unmarshal([]byte(renderFor(t, Bastion)), &cmds))
	assert.Equal(t, append(slices.Clone(start), loadRules...), cmds.Runcmd)
}

// TestDropTaskNeverKeepsOtherRules runs the command that removes an image's
// "never audit a task" rule, with the system's sed, on rules files like an
// image's: only that rule goes, in either order of its words and with any
// spacing; every other rule, comment and file stays as it was.
func TestDropTaskNeverKeepsOtherRules(t *testing.T) {
	if _, err := exec.LookPath("sed"); err != nil {
		t.Skip("sed is not installed")
	}
	dir := t.TempDir()
	files := map[string]string{
		"audit.rules":    "## This suppresses syscall auditing for all tasks started\n## with this rule in effect.\n-a task,never\n-D\n-b 8192\n",
		"10-other.rules": "-a never,task   \n  -a  task,never\n-a always,exit -F arch=b64 -S execve -k mine\n-a exit,never -F arch=b64 -S mount\n",
		"zz-sce.rules":   auditRules(Worker),
	}
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
	}
	out, err := exec.Command("sh", "-c", dropTaskNever(dir)).CombinedOutput()
	require.NoError(t, err, string(out))
	want := map[string]string{
		"audit.rules":    "## This suppresses syscall auditing for all tasks started\n## with this rule in effect.\n-D\n-b 8192\n",
		"10-other.rules": "-a always,exit -F arch=b64 -S execve -k mine\n-a exit,never -F arch=b64 -S mount\n",
		"zz-sce.rules":   auditRules(Worker),
	}
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, content, string(got), name)
	}
}

func TestMountScriptNamesTheVolume(t *testing.T) {
	script := fileContent(t, parsed(t, renderFor(t, Worker)), "/usr/local/sbin/sce-mount-data")
	assert.Contains(t, script, "dev=${SCE_DATA_DEVICE:-/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0}\n")
	assert.Contains(t, script, `echo "sce: data volume vol-0123456789abcdef0 is not attached after 10 minutes"`)
	assert.Contains(t, script, "chgrp sce-researchers \"$dir\"\n")
}

// runMountScript runs the worker's mount script with fake blkid, mkfs.xfs,
// mount and friends that log their calls; blkidProbe is the exit code the
// fake `blkid -p` gives (0: a filesystem is there, 2: blank, 4: error).
func runMountScript(t *testing.T, blkidProbe string) (calls string, fstab string, err error) {
	t.Helper()
	if _, lookErr := exec.LookPath("bash"); lookErr != nil {
		t.Skip("bash is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	require.NoError(t, os.Mkdir(bin, 0o755))
	log := filepath.Join(dir, "calls")
	fake := func(name, body string) {
		script := "#!/bin/bash\necho \"" + name + " $*\" >> " + log + "\n" + body + "\n"
		require.NoError(t, os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755))
	}
	fake("blkid", `if [ "$1" = "-p" ]; then exit `+blkidProbe+`; fi; echo 1111-2222`)
	for _, name := range []string{"mkfs.xfs", "mount", "mountpoint", "chgrp", "chmod"} {
		fake(name, "exit 0")
	}
	device := filepath.Join(dir, "device")
	require.NoError(t, os.WriteFile(device, nil, 0o600))
	fstabPath := filepath.Join(dir, "fstab")
	require.NoError(t, os.WriteFile(fstabPath, nil, 0o600))
	cmd := exec.Command("bash", "-c", mountScript("vol-0123456789abcdef0"))
	cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "SCE_DATA_DEVICE=" + device, "SCE_FSTAB=" + fstabPath,
		"SCE_DATA_DIR=" + filepath.Join(dir, "data"), "SCE_WAIT_TRIES=1"}
	_, err = cmd.CombinedOutput()
	c, _ := os.ReadFile(log)
	f, _ := os.ReadFile(fstabPath)
	return strings.ReplaceAll(string(c), dir, "$T"), strings.ReplaceAll(string(f), dir, "$T"), err
}

func TestMountScriptKeepsExistingFilesystem(t *testing.T) {
	calls, fstab, err := runMountScript(t, "0")
	require.NoError(t, err)
	assert.NotContains(t, calls, "mkfs.xfs", "a volume that holds a filesystem is never formatted")
	assert.Equal(t, "blkid -p $T/device\nblkid -s UUID -o value $T/device\nmount $T/data\nchgrp sce-researchers $T/data\nchmod 2770 $T/data\n", calls)
	assert.Equal(t, "UUID=1111-2222 $T/data xfs defaults,nofail 0 2\n", fstab)
}

func TestMountScriptFormatsOnlyABlankVolume(t *testing.T) {
	calls, _, err := runMountScript(t, "2")
	require.NoError(t, err)
	assert.Contains(t, calls, "mkfs.xfs -L sce-data $T/device\n")
}

func TestMountScriptRefusesWhenUnsure(t *testing.T) {
	calls, fstab, err := runMountScript(t, "4")
	require.Error(t, err)
	assert.Equal(t, "blkid -p $T/device\n", calls, "neither formats nor mounts")
	assert.Empty(t, fstab)
}
