package sce_test

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// sessionManagerPlan is the first project planned with sce:access
// session-manager (and no SSH client networks, which that mode refuses).
func sessionManagerPlan(t *testing.T) *plan.Plan {
	return hipaaVariant(t, func(a *sce.EnvironmentArgs) {
		a.Access, a.Network.AllowedSSHCidrs = sce.AccessSessionManager, nil
	})
}

// resourceSet is the plan's resources as "type name".
func resourceSet(p *plan.Plan) map[string]bool {
	set := map[string]bool{}
	for _, r := range p.Resources {
		set[r.Type+" "+r.Name] = true
	}
	return set
}

// minus lists what a has and b has not, sorted.
func minus(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// TestSessionManagerResourceDifference: session-manager mode drops exactly
// the bastion, its address, role, security group and rules, the public
// network ACL's SSH rules (no client networks), and adds
// exactly the session log group, the preferences document, the SSH session
// document, the researchers' session policy and the KMS endpoint (the agent decrypts the
// sessions' key from the instance).
func TestSessionManagerResourceDifference(t *testing.T) {
	bastion, ssm := resourceSet(hipaaPlan(t)), resourceSet(sessionManagerPlan(t))
	assert.Equal(t, []string{
		"aws:ec2/eip:Eip hipaa-bastion-eip",
		"aws:ec2/instance:Instance hipaa-bastion",
		"aws:ec2/networkAclRule:NetworkAclRule hipaa-public-nacl-in-ssh-1",
		"aws:ec2/networkAclRule:NetworkAclRule hipaa-public-nacl-in-ssh-2",
		"aws:ec2/securityGroup:SecurityGroup hipaa-bastion-sg",
		"aws:iam/instanceProfile:InstanceProfile hipaa-bastion-profile",
		"aws:iam/policy:Policy hipaa-bastion-role-policy",
		"aws:iam/role:Role hipaa-bastion-role",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment hipaa-bastion-role-policy-attachment",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment hipaa-bastion-role-ssm-agent",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule hipaa-bastion-https-out",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule hipaa-bastion-ssh-to-private",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule hipaa-bastion-ssh-in-1",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule hipaa-bastion-ssh-in-2",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule hipaa-worker-ssh-from-bastion",
	}, minus(bastion, ssm))
	assert.Equal(t, []string{
		"aws:cloudwatch/logGroup:LogGroup hipaa-sessions-log-group",
		"aws:ec2/vpcEndpoint:VpcEndpoint hipaa-kms-endpoint",
		"aws:iam/policy:Policy hipaa-researcher-session",
		"aws:ssm/document:Document hipaa-session-preferences",
		"aws:ssm/document:Document hipaa-ssh-session",
	}, minus(ssm, bastion))
}

// TestSessionManagerOutputsKeepTheirNames: the bastion outputs stay in the
// contract, empty.
func TestSessionManagerOutputsKeepTheirNames(t *testing.T) {
	p := sessionManagerPlan(t)
	assert.Equal(t, "", p.Outputs[sce.OutputBastionPublicIP])
	assert.Equal(t, "", p.Outputs[sce.OutputBastionInstanceID])
	require.NotEmpty(t, p.Outputs[sce.OutputWorkerInstanceIDs])
}

// TestSessionPreferences: sessions are encrypted with the project key and
// logged to the project's log group and logs bucket, with an idle timeout.
func TestSessionPreferences(t *testing.T) {
	p := sessionManagerPlan(t)
	d := res(t, p, awstype.SSMDocument, "hipaa-session-preferences")
	assert.Equal(t, "Session", d.Inputs["documentType"])
	assert.Equal(t, "JSON", d.Inputs["documentFormat"])
	c := doc(t, d.Inputs["content"])
	assert.Equal(t, "Standard_Stream", c["sessionType"])
	assert.Equal(t, map[string]any{
		"kmsKeyId": p.Outputs["kmsKeyArn"], "cloudWatchLogGroupName": "/sce/hipaa/sessions",
		"cloudWatchEncryptionEnabled": true, "cloudWatchStreamingEnabled": true,
		"s3BucketName": p.Outputs["bucketNames"].(map[string]any)["logs"], "s3KeyPrefix": "session-manager/",
		"s3EncryptionEnabled": true, "idleSessionTimeout": "15", "runAsEnabled": false,
		"shellProfile": map[string]any{"linux": ""},
	}, c["inputs"])
}

// TestResearcherSessionPolicy: SSH sessions only, only to the project's
// instances, only through the project's SSH session document (not
// AWS-StartSSHSession, which reaches any port); researchers end their own
// sessions only; their client may generate a session's data key with the
// project key, and nothing else with it.
func TestResearcherSessionPolicy(t *testing.T) {
	p := sessionManagerPlan(t)
	pol := res(t, p, tIAMPolicy, "hipaa-researcher-session")
	st := statements(t, doc(t, pol.Inputs["policy"]))
	require.Len(t, st, 4)
	assert.Equal(t, asJSON(t, map[string]any{"Sid": "GenerateSessionDataKeys", "Effect": "Allow", "Action": "kms:GenerateDataKey",
		"Resource":  res(t, p, tKey, "hipaa-key").Outputs["arn"],
		"Condition": map[string]any{"ForAnyValue:StringEquals": map[string]any{"kms:EncryptionContextKeys": "aws:ssm:SessionId"}}}),
		any(st["GenerateSessionDataKeys"]))
	assert.Equal(t, []string{urnOf(t, p, tKey, "hipaa-key")}, pol.PropertyDependencies["policy"])
	check := map[string]any{"ssm:SessionDocumentAccessCheck": "true"}
	assert.Equal(t, asJSON(t, map[string]any{"Sid": "SSHSessionsToProjectInstances", "Effect": "Allow", "Action": "ssm:StartSession",
		"Resource":  "arn:aws:ec2:us-west-2:123456789012:instance/*",
		"Condition": map[string]any{"StringEquals": map[string]any{"ssm:resourceTag/sce:pit": "hipaa"}, "BoolIfExists": check}}),
		any(st["SSHSessionsToProjectInstances"]))
	assert.Equal(t, asJSON(t, map[string]any{"Sid": "OnlyTheSSHDocument", "Effect": "Allow", "Action": "ssm:StartSession",
		"Resource":  "arn:aws:ssm:us-west-2:123456789012:document/hipaa-ssh-session",
		"Condition": map[string]any{"BoolIfExists": check}}), any(st["OnlyTheSSHDocument"]))
	assert.Equal(t, asJSON(t, map[string]any{"Sid": "EndOwnSessions", "Effect": "Allow",
		"Action":   []any{"ssm:TerminateSession", "ssm:ResumeSession"},
		"Resource": "arn:aws:ssm:us-west-2:123456789012:session/${aws:userid}-*"}), any(st["EndOwnSessions"]))
}

// TestSSHSessionDocument: researchers' sessions reach port 22 and no other:
// the portNumber their ProxyCommand passes must be 22, its default. The
// document carries its sessions' preferences (Session Manager applies a
// document's own inputs): the project key, the idle timeout, and the
// encryption flags the schema requires, with no log destination.
func TestSSHSessionDocument(t *testing.T) {
	p := sessionManagerPlan(t)
	d := res(t, p, awstype.SSMDocument, "hipaa-ssh-session")
	assert.Equal(t, "hipaa-ssh-session", sce.SSHSessionDocument("hipaa"))
	assert.Equal(t, "hipaa-ssh-session", d.Inputs["name"])
	assert.Equal(t, "Session", d.Inputs["documentType"])
	assert.Equal(t, "JSON", d.Inputs["documentFormat"])
	assert.Equal(t, "hipaa-ssh-session", d.Inputs["tags"].(map[string]any)["Name"])
	assert.Equal(t, "hipaa", d.Inputs["tags"].(map[string]any)["sce:pit"])
	assert.Equal(t, map[string]any{
		"schemaVersion": "1.0",
		"description":   "sce: SSH to the instance's port 22 only, through Session Manager",
		"sessionType":   "Port",
		"inputs": map[string]any{
			"kmsKeyId": p.Outputs["kmsKeyArn"], "idleSessionTimeout": "15",
			"s3EncryptionEnabled": true, "cloudWatchEncryptionEnabled": true, "cloudWatchStreamingEnabled": false,
		},
		"parameters": map[string]any{"portNumber": map[string]any{
			"type": "String", "description": "Port of the SSH server on the instance: 22, the only port this document reaches",
			"allowedPattern": "^22$", "default": "22",
		}},
		"properties": map[string]any{"portNumber": "{{ portNumber }}"},
	}, doc(t, d.Inputs["content"]))
}

// TestNoInternetFacingInstance: without a bastion no instance sits in a
// public subnet, and nothing admits SSH from outside the VPC.
func TestNoInternetFacingInstance(t *testing.T) {
	p := sessionManagerPlan(t)
	for _, inst := range p.Find(tInstance) {
		assert.Contains(t, inst.Inputs["tags"], sce.TagPrivate, inst.Name)
		assert.Equal(t, "hipaa", inst.Inputs["tags"].(map[string]any)["Patch Group"], inst.Name)
	}
	in := p.Find(tSGIn)
	require.Len(t, in, 1, "the interface endpoints' HTTPS only: Session Manager's channel is outbound")
	assert.Equal(t, "hipaa-endpoints-sg-https-in", in[0].Name)
	assert.Equal(t, "10.20.0.0/16", in[0].Inputs["cidrIpv4"], "from the VPC, not from outside")
	assert.Len(t, p.Find(tEip), 1, "only the NAT gateway's address")
}

// TestAccessValidation: a bad mode, SSH networks in session-manager mode
// and a plain key under sce:requireSecurityKeys are refused by key.
func TestAccessValidation(t *testing.T) {
	a := hipaaArgs()
	a.Access = "vpn"
	assert.EqualError(t, sce.Validate(hipaaPIT, a), "invalid configuration:\n  sce:access: \"vpn\" is not an access mode: use bastion "+
		"(a jump host with a public address) or session-manager (no public host; SSH through AWS Systems Manager)")
	a = hipaaArgs()
	a.Access = sce.AccessSessionManager
	assert.EqualError(t, sce.Validate(hipaaPIT, a), "invalid configuration:\n  sce:allowedSshCidrs: is for the bastion, and sce:access "+
		"is session-manager, which opens no port to the internet: remove sce:allowedSshCidrs")
	a = hipaaArgs()
	a.RequireSecurityKeys = true
	err := sce.Validate(hipaaPIT, a)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "sce:researchers[0].publicKey: is a ssh-ed25519 key, and sce:requireSecurityKeys is true: "+
		a.Researchers[0].Username+" makes a FIDO2 security-key pair with ssh-keygen -t ed25519-sk")
}
