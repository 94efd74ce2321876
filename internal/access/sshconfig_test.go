package access

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// omopProject is a deployed project with two workers.
func omopProject() Project {
	return Project{PIT: "omop", BastionIP: "198.51.100.7", Researchers: []string{"kresearcher", "analyst"},
		Workers: []Worker{{Name: "omop-worker-1", PrivateIP: "10.21.1.10", InstanceID: "i-0aaaaaaaaaaaaaaa1"},
			{Name: "omop-worker-2", PrivateIP: "10.21.3.11", InstanceID: "i-0aaaaaaaaaaaaaaa2"}},
		DataInBucket: "omop-data-in-111122223333-us-west-2", KmsKeyArn: "arn:aws:kms:us-west-2:111122223333:key/k"}
}

// requireSSH returns the path of the OpenSSH client, or skips the test
// where it is not installed; under CI (CI set) a missing client fails.
func requireSSH(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ssh")
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("ssh is not installed and CI is set: CI must install openssh-client (.ci/run does) so the printed config is parsed by the real ssh")
	}
	t.Skip("ssh is not installed: the printed config is not parsed by the real ssh here (install openssh-client; under CI this fails)")
	return ""
}

// sshG is what the real ssh makes of the config for host: `ssh -G` parses
// the whole file, fails on any line that is not a valid ssh setting, and
// prints the settings it would use for host.
func sshG(t *testing.T, ssh, config, host string) map[string]string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(ssh, "-G", "-F", config, host)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "ssh -G -F %s %s: %s", config, host, stderr.String())
	settings := map[string]string{}
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), " ")
		if _, seen := settings[key]; !seen {
			settings[key] = value
		}
	}
	return settings
}

// pick returns the settings the tests assert.
func pick(s map[string]string) map[string]string {
	out := map[string]string{}
	for _, k := range []string{"hostname", "port", "user", "identityfile", "identitiesonly", "forwardagent", "proxyjump", "proxycommand"} {
		if v, ok := s[k]; ok {
			out[k] = v
		}
	}
	return out
}

func writeConfig(t *testing.T, p Project, o Options) (path, text string) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, p, o))
	path = filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
	return path, buf.String()
}

// TestRenderedConfigParsesWithRealSSH: what `sce access` prints is a
// valid ssh config as it is, and ssh reads it as intended.
func TestRenderedConfigParsesWithRealSSH(t *testing.T) {
	ssh := requireSSH(t)
	config, _ := writeConfig(t, omopProject(), Options{Researcher: "analyst", Identity: "~/.ssh/omop"})
	assert.Equal(t, map[string]string{"hostname": "198.51.100.7", "port": "22", "user": "analyst",
		"identityfile": "~/.ssh/omop", "identitiesonly": "yes", "forwardagent": "no"}, pick(sshG(t, ssh, config, "omop-bastion")))
	for host, ip := range map[string]string{"omop-worker-1": "10.21.1.10", "omop-worker-2": "10.21.3.11"} {
		assert.Equal(t, map[string]string{"hostname": ip, "port": "22", "user": "analyst", "identityfile": "~/.ssh/omop",
			"identitiesonly": "yes", "forwardagent": "no", "proxyjump": "omop-bastion"}, pick(sshG(t, ssh, config, host)), host)
	}
}

// TestIncludedAtTheTopConfigWins: the printed config says to save it as
// its own file and include it at the top of ~/.ssh/config; done so, its
// settings win over a Host * block of the researcher's own config, which
// would override them if the config were appended after it.
func TestIncludedAtTheTopConfigWins(t *testing.T) {
	ssh := requireSSH(t)
	path, text := writeConfig(t, omopProject(), Options{Researcher: "analyst", Identity: "~/.ssh/omop"})
	assert.True(t, strings.HasPrefix(text, "# Save this as ~/.ssh/sce-omop.conf and put this line at the TOP of ~/.ssh/config:\n"+
		"#     Include ~/.ssh/sce-omop.conf\n"+
		"# ssh takes the first value it finds for a setting, so a Host * block above the Include would\n"+
		"# override the settings below.\n"), text)
	own := "Host *\n    User laptop-user\n    ForwardAgent yes\n    IdentitiesOnly no\n"
	dir := t.TempDir()
	included := filepath.Join(dir, "config-included")
	require.NoError(t, os.WriteFile(included, []byte("Include "+path+"\n"+own), 0o600))
	appended := filepath.Join(dir, "config-appended")
	require.NoError(t, os.WriteFile(appended, []byte(own+text), 0o600))
	want := map[string]string{"hostname": "10.21.1.10", "port": "22", "user": "analyst", "identityfile": "~/.ssh/omop",
		"identitiesonly": "yes", "forwardagent": "no", "proxyjump": "omop-bastion"}
	assert.Equal(t, want, pick(sshG(t, ssh, included, "omop-worker-1")))
	got := pick(sshG(t, ssh, appended, "omop-worker-1"))
	assert.Equal(t, []string{"laptop-user", "yes", "no"}, []string{got["user"], got["forwardagent"], got["identitiesonly"]},
		"appended after a Host * block, the printed settings lose")
}

