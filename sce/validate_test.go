package sce

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validArgs are the hipaa stack's arguments: valid, the base every case mutates.
func validArgs() EnvironmentArgs {
	return EnvironmentArgs{
		Region: "us-west-2",
		Project: ProjectInfo{
			Title: "POC A", PrincipalInvestigator: "Dr. K", Owner: "k@example.edu",
			IRBProtocol: "STUDY00012345", StudyEndDate: "2027-06-30", DataClass: DataClassPHI,
		},
		Network: NetworkArgs{
			VpcCidr: "10.20.0.0/16", AvailabilityZone: "us-west-2a",
			AllowedSSHCidrs: []string{"198.51.100.0/24"},
		},
		AlertEmails:  []string{"security@example.edu"},
		AdminRoleArn: "arn:aws:iam::123456789012:role/sce-admin",
		Researchers:  []Researcher{{Username: "jdoe", PublicKey: testKeyEd25519}},
		Budget:       BudgetArgs{MonthlyUSD: 1000},
	}
}

// Public keys for tests (made for them; no private key exists anywhere).
const (
	testKeyEd25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM6LVb62UeK4McGjg1LUGddQMczMUftf2skGP01AmeKT jdoe@laptop"
	testKeyRSA2048 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC2kWlMpxFbbMhHfu4bloE9Vw4O5lrkTCRJrfEMPgSELEOKoABShNcfjXExEqEEi81RErhZYtR6KW+urxiql+D/zH5O8isGntWPEReyE6Za4WYdgUiPj6xUNTfW3OHZQZjPP7hZGCHdpq8bx2Fa4YEUXI/ccpBoOwG2FbkiHC/4zSpc0ZIvb1ixoNRyX8LgiEBa/xqFhapTsiaYXF/JfG6ZHgyYtVzdf1wxm2q7lSLLEhPNXknHEblNTmISAY0viSZW1LBGOp7j+9Nd2rclVpn29a5ovy63mBmedMMx23QVd1HEmRE01tPGtA5yrdNi0C2E3JPUL6ep8dYup7TWqxd1 old@rsa"
	testKeyDSA     = "ssh-dss AAAAB3NzaC1kc3MAAACBAMCDJiPX1N9Pj1e3+y+QLij0L7jP+oz0lrLsKxMJXeBC2Wr1SMiyIrUldgqjbvHm9Mgu5JtJZx4G7Iv8MQHae+Ud5FP+u+tofE8oMoQNXI+kZTQ6Fri4clzyasIvV/J1ArDLxO8114OkHcW0LsRsDKa6MiGzvTt3os7LoG4zPqYVAAAAFQDLfREqwpvrHVitvwwUBgboO/503QAAAIAasf0/nNE1C5kjud0K2hPUhAJyZmqCKcC7KTCHtT9uU1Y6WjY3sPBPQE78c9ZH8ZhtWjF1enqofjqlTjBdnw4/Th3RRfKoJv395MDydIoZQ86Ng8orAzVXsxZKYlPpPmMRU/mkWeTOqqeNnuRsPzCZPXGLOG9DhXctmhaLxVr8ogAAAIB7fC2JOkQWj/EoShCem/5/+0YHKtlnEEyVtiZZHS03kb8h/cfabph8NS6HbozlmKa99olVij7S8HZWBjly7WM9bC2nohXz19jaSFZhkj8Ph3dH2hkP7EpMY9LtxDo7oEmtrGBX0ZJJmjfbKuAKidHh5GcqlSRlKLW/4WXbRWEKbg== root@vm"
	testKeyECDSA   = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPlN5av0/Zm06MuEYKmTm1KjMIbPXxCWHBsr3GPn8iUTH29Z08oXqbSgk12qLalWglNfoktcZEItcuF5LDFuaqk= analyst@workstation"
)

// fieldErrors returns the problems Validate found, as "key: message" lines.
func fieldErrors(t *testing.T, pit string, a EnvironmentArgs) []string {
	t.Helper()
	err := Validate(pit, a)
	if err == nil {
		return nil
	}
	var verrs ValidationErrors
	require.True(t, errors.As(err, &verrs), "Validate must return ValidationErrors, got %T", err)
	var out []string
	for _, e := range verrs {
		out = append(out, e.Error())
	}
	return out
}

func TestValidateAcceptsValidArgs(t *testing.T) {
	assert.Nil(t, fieldErrors(t, "hipaa", validArgs()))
	a := validArgs()
	a.Network.SecondAvailabilityZone = "us-west-2b"
	a.Network.PublicSubnetCidr = "10.20.8.0/24"
	a.Network.PrivateSubnetCidr = "10.20.16.0/20"
	a.LogRetentionDays, a.AuditLockDays, a.NoncurrentVersionDays = 2192, 2192, 30
	assert.Nil(t, fieldErrors(t, "a1-b2", a))
}

