package conformance

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnlyThePublicPathAndWhatAWSForbidsAreExcepted: the accepted
// exceptions are the bastion's public IP and the public route to the
// internet gateway (its route table and the gateway), in bastion access
// mode, and, in every mode, the three rules AWS does not let the server
// access log destination pass, and Object Lock on its replica, which
// replicates back into it; nothing else: no backup, patching or
// inline-policy rule, no other resource or mode.
func TestOnlyThePublicPathAndWhatAWSForbidsAreExcepted(t *testing.T) {
	all, err := Exceptions()
	require.NoError(t, err)
	got := make([][4]string, len(all))
	for i, e := range all {
		got[i] = [4]string{e.Rule, e.Resource, e.ResourceType, e.AccessMode}
	}
	assert.Equal(t, [][4]string{
		{"EC2_INSTANCE_NO_PUBLIC_IP", "<pit>-bastion", "AWS::EC2::Instance", "bastion"},
		{"NO_UNRESTRICTED_ROUTE_TO_IGW", "<pit>-public-rt", "AWS::EC2::RouteTable", "bastion"},
		{"INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY", "<pit>-igw", "AWS::EC2::InternetGateway", "bastion"},
		{"S3_DEFAULT_ENCRYPTION_KMS", "<pit>-access-logs", "AWS::S3::Bucket", "any"},
		{"S3_BUCKET_DEFAULT_LOCK_ENABLED", "<pit>-access-logs", "AWS::S3::Bucket", "any"},
		{"S3_BUCKET_DEFAULT_LOCK_ENABLED", "<pit>-access-logs-replica", "AWS::S3::Bucket", "any"},
		{"S3_BUCKET_DEFAULT_LOCK_ENABLED", "<pit>-config", "AWS::S3::Bucket", "baseline"},
		{"S3_BUCKET_DEFAULT_LOCK_ENABLED", "<pit>-config-replica", "AWS::S3::Bucket", "baseline"},
		{"S3_BUCKET_LOGGING_ENABLED", "<pit>-access-logs", "AWS::S3::Bucket", "any"},
	}, got)
	for _, e := range all {
		for _, never := range []string{"BACKUP", "PATCH", "ASSOCIATION", "INLINE", "MANAGED_BY_SSM"} {
			assert.NotContains(t, e.Rule, never)
		}
		if e.AccessMode == AccessAny || e.AccessMode == AccessBaseline {
			source := map[string]string{
				"<pit>-access-logs-replica": "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-replication",
				"<pit>-config-replica":      "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-replication",
				"<pit>-config":              "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-config-deliverychannel.html",
			}[e.Resource]
			if source == "" {
				source = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html"
			}
			assert.Equal(t, source, e.Source, e.Rule)
		}
	}
	projects := slices.Concat(all[:6], all[8:]) // without the baseline's
	bastion, err := ExceptionsFor(AccessBastion)
	require.NoError(t, err)
	assert.Equal(t, projects, bastion)
	other, err := ExceptionsFor("session-manager")
	require.NoError(t, err)
	assert.Equal(t, projects[3:], other, "without a bastion only what AWS forbids is excepted")
	baseline, err := ExceptionsFor("")
	require.NoError(t, err)
	assert.Equal(t, all[3:], baseline, "the account baseline has an access-log destination too, and the Config delivery bucket")
	assert.Equal(t, "omop-bastion", all[0].ResourceOf("omop"))
	assert.Equal(t, "account-access-logs", all[3].ResourceOf("account"))
	assert.Equal(t, "account-access-logs-replica", all[5].ResourceOf("account"))
}

func TestExceptionsSayWhyAndWhatCompensates(t *testing.T) {
	all, err := Exceptions()
	require.NoError(t, err)
	assert.Equal(t, "Researchers reach the project over SSH through the bastion, so the bastion holds an Elastic IP address.",
		all[0].Reason)
	assert.Equal(t, []string{"164.312(a)(1)", "164.312(d)", "164.312(b)", "164.312(e)(1)"}, all[0].HIPAA)
	for _, e := range all {
		assert.NotEmpty(t, e.CompensatingControl, e.Rule)
		assert.NotContains(t, e.Reason, "\n", "folded text reads as one paragraph")
	}
}

