package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/closeout"
)

// noAWS fails the test if a close-out opens its stack or AWS clients.
type noAWS struct{ t *testing.T }

// Env implements closeoutServices.
func (n noAWS) Env(context.Context, closeoutOptions, io.Writer) (closeout.Env, error) {
	n.t.Error("the dry run opened the stack and the AWS clients")
	return closeout.Env{}, nil
}

// unreadable fails the test if the command reads its input (a prompt).
type unreadable struct{ t *testing.T }

func (u unreadable) Read([]byte) (int, error) {
	u.t.Error("the dry run read its input")
	return 0, io.EOF
}

// TestCloseoutDryRunNeverOpensAWS: --dry-run works from the stack file and
// its offline plan: no AWS client or Pulumi stack, no prompt, no --yes.
func TestCloseoutDryRunNeverOpensAWS(t *testing.T) {
	l := testLifecycle()
	l.closeout = noAWS{t}
	stateDir := filepath.Join(t.TempDir(), "state")
	stdout, stderr, code := executeLifecycleWith(t, l, unreadable{t}, "closeout", "hipaa", "--dry-run", "--stacks", shippedStacks,
		"--state-dir", stateDir)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stderr)
	assert.True(t, strings.HasPrefix(stdout, "close-out of stack hipaa: DRY RUN, nothing was changed; AWS and Pulumi were not contacted\n"+
		"worked out from the stack file and its offline plan; the real run reads the deployed stack\n"+
		"project    hipaa: POC A: synthetic vitals time series\n"+
		"PI         Dr. K. Researcher; IRB protocol STUDY00012345; data class phi\n"+
		"study end  2027-06-30, 486 days from today (2026-03-01): the real run would be REFUSED without --force --reason\n"+
		"operator   will be the AWS caller identity at run time (STS GetCallerIdentity), never $USER: it signs the lock and the report\n"+
		"archive    the archive of the baseline stack account (outputs archiveBucketName, archiveKeyArn)\n"), stdout)
	assert.Contains(t, stdout, "\narchived: the current objects of each bucket, to objects/hipaa/<instance>/<role>/ in the archive\n"+
		"  data-in      hipaa-data-in\n  output       hipaa-output\n  logs         hipaa-logs\n  access-logs  hipaa-access-logs\n"+
		"exported: every event of each log group, before pulumi destroy deletes it, to\n"+
		"  objects/hipaa/<instance>/cloudwatch-logs/<group name without its first />.jsonl.gz (the report gives each group's event count)\n"+
		"  /sce/hipaa/cloudtrail\n  /sce/hipaa/dns-queries\n  /sce/hipaa/flow-logs\n  /sce/hipaa/ssh\n"+
		"deleted without archiving (emptied, then destroyed)\n  ancillary    hipaa-ancillary: every object and version\n")
	assert.Contains(t, stdout, "\n  the KMS key hipaa-key, enabled (retainOnDelete): the recovery points and a final snapshot are\n"+
		"    encrypted with it; the report says until when they need it, then schedule its deletion\n")
	assert.Contains(t, stdout, "\n  the account baseline stack account: not touched\n")
	_, err := os.Stat(stateDir)
	assert.ErrorIs(t, err, os.ErrNotExist, "the dry run writes no state")
}

