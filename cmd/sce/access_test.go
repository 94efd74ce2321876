package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deployedOutputs is what `pulumi stack output --json` prints for a project.
const deployedOutputs = `{"pit":"hipaa","bastionPublicIp":"198.51.100.20","workerPrivateIps":["10.20.1.15"],
"researchers":["kresearcher","jdoe"],"bucketNames":{"data-in":"hipaa-data-in-111122223333-us-west-2"},
"kmsKeyArn":"arn:aws:kms:us-west-2:111122223333:key/abc","vpcId":"vpc-1"}`

func TestAccessFromDeployedOutputs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outputs.json")
	require.NoError(t, os.WriteFile(path, []byte(deployedOutputs), 0o600))
	stdout, stderr, code := execute(t, "access", "hipaa", "--outputs", path, "--researcher", "jdoe")
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, stdout, "OFFLINE")
	assert.True(t, strings.HasPrefix(stdout, "# Save this as ~/.ssh/sce-hipaa.conf and put this line at the TOP of ~/.ssh/config:\n"+
		"#     Include ~/.ssh/sce-hipaa.conf\n"), stdout)
	assert.Contains(t, stdout, "# host keys. Then ask IT for a new config and remove the bastion's old host key: ssh-keygen -R 198.51.100.20\n")
	assert.Contains(t, stdout, "Host hipaa-bastion\n    HostName 198.51.100.20\n    User jdoe\n")
	assert.Contains(t, stdout, "Host hipaa-worker-1\n    HostName 10.20.1.15\n    User jdoe\n    IdentityFile ~/.ssh/id_ed25519\n    IdentitiesOnly yes\n    ForwardAgent no\n    ProxyJump hipaa-bastion\n")
	assert.NotContains(t, stdout, "User kresearcher")
	assert.Contains(t, stdout, "\n#     aws s3 cp FILE s3://hipaa-data-in-111122223333-us-west-2/ --sse aws:kms --sse-kms-key-id arn:aws:kms:us-west-2:111122223333:key/abc\n",
		"hints are comments: the output is appended to ~/.ssh/config as it is")
	for _, line := range strings.Split(stdout, "\n") {
		assert.False(t, strings.HasPrefix(line, "aws ") || strings.HasPrefix(line, "scp "), "bare command in the ssh config: %q", line)
	}
}

// omopOutputs are omop's deployed outputs: its stack file gives analyst an
// ECDSA key and kresearcher an Ed25519 key.
const omopOutputs = `{"pit":"omop","bastionPublicIp":"198.51.100.7","workerPrivateIps":["10.21.1.10","10.21.3.11"],
"researchers":["kresearcher","analyst"],"bucketNames":{"data-in":"omop-data-in-111122223333-us-west-2"},
"kmsKeyArn":"arn:aws:kms:us-west-2:111122223333:key/k"}`

// TestAccessIdentityFollowsTheKeyType: with IdentitiesOnly yes, ssh offers
// only the IdentityFile, so each researcher's is the file ssh-keygen writes
// for the type of their key in the stack file, unless --identity names one.
func TestAccessIdentityFollowsTheKeyType(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outputs.json")
	require.NoError(t, os.WriteFile(path, []byte(omopOutputs), 0o600))
	worker := func(user, identity string) string {
		return "Host omop-worker-2\n    HostName 10.21.3.11\n    User " + user + "\n    IdentityFile " + identity + "\n"
	}
	stdout, stderr, code := execute(t, "access", "omop", "--outputs", path, "--stacks", shippedStacks)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, 3, strings.Count(stdout, "    User analyst\n    IdentityFile ~/.ssh/id_ecdsa\n"), stdout)
	assert.Equal(t, 3, strings.Count(stdout, "    User kresearcher\n    IdentityFile ~/.ssh/id_ed25519\n"), stdout)
	assert.Contains(t, stdout, worker("analyst", "~/.ssh/id_ecdsa"))

	stdout, stderr, code = execute(t, "access", "omop", "--outputs", path, "--stacks", shippedStacks,
		"--researcher", "analyst", "--identity", "~/.ssh/omop_key")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, 3, strings.Count(stdout, "    IdentityFile ~/.ssh/omop_key\n"), "an explicit --identity wins: %s", stdout)
	assert.NotContains(t, stdout, "IdentityFile ~/.ssh/id_ecdsa")

	stdout, stderr, code = execute(t, "access", "omop", "--outputs", path, "--stacks", t.TempDir(), "--researcher", "analyst")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, worker("analyst", "~/.ssh/id_ed25519"), "without a stack file the key type is unknown")

	stdout, stderr, code = executeWith(t, defaultApp(), "access", "omop", "--stacks", shippedStacks, "--researcher", "analyst")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, 3, strings.Count(stdout, "    User analyst\n    IdentityFile ~/.ssh/id_ecdsa\n"), "offline too: %s", stdout)
}