func TestValidateRules(t *testing.T) {
	cases := []struct {
		name   string
		pit    string
		mutate func(*EnvironmentArgs)
		want   string
	}{
		{"region missing", "hipaa", func(a *EnvironmentArgs) { a.Region = "" },
			"aws:region: is required: set it to the AWS region of the project, for example us-west-2"},
		{"region malformed", "hipaa", func(a *EnvironmentArgs) { a.Region = "Oregon" },
			`aws:region: "Oregon" is not an AWS region such as us-west-2 (sce's region table in sce/validate_regions.go is a snapshot of June 2025: add a newer region there)`},
		{"region that does not exist", "hipaa", func(a *EnvironmentArgs) { a.Region, a.Network.AvailabilityZone = "us-west-3", "us-west-3a" },
			`aws:region: "us-west-3" is not an AWS region: did you mean us-west-1 or us-west-2? (sce's region table in sce/validate_regions.go is a snapshot of June 2025: add a newer region there)`},
		{"pit missing", "", func(*EnvironmentArgs) {},
			"sce:pit: is required: a short project identifier such as hipaa"},
		{"pit uppercase", "Hipaa", func(*EnvironmentArgs) {},
			`sce:pit: "Hipaa" must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'`},
		{"pit digit first", "1hipaa", func(*EnvironmentArgs) {},
			`sce:pit: "1hipaa" must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'`},
		{"pit trailing hyphen", "hipaa-", func(*EnvironmentArgs) {},
			`sce:pit: "hipaa-" must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'`},
		{"pit underscore", "hipaa_a", func(*EnvironmentArgs) {},
			`sce:pit: "hipaa_a" must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'`},
		{"pit double hyphen", "hi--paa", func(*EnvironmentArgs) {},
			`sce:pit: "hi--paa" must not contain '--' (S3 reserves it in bucket names)`},
		{"pit reserved prefix", "sthree-x", func(*EnvironmentArgs) {},
			`sce:pit: "sthree-x" starts with a prefix S3 reserves for bucket names`},
		{"pit reserved for SSM documents", "awsome", func(*EnvironmentArgs) {},
			`sce:pit: "awsome" starts with a prefix AWS reserves for Systems Manager document names (aws, amazon, amzn), ` +
				`and the project's Session Manager documents are named after it: choose a PIT that does not`},
		{"pit amzn", "amzn-study", func(*EnvironmentArgs) {},
			`sce:pit: "amzn-study" starts with a prefix AWS reserves for Systems Manager document names (aws, amazon, amzn), ` +
				`and the project's Session Manager documents are named after it: choose a PIT that does not`},
		{"pit too long", "abcdefghijklmnopqrstuvwxyz0123", func(*EnvironmentArgs) {},
			`sce:pit: "abcdefghijklmnopqrstuvwxyz0123" is too long: the S3 bucket name of a replica "abcdefghijklmnopqrstuvwxyz0123-access-logs-123456789012-us-west-2-replica" would have 73 characters, AWS allows 63; use at most 20 characters`},
		{"title missing", "hipaa", func(a *EnvironmentArgs) { a.Project.Title = " " },
			"sce:title: is required: the study title"},
		{"pi missing", "hipaa", func(a *EnvironmentArgs) { a.Project.PrincipalInvestigator = "" },
			"sce:principalInvestigator: is required: the principal investigator's name"},
		{"owner missing", "hipaa", func(a *EnvironmentArgs) { a.Project.Owner = "" },
			"sce:owner: is required: the accountable contact, usually the PI's e-mail"},
		{"owner not a tag value", "hipaa", func(a *EnvironmentArgs) { a.Project.Owner = "k<at>example" },
			`sce:owner: "k<at>example" becomes a tag value and may contain only letters, digits, spaces and _ . : / = + - @`},
		{"irb too long", "hipaa", func(a *EnvironmentArgs) { a.Project.IRBProtocol = strings.Repeat("x", 257) },
			"sce:irbProtocol: has 257 characters; use at most 256"},
		{"study end missing", "hipaa", func(a *EnvironmentArgs) { a.Project.StudyEndDate = "" },
			"sce:studyEndDate: is required: the planned end of the study as YYYY-MM-DD"},
		{"study end malformed", "hipaa", func(a *EnvironmentArgs) { a.Project.StudyEndDate = "06/30/2027" },
			`sce:studyEndDate: "06/30/2027" is not a date as YYYY-MM-DD, for example 2027-06-30`},
		{"study end impossible", "hipaa", func(a *EnvironmentArgs) { a.Project.StudyEndDate = "2027-02-30" },
			`sce:studyEndDate: "2027-02-30" is not a date as YYYY-MM-DD, for example 2027-06-30`},
		{"data class unknown", "hipaa", func(a *EnvironmentArgs) { a.Project.DataClass = "secret" },
			`sce:dataClass: "secret" is not a data class: use one of phi, limited, deidentified`},
		{"vpc missing", "hipaa", func(a *EnvironmentArgs) { a.Network.VpcCidr = "" },
			"sce:vpcCidr: is required: an RFC 1918 block from /16 to /24 that no other project uses, for example 10.20.0.0/16"},
		{"vpc malformed", "hipaa", func(a *EnvironmentArgs) { a.Network.VpcCidr = "10.20.0.0" },
			`sce:vpcCidr: "10.20.0.0" is not a CIDR block such as 10.20.0.0/16`},
		{"vpc host bits", "hipaa", func(a *EnvironmentArgs) { a.Network.VpcCidr = "10.20.1.0/16" },
			`sce:vpcCidr: "10.20.1.0/16" has host bits set: write it as 10.20.0.0/16`},
		{"vpc public", "hipaa", func(a *EnvironmentArgs) { a.Network.VpcCidr = "8.8.0.0/16" },
			`sce:vpcCidr: "8.8.0.0/16" is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`},
		{"vpc too large", "hipaa", func(a *EnvironmentArgs) { a.Network.VpcCidr = "10.0.0.0/8" },
			`sce:vpcCidr: "10.0.0.0/8" is /8: use a block from /16 to /24, for example 10.0.0.0/16`},
		{"vpc too large, host bits set", "hipaa", func(a *EnvironmentArgs) { a.Network.VpcCidr = "10.16.0.0/8" },
			`sce:vpcCidr: "10.16.0.0/8" is /8: use a block from /16 to /24, for example 10.16.0.0/16`},
		{"vpc too small, host bits set", "hipaa", func(a *EnvironmentArgs) { a.Network.VpcCidr = "172.16.5.16/28" },
			`sce:vpcCidr: "172.16.5.16/28" is /28: use a block from /16 to /24, for example 172.16.5.0/24`},
		{"vpc ipv6", "hipaa", func(a *EnvironmentArgs) { a.Network.VpcCidr = "fd00::/56" },
			`sce:vpcCidr: "fd00::/56" is not an IPv4 block: the VPC has no IPv6`},
		{"zone missing", "hipaa", func(a *EnvironmentArgs) { a.Network.AvailabilityZone = "" },
			"sce:availabilityZone: is required: one zone of us-west-2, for example us-west-2a"},
		{"zone of another region", "hipaa", func(a *EnvironmentArgs) { a.Network.AvailabilityZone = "us-east-1a" },
			`sce:availabilityZone: "us-east-1a" is a zone of region us-east-1, not of aws:region us-west-2: use one of us-west-2a, us-west-2b, us-west-2c, us-west-2d, or move the whole stack to us-east-1`},
		{"zone letter the region lacks", "hipaa", func(a *EnvironmentArgs) { a.Network.AvailabilityZone = "us-west-2e" },
			`sce:availabilityZone: "us-west-2e" is not a zone of region us-west-2: use one of us-west-2a, us-west-2b, us-west-2c, us-west-2d`},
		{"second zone same", "hipaa", func(a *EnvironmentArgs) { a.Network.SecondAvailabilityZone = "us-west-2a" },
			`sce:secondAvailabilityZone: "us-west-2a" is the same as sce:availabilityZone: choose another zone or leave it unset`},
		{"second zone foreign", "hipaa", func(a *EnvironmentArgs) { a.Network.SecondAvailabilityZone = "eu-west-1b" },
			`sce:secondAvailabilityZone: "eu-west-1b" is a zone of region eu-west-1, not of aws:region us-west-2: use one of us-west-2a, us-west-2b, us-west-2c, us-west-2d, or move the whole stack to eu-west-1`},
		{"public subnet outside vpc", "hipaa", func(a *EnvironmentArgs) { a.Network.PublicSubnetCidr = "10.30.0.0/24" },
			`sce:publicSubnetCidr: "10.30.0.0/24" is not inside sce:vpcCidr 10.20.0.0/16: choose a block inside it`},
		{"private subnet too small", "hipaa", func(a *EnvironmentArgs) { a.Network.PrivateSubnetCidr = "10.20.9.0/29" },
			`sce:privateSubnetCidr: "10.20.9.0/29" is /29: AWS subnets are /16 to /28`},
		{"private subnet too small, host bits set", "hipaa", func(a *EnvironmentArgs) { a.Network.PrivateSubnetCidr = "10.20.9.1/30" },
			`sce:privateSubnetCidr: "10.20.9.1/30" is /30: AWS subnets are /16 to /28`},
		{"public subnet host bits", "hipaa", func(a *EnvironmentArgs) { a.Network.PublicSubnetCidr = "10.20.8.1/24" },
			`sce:publicSubnetCidr: "10.20.8.1/24" has host bits set: write it as 10.20.8.0/24`},
		{"public subnet ipv6", "hipaa", func(a *EnvironmentArgs) { a.Network.PublicSubnetCidr = "2001:db8::/64" },
			`sce:publicSubnetCidr: "2001:db8::/64" is not an IPv4 block: the VPC has no IPv6`},
		{"private subnet garbage", "hipaa", func(a *EnvironmentArgs) { a.Network.PrivateSubnetCidr = "banana" },
			`sce:privateSubnetCidr: "banana" is not a CIDR block such as 10.20.0.0/16`},
		{"subnets overlap", "hipaa", func(a *EnvironmentArgs) {
			a.Network.PublicSubnetCidr, a.Network.PrivateSubnetCidr = "10.20.8.0/24", "10.20.8.0/25"
		}, "sce:privateSubnetCidr: subnet blocks 10.20.8.0/24 (sce:publicSubnetCidr) and 10.20.8.0/25 (sce:privateSubnetCidr) overlap: " +
			"choose blocks that do not overlap"},
		{"public subnet overlaps the carved private one", "hipaa", func(a *EnvironmentArgs) { a.Network.PublicSubnetCidr = "10.20.1.0/24" },
			"sce:publicSubnetCidr: subnet blocks 10.20.1.0/24 (sce:publicSubnetCidr) and 10.20.1.0/24 (the private subnet carved " +
				"from sce:vpcCidr) overlap: choose a public block outside the carved ones, or set sce:privateSubnetCidr too"},
		{"private subnet overlaps the carved public one", "hipaa", func(a *EnvironmentArgs) { a.Network.PrivateSubnetCidr = "10.20.0.0/25" },
			"sce:privateSubnetCidr: subnet blocks 10.20.0.0/24 (the public subnet carved from sce:vpcCidr) and 10.20.0.0/25 " +
				"(sce:privateSubnetCidr) overlap: choose a private block outside the carved ones, or set sce:publicSubnetCidr too"},
		{"ssh missing", "hipaa", func(a *EnvironmentArgs) { a.Network.AllowedSSHCidrs = nil },
			"sce:allowedSshCidrs: is required: the IPv4 blocks (campus, VPN) allowed to reach the bastion, for example [203.0.113.0/24]"},
		{"ssh world", "hipaa", func(a *EnvironmentArgs) { a.Network.AllowedSSHCidrs = []string{"198.51.100.0/24", "0.0.0.0/0"} },
			`sce:allowedSshCidrs[1]: "0.0.0.0/0" opens SSH to the whole internet: list your institution's or VPN's blocks instead`},
		{"ssh world ipv6", "hipaa", func(a *EnvironmentArgs) { a.Network.AllowedSSHCidrs = []string{"::/0"} },
			`sce:allowedSshCidrs[0]: "::/0" opens SSH to the whole internet: list your institution's or VPN's blocks instead`},
		{"ssh world spelled otherwise", "hipaa", func(a *EnvironmentArgs) { a.Network.AllowedSSHCidrs = []string{"10.0.0.0/0"} },
			`sce:allowedSshCidrs[0]: "10.0.0.0/0" opens SSH to the whole internet: list your institution's or VPN's blocks instead`},
		{"ssh half the internet", "hipaa", func(a *EnvironmentArgs) { a.Network.AllowedSSHCidrs = []string{"0.0.0.0/1"} },
			`sce:allowedSshCidrs[0]: "0.0.0.0/1" is /1, broader than the /8 sce takes, and opens SSH to 1/2 of all IPv4 addresses: ` +
				`list your institution's or VPN's blocks instead, each /8 or narrower`},
		{"ssh just broader than /8", "hipaa", func(a *EnvironmentArgs) { a.Network.AllowedSSHCidrs = []string{"198.51.100.0/24", "12.0.0.0/7"} },
			`sce:allowedSshCidrs[1]: "12.0.0.0/7" is /7, broader than the /8 sce takes, and opens SSH to 1/128 of all IPv4 addresses: ` +
				`list your institution's or VPN's blocks instead, each /8 or narrower`},
		{"ssh many /8s together", "hipaa", func(a *EnvironmentArgs) {
			a.Network.AllowedSSHCidrs = []string{"11.0.0.0/8", "12.0.0.0/8", "13.0.0.0/8"}
		}, "sce:allowedSshCidrs: lists blocks that together open SSH to 50331648 addresses, more than the 33554432 (two /8s) sce takes: " +
			"list only your institution's and VPN's blocks"},
		{"ssh host bits", "hipaa", func(a *EnvironmentArgs) { a.Network.AllowedSSHCidrs = []string{"198.51.100.7/24"} },
			`sce:allowedSshCidrs[0]: "198.51.100.7/24" has host bits set: write it as 198.51.100.0/24`},
		{"ssh duplicate", "hipaa", func(a *EnvironmentArgs) { a.Network.AllowedSSHCidrs = []string{"198.51.100.0/24", "198.51.100.0/24"} },
			`sce:allowedSshCidrs[1]: "198.51.100.0/24" is listed twice; list each block once`},
		{"ssh block inside a listed one", "hipaa", func(a *EnvironmentArgs) {
			a.Network.AllowedSSHCidrs = []string{"198.51.100.0/24", "203.0.113.0/24", "198.51.100.128/25"}
		}, `sce:allowedSshCidrs[2]: "198.51.100.128/25" is inside allowedSshCidrs[0] "198.51.100.0/24", which already opens SSH to it: list the broader block alone`},
		{"ssh block around a listed one", "hipaa", func(a *EnvironmentArgs) {
			a.Network.AllowedSSHCidrs = []string{"198.51.100.0/25", "198.51.100.0/24"}
		}, `sce:allowedSshCidrs[1]: "198.51.100.0/24" contains allowedSshCidrs[0] "198.51.100.0/25", which it makes redundant: list the broader block alone`},
		{"emails missing", "hipaa", func(a *EnvironmentArgs) { a.AlertEmails = nil },
			"sce:alertEmails: is required: at least one address that receives security alerts"},
		{"email malformed", "hipaa", func(a *EnvironmentArgs) { a.AlertEmails = []string{"security@example.edu", "security"} },
			`sce:alertEmails[1]: "security" is not an e-mail address such as security@example.edu`},
		{"email with name", "hipaa", func(a *EnvironmentArgs) { a.AlertEmails = []string{"Sec <security@example.edu>"} },
			`sce:alertEmails[0]: "Sec <security@example.edu>" is not an e-mail address such as security@example.edu`},
		{"email duplicate", "hipaa", func(a *EnvironmentArgs) { a.AlertEmails = []string{"a@example.edu", "A@example.edu"} },
			`sce:alertEmails[1]: "A@example.edu" is listed twice; list each address once`},
		{"retention not accepted", "hipaa", func(a *EnvironmentArgs) { a.LogRetentionDays = 100 },
			"sce:logRetentionDays: 100 is not a retention CloudWatch Logs accepts: use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"},
		{"retention too short", "hipaa", func(a *EnvironmentArgs) { a.LogRetentionDays = 30 },
			"sce:logRetentionDays: 30 days is too short for audit review: use at least 90"},
		{"lock days out of range", "hipaa", func(a *EnvironmentArgs) { a.AuditLockDays = -1 },
			"sce:auditLockDays: -1 is outside the Object Lock range: use 1 to 36500 days"},
		{"noncurrent days out of range", "hipaa", func(a *EnvironmentArgs) { a.NoncurrentVersionDays = 40000 },
			"sce:noncurrentVersionDays: 40000 is outside the range S3 lifecycle accepts: use 1 to 36500 days"},
		{"admin role missing", "hipaa", func(a *EnvironmentArgs) { a.AdminRoleArn = "" },
			"sce:adminRoleArn: is required: the ARN of the IAM role IT deploys and closes out with, for example arn:aws:iam::123456789012:role/sce-admin"},
		{"admin role is a user", "hipaa", func(a *EnvironmentArgs) { a.AdminRoleArn = "arn:aws:iam::123456789012:user/bob" },
			`sce:adminRoleArn: "arn:aws:iam::123456789012:user/bob" is not an IAM role ARN: use arn:aws:iam::<account>:role/<name>`},
		{"bastion t-family", "hipaa", func(a *EnvironmentArgs) { a.Bastion.InstanceType = "t3.micro" },
			`sce:bastion.instanceType: "t3.micro" is a burstable T-family type, which AWS does not offer as a dedicated instance and so cannot run in the SCE's dedicated-tenancy VPC: use an m-family type such as m5.large`},
		{"worker t-family", "hipaa", func(a *EnvironmentArgs) { a.Workers.InstanceType = "t2.xlarge" },
			`sce:workers.instanceType: "t2.xlarge" is a burstable T-family type, which AWS does not offer as a dedicated instance and so cannot run in the SCE's dedicated-tenancy VPC: use an m-family type such as m5.xlarge`},
		{"worker graviton", "hipaa", func(a *EnvironmentArgs) { a.Workers.InstanceType = "m6g.large" },
			`sce:workers.instanceType: "m6g.large" is a Graviton (arm64) type; the SCE image is x86-64: use an m-family type such as m5.xlarge`},
		{"worker mac", "hipaa", func(a *EnvironmentArgs) { a.Workers.InstanceType = "mac2.metal" },
			`sce:workers.instanceType: "mac2.metal" runs only on Dedicated Hosts, not as a dedicated instance: use an m-family type such as m5.xlarge`},
		{"worker unknown family", "hipaa", func(a *EnvironmentArgs) { a.Workers.InstanceType = "q9.large" },
			`sce:workers.instanceType: "q9.large" is not an EC2 instance type: did you mean c5.large or m5.large or r5.large? (sce's table of instance types in sce/instancetypes.go is a snapshot of June 2025)`},
		{"worker type typo", "hipaa", func(a *EnvironmentArgs) { a.Workers.InstanceType = "t3.mediun" },
			`sce:workers.instanceType: "t3.mediun" is not an EC2 instance type: did you mean t3.medium? (sce's table of instance types in sce/instancetypes.go is a snapshot of June 2025)`},
		{"worker size the family lacks", "hipaa", func(a *EnvironmentArgs) { a.Workers.InstanceType = "m5.64xlarge" },
			`sce:workers.instanceType: "m5.64xlarge" is not an EC2 instance type: did you mean m5.4xlarge or m5.24xlarge? (sce's table of instance types in sce/instancetypes.go is a snapshot of June 2025)`},
		{"worker family offered but not dedicated", "hipaa", func(a *EnvironmentArgs) { a.Workers.InstanceType = "m7i-flex.large" },
			`sce:workers.instanceType: "m7i-flex.large" is not a family AWS offers as a dedicated instance: use an m-family type such as m5.xlarge (see sce/instancetypes.go for the families sce accepts)`},
		{"same key for two researchers", "hipaa", func(a *EnvironmentArgs) {
			a.Researchers = append(a.Researchers, Researcher{Username: "asmith", PublicKey: strings.Replace(testKeyEd25519, "jdoe@laptop", "asmith@desk", 1)})
		}, `sce:researchers[1].publicKey: is the same key as researchers[0] (jdoe): every researcher signs in with a key of their own, so that each session traces back to one person (unique user identification, 164.312(a)(2)(i)); ask asmith for their own public key`},
		{"same key behind options", "hipaa", func(a *EnvironmentArgs) {
			a.Researchers = append(a.Researchers, Researcher{Username: "asmith", PublicKey: `no-pty,from="10.0.0.0/8" ` + testKeyEd25519})
		}, `sce:researchers[1].publicKey: is the same key as researchers[0] (jdoe): every researcher signs in with a key of their own, so that each session traces back to one person (unique user identification, 164.312(a)(2)(i)); ask asmith for their own public key`},
		{"bastion malformed type", "hipaa", func(a *EnvironmentArgs) { a.Bastion.InstanceType = "large" },
			`sce:bastion.instanceType: "large" is not an EC2 instance type such as m5.large`},
		{"workers too many", "hipaa", func(a *EnvironmentArgs) { a.Workers.Count = 21 },
			"sce:workers.count: 21 is outside 0 to 20: ask for a quota review before running more workers"},
		{"volume too big", "hipaa", func(a *EnvironmentArgs) { a.Workers.DataVolumeSizeGiB = 20000 },
			"sce:workers.dataVolumeSizeGiB: 20000 is outside what gp3 offers: use 1 to 16384 GiB"},
		{"iops too high for size", "hipaa", func(a *EnvironmentArgs) { a.Workers.DataVolumeSizeGiB, a.Workers.DataVolumeIOPS = 10, 6000 },
			"sce:workers.dataVolumeIops: 6000 is outside what gp3 offers for 10 GiB: use 3000 to 5000"},
		{"throughput too high for iops", "hipaa", func(a *EnvironmentArgs) { a.Workers.DataVolumeThroughput = 1000 },
			"sce:workers.dataVolumeThroughput: 1000 MiB/s is outside what gp3 offers at 3000 IOPS: use 125 to 750"},
		{"ami malformed", "hipaa", func(a *EnvironmentArgs) { a.AmiID = "al2023" },
			`sce:amiId: "al2023" is not an AMI ID such as ami-0123456789abcdef0: pin an Amazon Linux 2023 image, or leave it unset`},
		{"researchers missing", "hipaa", func(a *EnvironmentArgs) { a.Researchers = nil },
			"sce:researchers: is required: at least one researcher with a username and an SSH public key"},
		{"username missing", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].Username = "" },
			"sce:researchers[0].username: is required: the researcher's Linux account name, for example jdoe"},
		{"username uppercase", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].Username = "JDoe" },
			`sce:researchers[0].username: "JDoe" must start with a lowercase letter or '_' and contain only a-z, 0-9, '_' and '-', at most 32 characters`},
		{"username reserved", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].Username = "ec2-user" },
			`sce:researchers[0].username: "ec2-user" is reserved for the system: choose the researcher's own name, for example jdoe`},
		{"username root", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].Username = "root" },
			`sce:researchers[0].username: "root" is reserved for the system: choose the researcher's own name, for example jdoe`},
		{"username of ec2-instance-connect", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].Username = "ec2-instance-connect" },
			`sce:researchers[0].username: "ec2-instance-connect" is reserved for the system: choose the researcher's own name, for example jdoe`},
		{"username of a systemd account", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].Username = "systemd-oom" },
			`sce:researchers[0].username: "systemd-oom" is reserved for the system: choose the researcher's own name, for example jdoe`},
		{"username of a future systemd account", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].Username = "systemd-journal-upload" },
			`sce:researchers[0].username: "systemd-journal-upload" is reserved for the system: choose the researcher's own name, for example jdoe`},
		{"username duplicate", "hipaa", func(a *EnvironmentArgs) {
			a.Researchers = append(a.Researchers, Researcher{Username: "jdoe", PublicKey: testKeyECDSA})
		}, `sce:researchers[1].username: "jdoe" is already researchers[0]: every researcher has their own account`},
		{"key missing", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].PublicKey = "" },
			"sce:researchers[0].publicKey: is required: the researcher's OpenSSH public key (the one line in ~/.ssh/id_ed25519.pub)"},
		{"key garbage", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].PublicKey = "ssh-ed25519 not-base64!" },
			`sce:researchers[0].publicKey: is not an OpenSSH public key line such as "ssh-ed25519 AAAAC3Nza... jdoe@laptop"`},
		{"key body of another type", "hipaa", func(a *EnvironmentArgs) {
			a.Researchers[0].PublicKey = "ssh-rsa" + testKeyEd25519[len("ssh-ed25519"):]
		}, `sce:researchers[0].publicKey: is not an OpenSSH public key line such as "ssh-ed25519 AAAAC3Nza... jdoe@laptop"`},
		{"private key pasted", "hipaa", func(a *EnvironmentArgs) {
			a.Researchers[0].PublicKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"
		}, "sce:researchers[0].publicKey: is a PRIVATE key: it must never leave the researcher's machine; ask for the .pub file, and have them make a new key pair"},
		{"two keys", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].PublicKey = testKeyEd25519 + "\n" + testKeyECDSA },
			"sce:researchers[0].publicKey: holds more than one key: give each researcher exactly one key"},
		{"dsa key", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].PublicKey = testKeyDSA },
			"sce:researchers[0].publicKey: uses ssh-dss, which sce does not accept: use ssh-ed25519 (ssh-keygen -t ed25519)"},
		{"short rsa key", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].PublicKey = testKeyRSA2048 },
			"sce:researchers[0].publicKey: is an RSA key shorter than 3072 bits: use ssh-ed25519 (ssh-keygen -t ed25519)"},
		{"researcher email", "hipaa", func(a *EnvironmentArgs) { a.Researchers[0].Email = "jdoe at example" },
			`sce:researchers[0].email: "jdoe at example" is not an e-mail address such as jdoe@example.edu`},
		{"budget missing", "hipaa", func(a *EnvironmentArgs) { a.Budget.MonthlyUSD = 0 },
			"sce:budget.monthlyUsd: is required: the project's monthly budget in US dollars, for example 2000; alerts go to sce:alertEmails at 80% forecast and 100% actual"},
		{"budget negative", "hipaa", func(a *EnvironmentArgs) { a.Budget.MonthlyUSD = -5 },
			"sce:budget.monthlyUsd: -5 must be more than 0: the project's monthly budget in US dollars, for example 2000"},
		{"budget infinite", "hipaa", func(a *EnvironmentArgs) { a.Budget.MonthlyUSD = math.Inf(1) },
			"sce:budget.monthlyUsd: +Inf is not an amount: give the project's monthly budget in US dollars, for example 2000"},
		{"too many alert emails for budgets", "hipaa", func(a *EnvironmentArgs) {
			a.AlertEmails = nil
			for i := range 11 {
				a.AlertEmails = append(a.AlertEmails, fmt.Sprintf("a%d@example.edu", i))
			}
		}, "sce:alertEmails: lists 11 addresses; AWS Budgets notifies at most 10: use a mailing list"},
		{"schedule zone", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "Pacific", Days: "MON-FRI", Stop: "19:00"}
		},
			`sce:schedule.timeZone: "Pacific" is not an IANA time zone: write the zone's IANA name, for example America/Los_Angeles`},
		{"schedule zone Local", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "Local", Days: "MON-FRI", Stop: "19:00"}
		},
			`sce:schedule.timeZone: "Local" names the zone of whichever machine reads it, not an IANA time zone, and AWS refuses it: write the zone's IANA name, for example America/Los_Angeles`},
		{"schedule zone a path", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "right/America/Denver", Days: "MON-FRI", Stop: "19:00"}
		},
			`sce:schedule.timeZone: "right/America/Denver" is not an IANA time zone: write the zone's IANA name, for example America/Los_Angeles`},
		{"schedule zone missing", "hipaa", func(a *EnvironmentArgs) { a.Schedule = &ScheduleArgs{Days: "MON-FRI", Stop: "19:00"} },
			"sce:schedule.timeZone: is required: an IANA time zone such as America/Los_Angeles"},
		{"schedule days", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Days: "weekdays", Stop: "19:00"}
		}, `sce:schedule.days: "weekdays" is not a list of days such as MON-FRI or MON,WED,FRI`},
		{"schedule stop", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Days: "MON,WED-FRI", Stop: "7pm"}
		},
			`sce:schedule.stop: "7pm" is not a time as HH:MM (24-hour), for example 19:00`},
		{"schedule start", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI", Stop: "19:00", AutoStart: true}
		}, `sce:schedule.start: is required with autoStart: when the instances start on working days, HH:MM (24-hour), for example 08:00`},
		{"schedule days missing", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Stop: "19:00"}
		}, `sce:schedule.days: is required: the working days, such as MON-FRI or MON,WED,FRI`},
		{"schedule stop missing", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI"}
		}, `sce:schedule.stop: is required: when the instances stop on working days, HH:MM (24-hour), for example 19:00`},
		{"schedule day twice", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Days: "MON,MON", Stop: "19:00"}
		}, `sce:schedule.days: "MON,MON" names MON twice: list each working day once`},
		{"schedule day in two ranges", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Days: "MON-WED,TUE-FRI", Stop: "19:00"}
		}, `sce:schedule.days: "MON-WED,TUE-FRI" names TUE twice: list each working day once`},
		{"schedule start equals stop", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI", Start: "19:00", Stop: "19:00", AutoStart: true}
		}, `sce:schedule.start: "19:00" is the same as sce:schedule.stop: instances would start and stop at once`},
		{"schedule stop before start", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI", Start: "08:00", Stop: "07:00", AutoStart: true}
		}, `sce:schedule.stop: "07:00" is before sce:schedule.start "08:00": instances would run from 08:00 through the night to 07:00 the next day, not the working hours the cost estimate and budget assume; a schedule is one working period a day: set stop later than start, for example start "08:00" and stop "19:00"`},
		{"schedule stop before a late start", "hipaa", func(a *EnvironmentArgs) {
			a.Schedule = &ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI", Start: "19:00", Stop: "08:00", AutoStart: true}
		}, `sce:schedule.stop: "08:00" is before sce:schedule.start "19:00": instances would run from 19:00 through the night to 08:00 the next day, not the working hours the cost estimate and budget assume; a schedule is one working period a day: set stop later than start, for example start "08:00" and stop "19:00"`},
		{"worker xen family", "hipaa", func(a *EnvironmentArgs) { a.Workers.InstanceType = "m4.large" },
			`sce:workers.instanceType: "m4.large" is an older Xen-based family whose volumes are not NVMe devices, so /data cannot be found by volume ID: use a current (Nitro) type such as m5.xlarge`},
		{"too many ssh blocks", "hipaa", func(a *EnvironmentArgs) {
			a.Network.AllowedSSHCidrs = nil
			for i := range 19 {
				a.Network.AllowedSSHCidrs = append(a.Network.AllowedSSHCidrs, fmt.Sprintf("198.51.%d.0/24", i))
			}
		}, "sce:allowedSshCidrs: lists 19 blocks; at most 18 fit the public network ACL (20 inbound rules by default, 2 of them for the VPC and for return traffic): merge blocks or use your VPN's range"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := validArgs()
			c.mutate(&a)
			assert.Equal(t, []string{c.want}, fieldErrors(t, c.pit, a))
		})
	}
}