// TestRenderAsksToCheckHostKeys: the config says to accept a host key only
// with a fingerprint IT gave.
func TestRenderAsksToCheckHostKeys(t *testing.T) {
	for _, p := range []Project{omopProject(), omopSessionProject()} {
		_, text := writeConfig(t, p, Options{Researcher: "analyst"})
		assert.Contains(t, text, "# override the settings below.\n"+
			"# The first connection to each host asks you to confirm its key: answer yes only when the SHA256\n"+
			"# fingerprint ssh shows is one IT gave you (IT reads them from the instances' consoles).\n"+
			"# Every change to the project's researchers")
	}
}

// TestRenderSaysWhatReplacedInstancesNeed: a change to the researchers
// replaces the instances, so the config says to get a new one and to drop
// the bastion's old host key (session-manager mode has no bastion).
func TestRenderSaysWhatReplacedInstancesNeed(t *testing.T) {
	const replaced = "# Every change to the project's researchers replaces its instances: new worker addresses and new\n" +
		"# host keys. Then ask IT for a new config"
	_, text := writeConfig(t, omopProject(), Options{Researcher: "analyst"})
	assert.Contains(t, text, replaced+" and remove the bastion's old host key: ssh-keygen -R 198.51.100.7\n")
	_, text = writeConfig(t, omopSessionProject(), Options{Researcher: "analyst"})
	assert.Contains(t, text, replaced+".\n")
	assert.NotContains(t, text, "ssh-keygen -R")
}

// omopSessionProject is omopProject deployed with sce:access
// session-manager: no bastion address.
func omopSessionProject() Project {
	p := omopProject()
	p.BastionIP = ""
	return p
}

// TestSessionManagerConfigParsesWithRealSSH: in session-manager mode each
// worker is reached by instance ID through the project's own SSH session
// document (port 22 only; not AWS-StartSSHSession, which takes any port), as
// ssh reads it (ssh expands %h to the HostName, the instance ID, and %p to the
// port when it connects; ssh -G prints the command unexpanded).
func TestSessionManagerConfigParsesWithRealSSH(t *testing.T) {
	ssh := requireSSH(t)
	config, text := writeConfig(t, omopSessionProject(), Options{Researcher: "analyst", Identity: "~/.ssh/omop"})
	assert.NotContains(t, text, "omop-bastion")
	assert.Contains(t, text, "# AWS Systems Manager Session Manager. You need the AWS CLI, its Session Manager plugin, and AWS\n")
	for host, id := range map[string]string{"omop-worker-1": "i-0aaaaaaaaaaaaaaa1", "omop-worker-2": "i-0aaaaaaaaaaaaaaa2"} {
		assert.Equal(t, map[string]string{"hostname": id, "port": "22", "user": "analyst", "identityfile": "~/.ssh/omop",
			"identitiesonly": "yes", "forwardagent": "no",
			"proxycommand": "aws ssm start-session --region us-west-2 --target %h --document-name omop-ssh-session --parameters portNumber=%p"},
			pick(sshG(t, ssh, config, host)), host)
	}
}

// TestRenderedConfigOfSeveralResearchers: the output for every researcher
// is a valid ssh config too, and ssh uses the first section, as its header
// comment warns.
func TestRenderedConfigOfSeveralResearchers(t *testing.T) {
	ssh := requireSSH(t)
	config, text := writeConfig(t, hipaaProject(t), Options{})
	assert.Contains(t, text, "# One section per researcher. ssh uses the first Host block that matches a name, so each\n"+
		"# researcher keeps only their own section: sce access hipaa --researcher <username> > ~/.ssh/sce-hipaa.conf\n")
	assert.Equal(t, map[string]string{"hostname": "10.20.1.47", "port": "22", "user": "kresearcher", "identityfile": "~/.ssh/id_ed25519",
		"identitiesonly": "yes", "forwardagent": "no", "proxyjump": "hipaa-bastion"}, pick(sshG(t, ssh, config, "hipaa-worker-1")))
}