// TestAccessTellsTheWorkingHours: the config of a project with
// sce:schedule says when the instances stop (omop: 20:00, no autoStart;
// hipaa: 08:00-19:00 with autoStart); vitals has no schedule.
func TestAccessTellsTheWorkingHours(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outputs.json")
	require.NoError(t, os.WriteFile(path, []byte(omopOutputs), 0o600))
	stdout, stderr, code := execute(t, "access", "omop", "--outputs", path, "--stacks", shippedStacks)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, 1, strings.Count(stdout, "\n# Working hours: the instances stop at 20:00 on MON-FRI (America/Los_Angeles time), "+
		"which ends every session: save\n# your work before then. They do not start by themselves: ask IT to start them.\n"), stdout)

	require.NoError(t, os.WriteFile(path, []byte(deployedOutputs), 0o600))
	stdout, stderr, code = execute(t, "access", "hipaa", "--outputs", path, "--stacks", shippedStacks)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "\n# Working hours: the instances run 08:00-19:00 on MON-FRI (America/Los_Angeles time) "+
		"and are stopped outside them,\n# which ends every session: save your work before 19:00.\n")

	stdout, stderr, code = executeWith(t, defaultApp(), "access", "vitals", "--stacks", shippedStacks)
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, stdout, "Working hours")
}

// TestAccessHelpSaysToInclude: the help says to save the config as a file
// of its own and include it at the top of ~/.ssh/config, never to append
// it (a Host * block above it would override its settings).
func TestAccessHelpSaysToInclude(t *testing.T) {
	stdout, stderr, code := execute(t, "--help")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "Print each researcher's ssh config, to include from ~/.ssh/config, with the data upload commands")
	stdout, stderr, code = execute(t, "access", "--help")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "ssh config: save it as ~/.ssh/sce-<pit>.conf and put Include ~/.ssh/sce-<pit>.conf at the top\n"+
		"of ~/.ssh/config (ssh takes the first value it finds).")
	assert.Contains(t, stdout, "  sce access hipaa --outputs outputs.json --researcher jdoe > ~/.ssh/sce-hipaa.conf\n")
	assert.NotContains(t, stdout, ">> ~/.ssh/config")
}

func TestAccessErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outputs.json")
	require.NoError(t, os.WriteFile(path, []byte(deployedOutputs), 0o600))
	_, stderr, code := execute(t, "access", "hipaa", "--outputs", path, "--researcher", "mallory")
	assert.Equal(t, 2, code)
	assert.Equal(t, "sce: unknown researcher: --researcher \"mallory\" is not a researcher of project hipaa: use one of kresearcher, jdoe\n", stderr)

	_, stderr, code = execute(t, "access", "hipaa", "--outputs", path, "--identity", `~/.ssh/my"key`)
	assert.Equal(t, 2, code)
	assert.Equal(t, "sce: bad identity file path: --identity \"~/.ssh/my\\\"key\" holds a double quote or a control character, "+
		"which an ssh config line cannot hold: rename the key file or link it under a plain name\n", stderr)

	require.NoError(t, os.WriteFile(path, []byte(`{"pit":"x"}`), 0o600))
	_, stderr, code = execute(t, "access", "x", "--outputs", path)
	assert.Equal(t, 1, code)
	assert.Equal(t, "sce: access x: stack outputs lack bastionPublicIp, workerPrivateIps, researchers, bucketNames, kmsKeyArn: "+
		"is this an sce project stack, deployed with this version?\n", stderr)
}

