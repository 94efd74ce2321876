package stacks_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// Tests of how a project stack's config errors are reported: every problem
// at once, each naming its key, and located in the stack file.

func TestStackConfigErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("Pulumi.hipaa.yaml")
	require.NoError(t, err)
	bad := bytes.Replace(src, []byte("sce:vpcCidr: 10.20.0.0/16"), []byte("sce:vpcCidr: 8.8.0.0/16"), 1)
	bad = bytes.Replace(bad, []byte("    - 203.0.113.0/25"), []byte("    - 0.0.0.0/0"), 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.bad.yaml"), bad, 0o600))
	account, err := os.ReadFile("Pulumi.account.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.account.yaml"), account, 0o600), "the baseline the project names")

	p, err := stackfile.Plan(context.Background(), dir, "bad", stacks.Build, stacks.KnownConfigKeys())
	assert.Nil(t, p, "no half-built plan")
	var cerrs stackfile.ConfigErrors
	require.True(t, errors.As(err, &cerrs), "got %v", err)
	path := filepath.Join(dir, "Pulumi.bad.yaml")
	assert.Equal(t, fmt.Sprintf("%s:%d: sce:vpcCidr: \"8.8.0.0/16\" is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16\n"+
		"%s:%d: sce:allowedSshCidrs[1]: \"0.0.0.0/0\" opens SSH to the whole internet: list your institution's or VPN's blocks instead",
		path, lineOf(t, string(bad), "  sce:vpcCidr:"), path, lineOf(t, string(bad), "    - 0.0.0.0/0")),
		cerrs.Error())
}

func TestConfigTypeErrorsAreReportedWithValidation(t *testing.T) {
	_, err := planWithChanges(t, "hipaa", map[string]string{
		"sce:logRetentionDays": "a year",
		"sce:alertEmails":      "security@example.edu",
		"sce:vpcCidr":          "10.20.0.0/8",
	})
	assert.Equal(t, []string{
		`sce:alertEmails: must be a list of strings, for example ["a", "b"] or one item per line starting with "- "`,
		`sce:logRetentionDays: "a year" is not a whole number`,
		`sce:vpcCidr: "10.20.0.0/8" is /8: use a block from /16 to /24, for example 10.20.0.0/16`,
	}, validationProblems(t, err), "a key that failed to read is reported once")
}

// TestEmptyScheduleNamesWhatIsRequired: sce:schedule: {} says which fields
// a schedule needs, not that "" is a wrong list of days or time.
func TestEmptyScheduleNamesWhatIsRequired(t *testing.T) {
	_, err := planWithChanges(t, "hipaa", map[string]string{"sce:schedule": `{}`})
	assert.Equal(t, []string{
		"sce:schedule.timeZone: is required: an IANA time zone such as America/Los_Angeles",
		"sce:schedule.days: is required: the working days, such as MON-FRI or MON,WED,FRI",
		"sce:schedule.stop: is required: when the instances stop on working days, HH:MM (24-hour), for example 19:00",
	}, validationProblems(t, err))
}

func TestComputeConfigErrorsNameTheField(t *testing.T) {
	_, err := planWithChanges(t, "hipaa", map[string]string{
		"sce:workers":     `{"count":"two","instanceType":"t3.large"}`,
		"sce:researchers": `[{"username":"jdoe","publicKey":"ssh-ed25519 AAAA","emial":"x"}]`,
		"sce:bastion":     `{"instanceType":"t3.micro"}`,
	})
	assert.Equal(t, []string{
		"sce:workers.count: must be a whole number",
		"sce:researchers[0].emial: unknown field: did you mean email?",
		`sce:bastion.instanceType: "t3.micro" is a burstable T-family type, which AWS does not offer as a dedicated instance ` +
			"and so cannot run in the SCE's dedicated-tenancy VPC: use an m-family type such as m5.large",
	}, validationProblems(t, err), "a key that failed to read is reported once: workers' t3.large and the short key are not checked further")
}