// TestRenderedConfigQuotesAnAwkwardIdentityPath: a key path with a blank,
// '#' and '%' reaches ssh whole ('%' escaped: ssh expands %-tokens there).
func TestRenderedConfigQuotesAnAwkwardIdentityPath(t *testing.T) {
	ssh := requireSSH(t)
	config, text := writeConfig(t, omopProject(), Options{Researcher: "analyst", Identity: "~/My Keys/omop#2 100%"})
	assert.Contains(t, text, "    IdentityFile \"~/My Keys/omop#2 100%%\"\n")
	assert.Equal(t, "~/My Keys/omop#2 100%%", sshG(t, ssh, config, "omop-worker-1")["identityfile"])
}

// configLine is every line an ssh config printed by Render may hold: a
// comment, a blank line, a Host line or an indented setting.
var configLine = regexp.MustCompile(`^(|#.*|Host [a-z0-9-]+|    (HostName|User|IdentityFile|IdentitiesOnly|ForwardAgent|ProxyJump|ProxyCommand) \S.*)$`)

// TestRenderedConfigHoldsOnlyConfigLines checks the printed file's shape
// where the real ssh is not installed too: hints are comments, never bare
// commands such as `aws s3 cp` or `scp`.
func TestRenderedConfigHoldsOnlyConfigLines(t *testing.T) {
	for name, p := range map[string]Project{"hipaa offline": hipaaProject(t), "omop": omopProject(), "omop session-manager": omopSessionProject()} {
		var buf bytes.Buffer
		require.NoError(t, Render(&buf, p, Options{}))
		for i, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
			assert.Regexp(t, configLine, line, "%s, line %d", name, i+1)
		}
		assert.Contains(t, buf.String(), "\n#     scp FILE "+p.PIT+"-worker-1:/data/\n", name)
	}
}

func TestRenderRefusesAnIdentityNoConfigCanHold(t *testing.T) {
	for identity, quoted := range map[string]string{`~/.ssh/a"b`: `"~/.ssh/a\"b"`, "~/.ssh/a\nHost *": `"~/.ssh/a\nHost *"`} {
		err := Render(&bytes.Buffer{}, omopProject(), Options{Identity: identity})
		assert.ErrorIs(t, err, ErrBadIdentity)
		assert.EqualError(t, err, "bad identity file path: --identity "+quoted+" holds a double quote or a control character,"+
			" which an ssh config line cannot hold: rename the key file or link it under a plain name")
	}
}

func TestFromOutputsRefusesValuesNoConfigCanHold(t *testing.T) {
	valid := func() map[string]any {
		return map[string]any{"pit": "omop", "bastionPublicIp": "198.51.100.7", "workerPrivateIps": []any{"10.21.1.10"},
			"workerInstanceIds": []any{"i-0123456789abcdef0"}, "researchers": []any{"analyst"}, "bucketNames": map[string]any{"data-in": "b"}, "kmsKeyArn": "k"}
	}
	_, err := FromOutputs(valid(), false)
	require.NoError(t, err)
	for _, c := range []struct {
		key  string
		val  any
		want string
	}{
		{"bastionPublicIp", "198.51.100.7\nHost *", `stack output bastionPublicIp is "198.51.100.7\nHost *", not an IP address`},
		{"workerPrivateIps", []any{"worker.example"}, `stack output workerPrivateIps holds "worker.example", not an IP address`},
		{"pit", "om op", `stack output pit is "om op", not a plain word an ssh config can hold`},
		{"researchers", []any{"analyst", "#x"}, `stack output researchers holds "#x", not a plain word an ssh config can hold`},
	} {
		out := valid()
		out[c.key] = c.val
		_, err := FromOutputs(out, false)
		assert.EqualError(t, err, c.want, c.key)
	}
}

// TestRenderTellsTheWorkingHours: a project with sce:schedule stops its
// instances after hours; the config says when, and whether they start
// again by themselves.
func TestRenderTellsTheWorkingHours(t *testing.T) {
	_, text := writeConfig(t, omopProject(), Options{Researcher: "analyst",
		Schedule: &sce.ScheduleArgs{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Stop: "20:00"}})
	assert.Contains(t, text, "\n# Working hours: the instances stop at 20:00 on MON-FRI (America/Los_Angeles time), which ends every session: save\n"+
		"# your work before then. They do not start by themselves: ask IT to start them.\n\n")

	_, text = writeConfig(t, omopProject(), Options{Researcher: "analyst",
		Schedule: &sce.ScheduleArgs{TimeZone: "America/Los_Angeles", Days: "MON-FRI", Start: "08:00", Stop: "19:00", AutoStart: true}})
	assert.Contains(t, text, "\n# Working hours: the instances run 08:00-19:00 on MON-FRI (America/Los_Angeles time) and are stopped outside them,\n"+
		"# which ends every session: save your work before 19:00.\n\n")

	_, text = writeConfig(t, omopProject(), Options{Researcher: "analyst"})
	assert.NotContains(t, text, "Working hours", "no schedule: the instances run until stopped")
}
