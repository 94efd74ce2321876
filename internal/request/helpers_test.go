package request

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// today is the date every test runs on.
var today = time.Date(2026, 3, 1, 15, 4, 5, 0, time.UTC)

const keyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILryn7Nkc/9voY1LkTvGar1qn0+R4thkX0B4TBrgIdLW k@laptop"

// validRequest is a complete request; tests replace single lines of it.
const validRequest = `title: "Synthetic vitals"
principalInvestigator:
  name: Dr. K. Researcher
  email: k.researcher@example.edu
irb:
  protocol: STUDY00012345
  approvedOn: 2026-01-15
  expiresOn: 2027-01-14
studyEndDate: 2026-12-31
dataClass: phi
costCenter: CC-4711
monthlyBudgetUsd: 1500
allowedClientCidrs:
  - 198.51.100.0/24
researchers:
  - username: kresearcher
    email: k.researcher@example.edu
    sshPublicKey: ` + keyA + `
workers:
  count: 1
  instanceType: m5.xlarge
  dataVolumeSizeGiB: 200
`

const validSite = `config:
  aws:region: us-west-2
  sce:baselineStack: account
  sce:availabilityZone: us-west-2a
  sce:adminRoleArn: arn:aws:iam::123456789012:role/sce-admin
  sce:alertEmails:
    - sce-security@example.edu
vpcPool:
  cidrs:
    - 10.16.0.0/12
  prefixLength: 20
`

// replace swaps one exact substring of s, which must occur once.
func replace(t *testing.T, s, old, new string) string {
	t.Helper()
	require.Equal(t, 1, strings.Count(s, old), "test setup: %q must occur once", old)
	return strings.Replace(s, old, new, 1)
}

// writeFile writes content to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// stackFile is a minimal environment stack file with a VPC block.
func stackFile(pit, cidr, zone string) string {
	return "config:\n  aws:region: us-west-2\n  sce:pit: " + pit + "\n  sce:vpcCidr: " + cidr +
		"\n  sce:availabilityZone: " + zone + "\n"
}

// options are Options on a temporary stacks directory with the site file.
func options(t *testing.T, site string) Options {
	t.Helper()
	dir := t.TempDir()
	baseline, err := os.ReadFile("../../stacks/Pulumi.account.yaml")
	require.NoError(t, err)
	writeFile(t, dir, "Pulumi.account.yaml", string(baseline))
	return Options{
		StacksDir: dir, SitePath: writeFile(t, dir, "site.yaml", site),
		Build: stacks.Build, Known: stacks.KnownConfigKeys(), Today: today,
	}
}

// splitProblems returns the ConfigErrors in err (or err itself as one).
func splitProblems(err error) []error {
	var cerrs stackfile.ConfigErrors
	if !errors.As(err, &cerrs) {
		return []error{err}
	}
	out := make([]error, len(cerrs))
	for i, e := range cerrs {
		out[i] = e
	}
	return out
}

func replaceAll(s, old, new string) string { return strings.ReplaceAll(s, old, new) }

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// problemsErr is list as an error, or nil when empty.
func problemsErr(list stackfile.ConfigErrors) error {
	if len(list) == 0 {
		return nil
	}
	return list
}