func TestValidateCollectsEveryError(t *testing.T) {
	a := validArgs()
	a.Region = "us-west-2"
	a.Network.VpcCidr = "8.8.0.0/16"
	a.AlertEmails = nil
	a.Project.StudyEndDate = "soon"
	assert.Equal(t, []string{
		`sce:studyEndDate: "soon" is not a date as YYYY-MM-DD, for example 2027-06-30`,
		`sce:vpcCidr: "8.8.0.0/16" is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
		"sce:alertEmails: is required: at least one address that receives security alerts",
	}, fieldErrors(t, "hipaa", a))
}

func TestSubnetOverlapIsReportedWithOtherErrors(t *testing.T) {
	a := validArgs()
	a.Project.StudyEndDate = "soon" // checked before the network
	a.Network.PublicSubnetCidr, a.Network.PrivateSubnetCidr = "10.20.8.0/24", "10.20.8.0/25"
	assert.Equal(t, []string{
		`sce:studyEndDate: "soon" is not a date as YYYY-MM-DD, for example 2027-06-30`,
		"sce:privateSubnetCidr: subnet blocks 10.20.8.0/24 (sce:publicSubnetCidr) and 10.20.8.0/25 (sce:privateSubnetCidr) overlap: " +
			"choose blocks that do not overlap",
	}, fieldErrors(t, "hipaa", a), "an earlier unrelated error does not hide the overlap")
}

func TestPITLengthLimitDependsOnRegion(t *testing.T) {
	a := validArgs()
	assert.Nil(t, fieldErrors(t, strings.Repeat("a", 20), a), "20 characters fit us-west-2, replicas' names included")
	assert.Len(t, fieldErrors(t, strings.Repeat("a", 21), a), 1, "21 characters do not fit us-west-2: the access-log replica's name would have 64")
	a.Region, a.Network.AvailabilityZone = "ap-southeast-2", "ap-southeast-2a"
	assert.Nil(t, fieldErrors(t, strings.Repeat("a", 15), a))
	assert.Len(t, fieldErrors(t, strings.Repeat("a", 16), a), 1, "16 characters do not fit ap-southeast-2")
}

func TestValidationErrorsRender(t *testing.T) {
	err := ValidationErrors{{Key: "sce:vpcCidr", Message: "bad"}, {Key: "sce:allowedSshCidrs[2]", Message: "worse"}}
	assert.Equal(t, "invalid configuration:\n  sce:vpcCidr: bad\n  sce:allowedSshCidrs[2]: worse", err.Error())
	assert.Equal(t, "sce:allowedSshCidrs", err[1].BaseKey())
	assert.Equal(t, "sce:vpcCidr", err[0].BaseKey())
}

func TestDefaultsAreApplied(t *testing.T) {
	a := EnvironmentArgs{}.withDefaults()
	assert.Equal(t, DataClassPHI, a.Project.DataClass)
	assert.Equal(t, DefaultLogRetentionDays, a.LogRetentionDays)
	assert.Equal(t, DefaultAuditLockDays, a.AuditLockDays)
	assert.Equal(t, DefaultNoncurrentVersionDays, a.NoncurrentVersionDays)
}

// FuzzValidate checks that Validate never panics, and that it either accepts
// the input or names a config key in every problem.
func FuzzValidate(f *testing.F) {
	seeds := []struct{ pit, region, vpc, pub, ssh, email, date string }{
		{"hipaa", "us-west-2", "10.20.0.0/16", "", "198.51.100.0/24", "a@example.edu", "2027-06-30"},
		{"", "", "", "", "", "", ""},
		{"x", "us-gov-west-1", "192.168.0.0/24", "192.168.0.0/26", "0.0.0.0/0", "@", "2027-13-01"},
		{"omop-2", "ap-southeast-2", "172.16.0.0/12", "172.16.0.0/29", "::/0", "a@b", "9999-12-31"},
		{"a--b", "eu-central-1", "10.0.0.1/33", "10.0.0.0/16", "1.2.3.4/32", "x@y.z", "2027-02-29"},
	}
	for _, s := range seeds {
		f.Add(s.pit, s.region, s.vpc, s.pub, s.ssh, s.email, s.date)
	}
	f.Fuzz(func(t *testing.T, pit, region, vpc, pub, ssh, email, date string) {
		a := validArgs()
		a.Region, a.Network.VpcCidr, a.Network.PublicSubnetCidr = region, vpc, pub
		a.Network.AvailabilityZone = region + "a"
		a.Network.AllowedSSHCidrs, a.AlertEmails, a.Project.StudyEndDate = []string{ssh}, []string{email}, date
		err := Validate(pit, a)
		if err == nil {
			_, lerr := a.Network.layout()
			require.NoError(t, lerr, "valid arguments must have a subnet layout")
			return
		}
		var verrs ValidationErrors
		require.True(t, errors.As(err, &verrs))
		for _, e := range verrs {
			require.Contains(t, e.Key, ":", "every problem names a namespaced config key")
			require.NotEmpty(t, e.Message)
		}
	})
}

func TestInstanceTypeTableCoversAcceptedFamilies(t *testing.T) {
	for _, family := range dedicatedFamilies() {
		assert.NotEmpty(t, instanceSizes()[family], "family %s is accepted but has no sizes in the table", family)
	}
	for _, family := range xenFamilies() {
		assert.NotEmpty(t, instanceSizes()[family], "family %s has no sizes in the table", family)
	}
	assert.Empty(t, instanceTypeProblem(DefaultBastionType, DefaultBastionType))
	assert.Empty(t, instanceTypeProblem(DefaultWorkerType, DefaultWorkerType))
}

func TestRegionTableZones(t *testing.T) {
	assert.Equal(t, []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"}, zonesOf("us-east-1"))
	for region, letters := range regionZones() {
		assert.NotEmpty(t, letters, region)
		assert.Empty(t, regionProblem(region))
	}
}

func TestVpcCidrSuggestionIsValid(t *testing.T) {
	for _, cidr := range []string{"10.16.0.0/8", "10.200.3.0/12", "192.168.7.9/30", "172.31.255.255/25", "10.20.1.0/16"} {
		var errs ValidationErrors
		validateVpcCidr(&errs, cidr)
		require.Len(t, errs, 1, cidr)
		suggested := errs[0].Message[strings.LastIndex(errs[0].Message, " ")+1:]
		var again ValidationErrors
		_, ok := validateVpcCidr(&again, suggested)
		assert.True(t, ok, "%s suggests %s, which is refused: %v", cidr, suggested, again)
	}
}

func TestTimeZoneNames(t *testing.T) {
	for _, zone := range []string{"UTC", "America/Los_Angeles", "America/Argentina/Buenos_Aires", "Etc/GMT+8", "EST5EDT"} {
		assert.Empty(t, timeZoneProblem(zone), zone)
	}
	for _, zone := range []string{"localtime", "posixrules", "Factory", "posix/Europe/Berlin", "../etc/passwd", "America/Nowhere", "utc "} {
		assert.NotEmpty(t, timeZoneProblem(zone), zone)
	}
}

func TestScheduleSuggestionIsValid(t *testing.T) {
	for _, times := range [][2]string{{"08:00", "07:00"}, {"19:00", "08:00"}, {"23:30", "00:15"}, {"18:59", "00:00"}} {
		start, stop := workingPeriod(times[0], times[1])
		var errs ValidationErrors
		validateSchedule(&errs, ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI", Start: start, Stop: stop, AutoStart: true})
		assert.Empty(t, errs, "start %s, stop %s suggested for start %s, stop %s", start, stop, times[0], times[1])
	}
}

func TestValidateRefusesTheInternetInTwoHalves(t *testing.T) {
	a := validArgs()
	a.Network.AllowedSSHCidrs = []string{"0.0.0.0/1", "128.0.0.0/1"}
	assert.Equal(t, []string{
		`sce:allowedSshCidrs[0]: "0.0.0.0/1" is /1, broader than the /8 sce takes, and opens SSH to 1/2 of all IPv4 addresses: ` +
			`list your institution's or VPN's blocks instead, each /8 or narrower`,
		`sce:allowedSshCidrs[1]: "128.0.0.0/1" is /1, broader than the /8 sce takes, and opens SSH to 1/2 of all IPv4 addresses: ` +
			`list your institution's or VPN's blocks instead, each /8 or narrower`,
	}, fieldErrors(t, "hipaa", a))
}

func TestValidateTakesA8CampusWithItsVPN(t *testing.T) {
	a := validArgs()
	a.Network.AllowedSSHCidrs = []string{"18.0.0.0/8", "198.51.100.0/24", "203.0.113.0/24"}
	assert.Empty(t, fieldErrors(t, "hipaa", a), "one /8 and two /24s is well under two /8s")
}
