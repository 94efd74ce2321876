package stacks_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/stacks"
)

// Tests of how two baseline stacks of one directory are compared.

// withSecondBaseline writes the shipped account stack, with edits made,
// as Pulumi.account2.yaml next to the shipped stacks (the account stack
// given sce:name acme, as the copy keeps it).
func withSecondBaseline(t *testing.T, edits ...[2]string) string {
	t.Helper()
	dir := shippedDir(t, map[string][][2]string{"account": {{"sce:auditLockDays: 365", "sce:auditLockDays: 365\n  sce:name: acme"}}})
	data, err := os.ReadFile(filepath.Join(dir, "Pulumi.account.yaml"))
	require.NoError(t, err)
	src := string(data)
	for _, e := range edits {
		require.Contains(t, src, e[0])
		src = strings.Replace(src, e[0], e[1], 1)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.account2.yaml"), []byte(src), 0o600))
	return dir
}

const oneBaselinePerAccount = "DIR/Pulumi.%[1]s.yaml:9: aws:region: \"us-west-2\" and account 123456789012 (sce:adminRoleArn, " +
	"DIR/Pulumi.%[1]s.yaml:14) are also the region and account of the baseline stack %[2]s (aws:region at DIR/Pulumi.%[2]s.yaml:9, " +
	"sce:adminRoleArn at DIR/Pulumi.%[2]s.yaml:14): an account and region take one baseline, since AWS keeps one Config recorder " +
	"and one GuardDuty detector there and refuses a second; keep one baseline stack per account and region"

func TestACopiedBaselineIsRefusedFromBothSides(t *testing.T) {
	dir := withSecondBaseline(t)
	for stack, other := range map[string]string{"account": "account2", "account2": "account"} {
		found, err := stacks.CheckNeighbours(dir, stack)
		require.NoError(t, err)
		assert.Equal(t, []string{
			sharedNameError("Pulumi."+stack+".yaml:23", "sce:name", "acme", "acme", "the name prefix of the baseline stack", other,
				"Pulumi."+other+".yaml:23", "acme-logs-<account>-<region>", "give the baseline another sce:name"),
			fmt.Sprintf(oneBaselinePerAccount, stack, other),
		}, rendered(dir, found.Errors), stack)
	}
}

func TestTwoBaselinesInOneAccountAndRegion(t *testing.T) {
	dir := withSecondBaseline(t, [2]string{"sce:name: acme", "sce:name: acme2"})
	found, err := stacks.CheckNeighbours(dir, "account2")
	require.NoError(t, err)
	assert.Equal(t, []string{fmt.Sprintf(oneBaselinePerAccount, "account2", "account")}, rendered(dir, found.Errors),
		"other names, the same account and region")
}

func TestBaselinesOfOtherRegionsOrAccountsAreFine(t *testing.T) {
	for name, edit := range map[string][2]string{
		"another region":  {"aws:region: us-west-2", "aws:region: us-east-1"},
		"another account": {"arn:aws:iam::123456789012:", "arn:aws:iam::210987654321:"},
	} {
		dir := withSecondBaseline(t, [2]string{"sce:name: acme", "sce:name: acme2"}, edit)
		found, err := stacks.CheckNeighbours(dir, "account2")
		require.NoError(t, err)
		assert.Empty(t, rendered(dir, found.Errors), name)
	}
}

// TestOneBaselineNameInTwoAccounts: two baselines of one sce:name in two
// accounts share no resource name (their bucket names hold the account;
// IAM and KMS names are the account's), while in two regions of one account
// their IAM roles would collide.
func TestOneBaselineNameInTwoAccounts(t *testing.T) {
	dir := withSecondBaseline(t, [2]string{"arn:aws:iam::123456789012:", "arn:aws:iam::210987654321:"},
		[2]string{"aws:region: us-west-2", "aws:region: us-east-1"})
	found, err := stacks.CheckNeighbours(dir, "account2")
	require.NoError(t, err)
	assert.Empty(t, rendered(dir, found.Errors), "another account, the same sce:name")

	dir = withSecondBaseline(t, [2]string{"aws:region: us-west-2", "aws:region: us-east-1"})
	found, err = stacks.CheckNeighbours(dir, "account2")
	require.NoError(t, err)
	assert.Equal(t, []string{sharedNameError("Pulumi.account2.yaml:23", "sce:name", "acme", "acme", "the name prefix of the baseline stack",
		"account", "Pulumi.account.yaml:23", "acme-logs-<account>-<region>", "give the baseline another sce:name")},
		rendered(dir, found.Errors), "another region of the same account")
}
