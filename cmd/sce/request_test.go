package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequestUnknownSubcommandSuggests(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"request", "valdate", "x.yaml"}, `sce: unknown command "valdate" for "sce request"; did you mean validate?` + "\n"},
		{[]string{"request", "aprove"}, `sce: unknown command "aprove" for "sce request"; did you mean approve?` + "\n"},
		{[]string{"request", "send"}, `sce: unknown command "send" for "sce request": use approve or validate` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.args[1], func(t *testing.T) {
			stdout, stderr, code := executeLifecycle(t, tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, tt.want, stderr)
			assert.Empty(t, stdout)
		})
	}
}

// TestRequestDocumentedCommandsOnTheShippedRepository runs, from the
// repository root and with the default --stacks and --site, the request
// commands README.md and the examples give, on the repository as shipped
// (its stacks already hold vitals and omop).
func TestRequestDocumentedCommandsOnTheShippedRepository(t *testing.T) {
	t.Chdir("../..")
	tests := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{args: []string{"request", "validate", "examples/requests/vitals-study.yaml"}, code: exitOK,
			stdout: "examples/requests/vitals-study.yaml: valid: STUDY00012345, 2 researchers, 1 worker, study ends 2029-06-30\n"},
		{args: []string{"request", "validate", "examples/poc-b-omop/omop-request.yaml"}, code: exitOK,
			stdout: "examples/poc-b-omop/omop-request.yaml: valid: STUDY00012399, 2 researchers, 2 workers, study ends 2028-01-31\n"},
		// The shipped stacks hold vitals and omop: approve refuses their PITs, as the walkthroughs say.
		{args: []string{"request", "approve", "examples/requests/vitals-study.yaml", "--pit", "vitals"}, code: exitUsage,
			stderr: `sce: --pit: "vitals" is already used by stack vitals (stacks/Pulumi.vitals.yaml): choose another PIT` + "\n"},
		{args: []string{"request", "approve", "examples/poc-b-omop/omop-request.yaml", "--pit", "omop"}, code: exitUsage,
			stderr: `sce: --pit: "omop" is already used by stack omop (stacks/Pulumi.omop.yaml): choose another PIT` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.args[1]+" "+tt.args[2], func(t *testing.T) {
			stdout, stderr, code := executeLifecycle(t, tt.args...)
			require.Equal(t, tt.code, code, stderr)
			assert.Equal(t, tt.stdout, stdout)
			if tt.code != exitOK { // validate's warnings depend on every shipped stack; its exit code says it found no problem
				assert.Equal(t, tt.stderr, stderr)
			}
		})
	}
}

// TestRequestApproveDryRunNextToTheShippedStacks: the walkthroughs' way to
// watch approve work again, another PIT and --dry-run, prints the stack
// file with the block validate planned and writes nothing.
func TestRequestApproveDryRunNextToTheShippedStacks(t *testing.T) {
	t.Chdir("../..")
	stdout, stderr, code := executeLifecycle(t, "request", "approve", "examples/poc-b-omop/omop-request.yaml", "--pit", "omop2", "--dry-run")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "\n  sce:pit: omop2\n")
	assert.Contains(t, stdout, "\n  sce:vpcCidr: 10.16.16.0/20 # first free /20 of the pool in stacks/site.yaml\n",
		"the next block after vitals' 10.16.0.0/20")
	assert.NoFileExists(t, "stacks/Pulumi.omop2.yaml")
}

// TestRequestLifecyclePageCommands runs the commands of docs/lifecycle.md
// and docs/researchers.md on a copy of the example request named as they
// name it, next to a copy of the shipped stacks: validate, then approve
// under a PIT the shipped stacks do not use, dry-run and then written.
func TestRequestLifecyclePageCommands(t *testing.T) {
	data, err := os.ReadFile("../../examples/requests/vitals-study.yaml")
	require.NoError(t, err)
	stacksDir := t.TempDir()
	names, err := filepath.Glob("../../stacks/Pulumi.*.yaml")
	require.NoError(t, err)
	for _, name := range append(names, "../../stacks/site.yaml") {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(stacksDir, filepath.Base(name)), b, 0o600))
	}
	req := filepath.Join(t.TempDir(), "my-request.yaml")
	require.NoError(t, os.WriteFile(req, data, 0o600))
	flags := []string{"--stacks", stacksDir, "--site", filepath.Join(stacksDir, "site.yaml")}

	_, stderr, code := executeLifecycle(t, append([]string{"request", "validate", req}, flags...)...)
	require.Equal(t, exitOK, code, stderr)
	stdout, stderr, code := executeLifecycle(t, append([]string{"request", "approve", req, "--pit", "sleep", "--dry-run"}, flags...)...)
	require.Equal(t, exitOK, code, stderr)
	assert.True(t, strings.HasPrefix(stdout, "# Project sleep: Vital signs and music purchases: synthetic time series\n"), stdout)
	assert.NoFileExists(t, filepath.Join(stacksDir, "Pulumi.sleep.yaml"))
	stdout, stderr, code = executeLifecycle(t, append([]string{"request", "approve", req, "--pit", "sleep"}, flags...)...)
	require.Equal(t, exitOK, code, stderr)
	path := filepath.Join(stacksDir, "Pulumi.sleep.yaml")
	assert.True(t, strings.HasPrefix(stdout, "wrote "+path+": project sleep, VPC 10.16.16.0/20 ("), stdout)
	assert.FileExists(t, path)
}
