package report

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// conformanceSection is the part of a control matrix from the accepted
// exceptions to the closing note.
func conformanceSection(t *testing.T, md string) string {
	t.Helper()
	start := strings.Index(md, "## Accepted exceptions\n")
	end := strings.Index(md, "## What this matrix cannot show\n")
	require.True(t, start > 0 && end > start, "the matrix has the conformance sections before its closing note")
	return md[start:end]
}

// TestControlsAcceptedExceptionsHipaa: the shipped hipaa stack (bastion
// access) shows its accepted exceptions (three for the bastion's public path,
// three AWS imposes on the server access log destination, one on its
// replica, which replicates back into it), the rules not yet met (none), the
// rules only AWS evaluates and the answer to the MFA finding, exactly as in
// testdata/conformance-hipaa.md.
func TestControlsAcceptedExceptionsHipaa(t *testing.T) {
	want, err := os.ReadFile("testdata/conformance-hipaa.md")
	require.NoError(t, err)
	md, err := Controls(hipaaBundle(t))
	require.NoError(t, err)
	assert.Equal(t, string(want), conformanceSection(t, string(md)))
}

// securityKeyPlan is a project plan with a bastion and no route table, two
// researchers of whom one holds a security key, in access mode mode.
func securityKeyPlan(mode string, required bool) *plan.Plan {
	cfg := map[string]string{"sce:researchers": `[{"username":"a","publicKey":"sk-ssh-ed25519@openssh.com AAAA a@x"},` +
		`{"username":"b","publicKey":"ssh-ed25519 AAAA b@x"}]`}
	if mode != "" {
		cfg["sce:access"] = mode
	}
	if required {
		cfg["sce:requireSecurityKeys"] = "true"
	}
	return &plan.Plan{Stack: "dev", Config: cfg, Resources: []plan.Resource{
		{Name: "dev", Type: sce.EnvironmentType},
		{Name: "dev-bastion", Type: awstype.EC2Instance, Custom: true},
	}}
}

func TestConformanceExceptionsOnlyForResourcesOfThePlan(t *testing.T) {
	var b strings.Builder
	require.NoError(t, writeConformance(&b, securityKeyPlan("", false)))
	md := b.String()
	assert.Contains(t, md, "Access mode: bastion.\n\n| rule | resource | reason | compensating control | HIPAA |\n| --- | --- | --- | --- | --- |\n"+
		"| `ec2-instance-no-public-ip` (`EC2_INSTANCE_NO_PUBLIC_IP`) | dev-bastion (AWS::EC2::Instance) | Researchers reach ")
	assert.NotContains(t, md, "dev-public-rt", "a resource the plan does not have is not excepted")
	assert.Contains(t, md, "Security-key (FIDO2) SSH keys required: no.\n  1 of 2 researchers' keys are security keys")

	b.Reset()
	require.NoError(t, writeConformance(&b, securityKeyPlan("session-manager", true)))
	md = b.String()
	assert.Contains(t, md, "5 that sce adds. sce's tests evaluate every rule a plan can show against\n")
	assert.Contains(t, md, "with what protects the resource instead; the rules failed for any other reason follow, not accepted.\n\nNone for this stack.\n\n### Not yet met\n")
	assert.Contains(t, md, "Security-key (FIDO2) SSH keys required: yes (sce:requireSecurityKeys): sshd refuses any other key.\n")
}

func TestConformanceBaselineHasNoExceptions(t *testing.T) {
	var b strings.Builder
	require.NoError(t, writeConformance(&b, &plan.Plan{Stack: "account"}))
	md := b.String()
	assert.Contains(t, md, "None for this stack.\n")
	assert.NotContains(t, md, "Researchers sign in", "the baseline has no researchers")
	assert.Contains(t, md, "- The baseline's conformance pack checks MFA on the root user and every IAM user in AWS\n  Config: "+
		"`iam-user-mfa-enabled`, `mfa-enabled-for-iam-console-access`, `root-account-hardware-mfa-enabled`, `root-account-mfa-enabled`.\n")
}

// TestConformanceBaselineExceptsWhatAWSForbids: the baseline's server access
// log destination carries the three exceptions AWS imposes on such a
// bucket, and its Config delivery bucket and replica the one Object Lock
// exception, each with the AWS page that says so; the baseline has no
// access mode.
func TestConformanceBaselineExceptsWhatAWSForbids(t *testing.T) {
	var b strings.Builder
	require.NoError(t, writeConformance(&b, &plan.Plan{Stack: "account", Resources: []plan.Resource{
		{Name: "account", Type: sce.BaselineType},
		{Name: "account-access-logs", Type: awstype.S3BucketV2, Custom: true},
		{Name: "account-config", Type: awstype.S3BucketV2, Custom: true},
		{Name: "account-config-replica", Type: awstype.S3BucketV2, Custom: true},
	}}))
	md := b.String()
	assert.Contains(t, md, "follow, not accepted.\n\nAccount baseline.\n\n| rule | resource |")
	for _, rule := range []string{"S3_DEFAULT_ENCRYPTION_KMS", "S3_BUCKET_DEFAULT_LOCK_ENABLED", "S3_BUCKET_LOGGING_ENABLED"} {
		assert.Contains(t, md, "(`"+rule+"`) | account-access-logs (AWS::S3::Bucket) | ")
	}
	// The Config delivery bucket and its replica: no Object Lock (Config
	// delivers to no bucket with it), baseline-only exceptions.
	for _, bucket := range []string{"account-config", "account-config-replica"} {
		assert.Contains(t, md, "(`S3_BUCKET_DEFAULT_LOCK_ENABLED`) | "+bucket+" (AWS::S3::Bucket) | ")
	}
	assert.Equal(t, 5, strings.Count(md, " AWS documents this limit (docs/known-limits.md names the page). |"))
	assert.NotContains(t, md, "bastion")
}