func TestExceptionErrors(t *testing.T) {
	rules := []Rule{{Name: "ec2-instance-no-public-ip", Identifier: "EC2_INSTANCE_NO_PUBLIC_IP"},
		{Name: "ec2-managedinstance-patch-compliance-status-check", Identifier: "EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK",
			AWSOnly: "patching runs on AWS"}}
	good := "  - {rule: EC2_INSTANCE_NO_PUBLIC_IP, resource: <pit>-bastion, resourceType: AWS::EC2::Instance, accessMode: bastion, " +
		"reason: r, compensatingControl: c, hipaa: [\"164.312(a)(1)\"]}\n"
	cases := []struct{ name, data, want string }{
		{"unknown rule", "exceptions:\n" + strings.Replace(good, "EC2_INSTANCE_NO_PUBLIC_IP", "EBS_IN_BACKUP_PLAN", 1),
			"x.yaml:2: exception EBS_IN_BACKUP_PLAN of <pit>-bastion: the rule is not in " + DataFile},
		{"aws only", "exceptions:\n" + strings.Replace(good, "EC2_INSTANCE_NO_PUBLIC_IP", "EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK", 1),
			"x.yaml:2: exception EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK of <pit>-bastion: the rule is evaluated on AWS only: nothing to except offline"},
		{"not a project resource", "exceptions:\n" + strings.Replace(good, "<pit>-bastion", "account-trail", 1),
			"x.yaml:2: exception EC2_INSTANCE_NO_PUBLIC_IP of account-trail: resource must be a project resource such as <pit>-bastion"},
		{"mode", "exceptions:\n" + strings.Replace(good, "accessMode: bastion", "accessMode: always", 1),
			`x.yaml:2: exception EC2_INSTANCE_NO_PUBLIC_IP of <pit>-bastion: accessMode "always" is not an access mode that needs an exception (bastion, or any or baseline for what AWS forbids)`},
		{"any without source", "exceptions:\n" + strings.Replace(good, "accessMode: bastion", "accessMode: any, source: https://example.com/s3", 1),
			"x.yaml:2: exception EC2_INSTANCE_NO_PUBLIC_IP of <pit>-bastion: accessMode any needs a source: the https://docs.aws.amazon.com/ page that says AWS does not allow the rule here"},
		{"no reason", "exceptions:\n" + strings.Replace(good, "reason: r, ", "", 1),
			"x.yaml:2: exception EC2_INSTANCE_NO_PUBLIC_IP of <pit>-bastion: resourceType, reason, compensatingControl and hipaa are required"},
		{"section", "exceptions:\n" + strings.Replace(good, "164.312(a)(1)", "164.512", 1),
			`x.yaml:2: exception EC2_INSTANCE_NO_PUBLIC_IP of <pit>-bastion: hipaa section "164.512" is not a Security Rule section such as 164.312(a)(1)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseExceptions("x.yaml", []byte(c.data), rules)
			require.Error(t, err)
			assert.Equal(t, c.want, err.Error())
		})
	}
	got, err := parseExceptions("x.yaml", []byte("exceptions:\n"+good), rules)
	require.NoError(t, err)
	assert.Len(t, got, 1)
}

func TestTemplateCarriesAWSsScope(t *testing.T) {
	body, err := Template([]Rule{{Name: "restricted-ssh", Identifier: "INCOMING_SSH_DISABLED", HIPAA: []string{"164.312(a)(1)"},
		Description: "No SSH from anywhere.", ResourceTypes: []string{"AWS::EC2::SecurityGroup"}}})
	require.NoError(t, err)
	assert.Contains(t, body, "      Scope:\n        ComplianceResourceTypes:\n          - AWS::EC2::SecurityGroup\n")
}