func TestCloseoutDryRunRefuses(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"baseline", []string{"closeout", "account", "--dry-run", "--stacks", shippedStacks},
			"sce: stack account is the account baseline (sce:kind: baseline): close-out ends research projects, and the baseline keeps their archive\n"},
		{"force without reason", []string{"closeout", "hipaa", "--dry-run", "--force", "--stacks", shippedStacks},
			"sce: --force needs --reason: say why the project closes before its study end date\n"},
		{"reason without force", []string{"closeout", "hipaa", "--dry-run", "--reason", "IRB closed it", "--stacks", shippedStacks},
			"sce: --reason is recorded only for a forced close-out: add --force to close out before the study end date, or drop --reason\n"},
		{"no workers", []string{"closeout", "hipaa", "--dry-run", "--workers", "0", "--stacks", shippedStacks},
			"sce: --workers 0: give 1 or more objects to copy or check at once\n"},
		{"negative workers", []string{"closeout", "hipaa", "--dry-run", "--workers", "-3", "--stacks", shippedStacks},
			"sce: --workers -3: give 1 or more objects to copy or check at once\n"},
		{"archive bucket S3 would not take", []string{"closeout", "hipaa", "--dry-run", "--archive-bucket", "BAD_bucket", "--stacks", shippedStacks},
			"sce: --archive-bucket: \"BAD_bucket\" is not an S3 bucket name: 'B' is not allowed: use lowercase letters, digits, dots and hyphens: " +
				"name the archive bucket of the account baseline\n"},
		{"baseline stack without a file", []string{"closeout", "hipaa", "--dry-run", "--stacks", shippedStacks, "--baseline-stack", "nope"},
			"sce: --baseline-stack: no stack \"nope\": ../../stacks/Pulumi.nope.yaml does not exist; stacks there: account, hipaa, omop, vitals\n"},
		{"baseline stack that is a project", []string{"closeout", "hipaa", "--dry-run", "--stacks", shippedStacks, "--baseline-stack", "org/sce/omop"},
			"sce: --baseline-stack org/sce/omop: ../../stacks/Pulumi.omop.yaml has no sce:kind: baseline, so it is a project, not the account's " +
				"baseline: name the baseline stack, or leave the flag out for sce:baselineStack\n"},
		{"no stack file", []string{"closeout", "nope", "--dry-run", "--stacks", shippedStacks},
			"sce: no stack \"nope\": ../../stacks/Pulumi.nope.yaml does not exist; stacks there: account, hipaa, omop, vitals\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := testLifecycle()
			l.closeout = noAWS{t}
			stdout, stderr, code := executeLifecycleWith(t, l, unreadable{t}, tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, stdout)
			assert.Equal(t, tt.stderr, stderr)
		})
	}
}

// TestCloseoutDryRunReadsBaselineStackFlag: --baseline-stack is the
// baseline the dry run reports, as the real run would read it.
func TestCloseoutDryRunReadsBaselineStackFlag(t *testing.T) {
	l := testLifecycle()
	l.closeout = noAWS{t}
	stdout, stderr, code := executeLifecycleWith(t, l, unreadable{t}, "closeout", "hipaa", "--dry-run", "--stacks", shippedStacks,
		"--state-dir", filepath.Join(t.TempDir(), "state"), "--baseline-stack", "it-org/sce/account")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "archive    the archive of the baseline stack it-org/sce/account (outputs archiveBucketName, archiveKeyArn)\n")
	assert.Contains(t, stdout, "\n  the account baseline stack it-org/sce/account: not touched\n")
}

// TestCloseoutOperatorIsTheCallerNotUser: the real run records the AWS
// caller identity as its operator, whatever $USER and $LOGNAME say.
func TestCloseoutOperatorIsTheCallerNotUser(t *testing.T) {
	t.Setenv("USER", "mallory")
	t.Setenv("LOGNAME", "mallory")
	p := newEmptyProject(t)
	l := testLifecycle()
	l.closeout = p
	stateDir := t.TempDir()
	_, stderr, code := executeLifecycleWith(t, l, strings.NewReader(""), "closeout", "hipaa", "--yes", "--state-dir", stateDir)
	require.Equal(t, exitOK, code, stderr)
	state, err := os.ReadFile(filepath.Join(stateDir, "hipaa.json"))
	require.NoError(t, err)
	assert.Contains(t, string(state), `"operator": "arn:aws:sts::123456789012:assumed-role/sce-admin/it-admin"`)
	for _, name := range []string{"hipaa.json", "hipaa-closeout-report.md", "hipaa-closeout-report.json"} {
		data, err := os.ReadFile(filepath.Join(stateDir, name))
		require.NoError(t, err)
		assert.NotContains(t, string(data), "mallory", name)
	}
	assert.NotContains(t, stderr, "mallory")
}