func TestAccessRefusesAnotherStacksOutputs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outputs.json")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(deployedOutputs, `"pit":"hipaa"`, `"pit":"omop"`, 1)), 0o600))
	stdout, stderr, code := execute(t, "access", "hipaa", "--outputs", path, "--stacks", filepath.Join("..", "..", "stacks"))
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "sce: --outputs "+path+`: holds the outputs of project "omop" (output pit), but stack hipaa is project "hipaa" `+
		"("+filepath.Join("..", "..", "stacks", "Pulumi.hipaa.yaml")+"): write this stack's outputs with "+
		"`pulumi stack output --json -s hipaa > "+path+"`, or name the stack those outputs belong to\n", stderr)

	dir := t.TempDir()
	_, stderr, code = execute(t, "access", "hipaa", "--outputs", path, "--stacks", dir)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "sce: --outputs "+path+`: holds the outputs of project "omop" (output pit), but stack hipaa is project "hipaa" `+
		"(the stack name, as no stack file "+filepath.Join(dir, "Pulumi.hipaa.yaml")+" was found): write this stack's outputs with "+
		"`pulumi stack output --json -s hipaa > "+path+"`, or name the stack those outputs belong to\n", stderr)
}

// TestAccessRefusesTheBaseline: the account baseline has no bastion and no
// researchers; access says so, offline and with outputs, and exits with 2.
func TestAccessRefusesTheBaseline(t *testing.T) {
	const want = "sce: stack account is the account baseline (sce:kind: baseline): it has no bastion and no researchers; " +
		"access prints the ssh config of a research project's stack\n"
	stdout, stderr, code := executeWith(t, defaultApp(), "access", "account", "--stacks", shippedStacks)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, want, stderr)
	assert.Empty(t, stdout)

	path := filepath.Join(t.TempDir(), "outputs.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"archiveBucketName":"sce-archive-111122223333-us-west-2"}`), 0o600))
	stdout, stderr, code = executeWith(t, defaultApp(), "access", "account", "--outputs", path, "--stacks", shippedStacks)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, want, stderr)
	assert.Empty(t, stdout)
}

// TestAccessInputErrors: an outputs file that is missing or not JSON, and
// an empty --identity or --researcher, are wrong input (exit code 2), as in
// sce egress.
func TestAccessInputErrors(t *testing.T) {
	good := filepath.Join(t.TempDir(), "outputs.json")
	require.NoError(t, os.WriteFile(good, []byte(deployedOutputs), 0o600))
	missing := filepath.Join(t.TempDir(), "missing.json")
	notJSON := filepath.Join(t.TempDir(), "outputs.txt")
	require.NoError(t, os.WriteFile(notJSON, []byte("bastionPublicIp = 198.51.100.20\n"), 0o600))
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"missing outputs", []string{"--outputs", missing}, "sce: --outputs: open " + missing + ": no such file or directory\n"},
		{"outputs not JSON", []string{"--outputs", notJSON}, "sce: --outputs " + notJSON +
			" is not the JSON of `pulumi stack output --json`: invalid character 'b' looking for beginning of value\n"},
		{"empty identity", []string{"--outputs", good, "--identity", ""},
			"sce: --identity is empty: give the path of the private key to write as IdentityFile, " +
				"or leave the flag out for the file ssh-keygen writes for the researcher's key type\n"},
		{"blank identity", []string{"--outputs", good, "--identity", " "},
			"sce: --identity is empty: give the path of the private key to write as IdentityFile, " +
				"or leave the flag out for the file ssh-keygen writes for the researcher's key type\n"},
		{"empty researcher", []string{"--outputs", good, "--researcher", ""},
			"sce: --researcher is empty: name one researcher of the project, or leave the flag out for all of them\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := execute(t, append([]string{"access", "hipaa"}, tt.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, tt.stderr, stderr)
			assert.Empty(t, stdout)
		})
	}
}