func TestExplicitZeroIsRefusedNotDefaulted(t *testing.T) {
	_, err := planWithChanges(t, "hipaa", map[string]string{
		"sce:logRetentionDays": "0",
		"sce:workers":          `{"count":0,"instanceType":"m5.xlarge","dataVolumeSizeGiB":0}`,
		"sce:backup":           `{"minRetentionDays":0}`,
	})
	assert.Equal(t, []string{
		"sce:logRetentionDays: 0 days means nothing here and would silently become the default: leave the key out for the default, 365 days, or write the number of days you mean",
		"sce:workers.dataVolumeSizeGiB: 0 GiB means nothing here and would silently become the default: leave the key out for the default, 100 GiB, or write the number of GiB you mean",
		"sce:backup.minRetentionDays: 0 days means nothing here and would silently become the default: leave the key out for the default, 35 days, or write the number of days you mean",
	}, validationProblems(t, err), "count: 0 stays valid: no workers is a meaning")
}

func TestNestedKeyRepeatedInAnotherCaseIsRefused(t *testing.T) {
	_, err := planWithChanges(t, "hipaa", map[string]string{
		"sce:workers": `{"count":1,"Count":3,"instanceType":"m5.xlarge"}`,
	})
	assert.Equal(t, []string{
		"sce:workers.Count: repeats count, which is also set, in another case: keys are case-sensitive and Count would be ignored; keep one, spelled count",
	}, validationProblems(t, err))
}

// planBrokenHipaa plans a copy of Pulumi.hipaa.yaml (as stack "bad", beside
// the shipped baseline) with each old text replaced by its new text, given
// as pairs. It returns the copy's path and text with the plan's error.
func planBrokenHipaa(t *testing.T, oldNew ...string) (string, string, error) {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile("Pulumi.hipaa.yaml")
	require.NoError(t, err)
	for i := 0; i+1 < len(oldNew); i += 2 {
		require.True(t, bytes.Contains(src, []byte(oldNew[i])), "%q is not in Pulumi.hipaa.yaml", oldNew[i])
		src = bytes.Replace(src, []byte(oldNew[i]), []byte(oldNew[i+1]), 1)
	}
	path := filepath.Join(dir, "Pulumi.bad.yaml")
	require.NoError(t, os.WriteFile(path, src, 0o600))
	account, err := os.ReadFile("Pulumi.account.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.account.yaml"), account, 0o600))
	p, err := stackfile.Plan(context.Background(), dir, "bad", stacks.Build, stacks.KnownConfigKeys())
	assert.Nil(t, p, "no half-built plan")
	return path, string(src), err
}

func TestStringKeyRefusesListOrMap(t *testing.T) {
	path, src, err := planBrokenHipaa(t,
		"sce:principalInvestigator: Dr. K. Researcher", "sce:principalInvestigator: {name: Bob}",
		`sce:title: "POC A: synthetic vitals time series"`, "sce:title: [a, b]")
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf(
		"%s:%d: sce:title: is a list, want a string: write the text on the key's line, not as a list or map "+stacks.JSONNote+"\n"+
			"%s:%d: sce:principalInvestigator: is a map, want a string: write the text on the key's line, not as a list or map "+stacks.JSONNote,
		path, lineOf(t, src, "  sce:title:"), path, lineOf(t, src, "  sce:principalInvestigator:")), err.Error())
}

func TestEgressDomainErrorsNameTheItemOnItsLine(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("Pulumi.hipaa.yaml")
	require.NoError(t, err)
	bad := append(bytes.Clone(src), []byte("  sce:egressDomains:\n    - pypi.org\n    - \"*.s3.amazonaws.com\"\n")...)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.bad.yaml"), bad, 0o600))
	account, err := os.ReadFile("Pulumi.account.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.account.yaml"), account, 0o600), "the baseline the project names")

	p, err := stackfile.Plan(context.Background(), dir, "bad", stacks.Build, stacks.KnownConfigKeys())
	assert.Nil(t, p, "no half-built plan")
	var cerrs stackfile.ConfigErrors
	require.True(t, errors.As(err, &cerrs), "got %v", err)
	assert.Equal(t, fmt.Sprintf("%s:%d: sce:egressDomains[1]: \"*.s3.amazonaws.com\" is under amazonaws.com, AWS's service endpoints, "+
		"which serve every AWS account's buckets and services (an S3 endpoint of another region takes any bucket by path), a way out "+
		"for the project's data: sce reaches the AWS services a project uses through the VPC endpoints it creates and allows their "+
		"names itself; remove it",
		filepath.Join(dir, "Pulumi.bad.yaml"), lineOf(t, string(bad), `    - "*.s3.amazonaws.com"`)), cerrs.Error())
}
