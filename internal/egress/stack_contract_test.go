package egress

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// The tests below plan the shipped hipaa stack and check, by reading its
// IAM and bucket policy documents, that every bucket, role and prefix the
// airlock's commands address exists with the permissions they need, and
// that a researcher's worker role cannot do what only the approver role
// may. The key KMS grants and IAM's real evaluation are proven only on AWS.

const (
	contractID = "20260302T101500Z-1a2b3c4d"
	account    = "123456789012"
	adminRole  = "arn:aws:iam::123456789012:role/sce-admin"
)

var hipaaPlan = sync.OnceValues(func() (*plan.Plan, error) {
	return stackfile.Plan(context.Background(), "../../stacks", "hipaa", stacks.Build, stacks.KnownConfigKeys())
})

// airlockStack is what the commands see of the planned hipaa stack.
type airlockStack struct {
	plan    *plan.Plan
	project Project
	// policies are the bucket policies by bucket name.
	policies map[string]iamDoc
	// endpoint is the project's S3 endpoint ID, as the bucket policies name it.
	endpoint string
}

func loadAirlockStack(t *testing.T) airlockStack {
	t.Helper()
	p, err := hipaaPlan()
	require.NoError(t, err)
	project, err := FromOutputs(p.Outputs)
	require.NoError(t, err, "the commands read the planned outputs")
	s := airlockStack{plan: p, project: project, policies: map[string]iamDoc{}}
	for _, role := range sce.BucketRoles() {
		name := "hipaa-" + string(role)
		b := resourceNamed(t, p, awstype.S3BucketV2, name)
		bucket := b.Inputs["bucket"].(string)
		s.policies[bucket] = parseDoc(t, name+"-policy", resourceNamed(t, p, awstype.S3BucketPolicy, name+"-policy").Inputs["policy"], true)
	}
	for _, st := range s.policies[project.Output].statements {
		if st.Sid == "DenyReadOutsideProjectEndpoint" {
			s.endpoint = values(st.Condition["StringNotEquals"]["aws:SourceVpce"])[0]
		}
	}
	require.NotEmpty(t, s.endpoint, "the output bucket policy names the project's endpoint")
	return s
}

// resourceNamed is the one resource of type typ and logical name name.
func resourceNamed(t *testing.T, p *plan.Plan, typ, name string) plan.Resource {
	t.Helper()
	for _, r := range p.Find(typ) {
		if r.Name == name {
			return r
		}
	}
	require.FailNow(t, "not in the plan", "%s %s", typ, name)
	return plan.Resource{}
}

// identity is the customer-managed policies attached to role roleName.
func (s airlockStack) identity(t *testing.T, roleName string) []iamDoc {
	t.Helper()
	var docs []iamDoc
	for _, a := range s.plan.Find(awstype.IAMRolePolicyAttachment) {
		if a.Inputs["role"] != roleName {
			continue
		}
		arn := a.Inputs["policyArn"].(string)
		name, ok := strings.CutPrefix(arn, "arn:aws:iam::"+account+":policy/")
		require.True(t, ok, "role %s has policy %s, which the plan does not hold: the test cannot read it", roleName, arn)
		var found bool
		for _, pol := range s.plan.Find(awstype.IAMPolicy) {
			if pol.Inputs["name"] == name {
				docs, found = append(docs, parseDoc(t, name, pol.Inputs["policy"], false)), true
			}
		}
		require.True(t, found, "policy %s of role %s", name, roleName)
	}
	require.NotEmpty(t, docs, "role %s has no policy", roleName)
	return docs
}

// call is one request of the airlock: an action on a bucket's key ("" for
// the bucket itself), with the condition keys it carries.
type call struct {
	action, bucket, key string
	ctx                 map[string]string
}

func (c call) String() string {
	return fmt.Sprintf("%s s3://%s/%s %v", c.action, c.bucket, c.key, c.ctx)
}

// check decides c for the principal arn holding the identity policies docs.
func (s airlockStack) check(t *testing.T, arn string, docs []iamDoc, c call) (bool, string) {
	t.Helper()
	res := "arn:aws:s3:::" + c.bucket
	if c.key != "" {
		res += "/" + c.key
	}
	ctx := map[string]string{"aws:PrincipalArn": arn, "aws:SecureTransport": "true"}
	for k, v := range c.ctx {
		ctx[k] = v
	}
	return allowed(t, iamRequest{principal: arn, action: c.action, resource: res, ctx: ctx}, append(docs, s.policies[c.bucket])...)
}

func (s airlockStack) expect(t *testing.T, who, arn string, docs []iamDoc, want bool, calls ...call) {
	t.Helper()
	for _, c := range calls {
		got, by := s.check(t, arn, docs, c)
		assert.Equal(t, want, got, "%s: %s (decided by %q)", who, c, by)
	}
}

func TestStackCreatesWhatTheAirlockAddresses(t *testing.T) {
	s := loadAirlockStack(t)
	p := s.plan
	assert.Equal(t, Project{PIT: "hipaa", Output: "hipaa-output-123456789012-us-west-2", Logs: "hipaa-logs-123456789012-us-west-2",
		Egress: "hipaa-egress-123456789012-us-west-2"}, s.project)
	assert.Equal(t, s.project.Egress, resourceNamed(t, p, awstype.S3BucketV2, "hipaa-"+string(sce.BucketEgress)).Inputs["bucket"])
	assert.Equal(t, true, resourceNamed(t, p, awstype.S3BucketV2, "hipaa-logs").Inputs["objectLockEnabled"],
		"decisions and receipts are written under Object Lock")
	assert.Equal(t, "Enabled", resourceNamed(t, p, awstype.S3BucketObjectLockConfigurationV2, "hipaa-logs-object-lock").Inputs["objectLockEnabled"])

	approver := resourceNamed(t, p, awstype.IAMRole, sce.ApproverRoleName("hipaa"))
	assert.Equal(t, "hipaa-egress-approver", approver.Inputs["name"])
	trust := parseDoc(t, "trust", approver.Inputs["assumeRolePolicy"], true)
	require.Len(t, trust.statements, 1)
	assert.Equal(t, iamStatement{Sid: "AssumeRoleByReviewers", Effect: "Allow", Action: "sts:AssumeRole",
		Principal: map[string]any{"AWS": []any{adminRole}}}, trust.statements[0],
		"without sce:airlock.reviewers, only the admin role may assume the approver role")

	assert.Equal(t, "egress/", sce.AirlockLogsPrefix)
	assert.Equal(t, sce.AirlockLogsPrefix+"decisions/", DecisionsPrefix)
	assert.Equal(t, sce.AirlockLogsPrefix+"receipts/", ReceiptsPrefix)
	assert.Equal(t, sce.AirlockOutputPrefix+"requests/", RequestsPrefix)
}

// TestApproverRoleCanDoWhatApproveNeeds: from outside the project's
// endpoint (a reviewer's workstation), the approver role reads the listed
// output versions and the manifest, writes and checks the egress copies,
// and records decisions and receipts with their retention.
func TestApproverRoleCanDoWhatApproveNeeds(t *testing.T) {
	s := loadAirlockStack(t)
	name := sce.ApproverRoleName("hipaa")
	arn := "arn:aws:iam::" + account + ":role/" + name
	docs := s.identity(t, name)
	out, logs, egress := s.project.Output, s.project.Logs, s.project.Egress
	file := "results/table1.csv"
	s.expect(t, "approver", arn, docs, true,
		call{action: "s3:ListBucket", bucket: out}, call{action: "s3:ListBucketVersions", bucket: out},
		call{action: "s3:GetObject", bucket: out, key: file}, call{action: "s3:GetObjectVersion", bucket: out, key: file},
		call{action: "s3:GetObjectVersion", bucket: out, key: requestKey(contractID)},
		call{action: "s3:ListBucket", bucket: egress}, call{action: "s3:ListBucketVersions", bucket: egress},
		call{action: "s3:PutObject", bucket: egress, key: egressKey(contractID, file)},
		call{action: "s3:GetObject", bucket: egress, key: egressKey(contractID, file)},
		call{action: "s3:ListBucket", bucket: logs},
		call{action: "s3:PutObject", bucket: logs, key: decisionKey(contractID)},
		call{action: "s3:PutObjectRetention", bucket: logs, key: decisionKey(contractID)},
		call{action: "s3:GetObject", bucket: logs, key: decisionKey(contractID)},
		call{action: "s3:PutObject", bucket: logs, key: receiptKey(contractID)},
		call{action: "s3:PutObjectRetention", bucket: logs, key: receiptKey(contractID)},
	)
	s.expect(t, "approver", arn, docs, false,
		call{action: "s3:PutObject", bucket: out, key: file},
		call{action: "s3:DeleteObject", bucket: egress, key: egressKey(contractID, file)},
		call{action: "s3:BypassGovernanceRetention", bucket: logs, key: decisionKey(contractID)},
		call{action: "s3:PutObjectLegalHold", bucket: logs, key: decisionKey(contractID)},
		call{action: "s3:PutObject", bucket: logs, key: "cloudtrail/AWSLogs/" + account + "/x.json.gz"},
		// approve copies with TaggingDirective REPLACE and no tags, which
		// needs neither (S3's default, COPY, would need both)
		call{action: "s3:GetObjectTagging", bucket: out, key: file},
		call{action: "s3:PutObjectTagging", bucket: egress, key: egressKey(contractID, file)},
	)
	everything := iamDoc{name: "s3:* from another policy", statements: []iamStatement{{Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*"}}}
	s.expect(t, "approver with s3:*", arn, append(docs, everything), true,
		call{action: "s3:PutObjectRetention", bucket: logs, key: decisionKey(contractID)},
		call{action: "s3:PutObjectRetention", bucket: logs, key: receiptKey(contractID)})
	s.expect(t, "approver with s3:*", arn, append(docs, everything), false, s.objectLockCalls(nil)...)
}

// objectLockCalls are a retention and a legal hold on an object of every
// bucket with Object Lock (all but the access-log destination), outside the
// airlock's records, and a legal hold on a decision record, with the
// condition keys ctx.
func (s airlockStack) objectLockCalls(ctx map[string]string) []call {
	var calls []call
	for _, role := range sce.BucketRoles() {
		if role == sce.BucketAccessLogs {
			continue
		}
		bucket := "hipaa-" + string(role) + "-" + account + "-us-west-2"
		for _, action := range []string{"s3:PutObjectRetention", "s3:PutObjectLegalHold"} {
			calls = append(calls, call{action: action, bucket: bucket, key: "results/table1.csv", ctx: ctx})
		}
	}
	return append(calls, call{action: "s3:PutObjectLegalHold", bucket: s.project.Logs, key: decisionKey(contractID), ctx: ctx})
}

// TestOnlyTheAdminRoleLocksObjectVersions: a retention (COMPLIANCE mode
// cannot be lifted) or a legal hold set by a worker, the approver outside
// its records or anyone but the admin role would keep close-out from
// emptying the bucket, so every bucket with Object Lock refuses them, even
// to a principal allowed s3:*; the admin role keeps them.
func TestOnlyTheAdminRoleLocksObjectVersions(t *testing.T) {
	s := loadAirlockStack(t)
	everything := []iamDoc{{name: "s3:*", statements: []iamStatement{{Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*"}}}}
	inside := map[string]string{"aws:SourceVpce": s.endpoint}
	require.Len(t, s.objectLockCalls(nil), 2*(len(sce.BucketRoles())-1)+1)
	s.expect(t, "worker with s3:*", "arn:aws:iam::"+account+":role/hipaa-worker-role", everything, false, s.objectLockCalls(inside)...)
	s.expect(t, "researcher with s3:*", "arn:aws:iam::"+account+":role/researcher", everything, false, s.objectLockCalls(nil)...)
	s.expect(t, "admin", adminRole, everything, true, s.objectLockCalls(nil)...)
}

// TestWorkerRoleRequestsButCannotRelease: a researcher on a worker (inside
// the project's endpoint) lists and reads the output versions and writes a
// manifest once, but never writes the egress bucket or the airlock's
// records, even with s3:* granted by some other policy.
func TestWorkerRoleRequestsButCannotRelease(t *testing.T) {
	s := loadAirlockStack(t)
	arn := "arn:aws:iam::" + account + ":role/hipaa-worker-role"
	docs := s.identity(t, "hipaa-worker-role")
	inside := map[string]string{"aws:SourceVpce": s.endpoint}
	once := map[string]string{"aws:SourceVpce": s.endpoint, "s3:if-none-match": "*"}
	out, logs, egress := s.project.Output, s.project.Logs, s.project.Egress
	file := "results/table1.csv"
	s.expect(t, "worker", arn, docs, true,
		call{action: "s3:ListBucket", bucket: out, ctx: inside}, call{action: "s3:ListBucketVersions", bucket: out, ctx: inside},
		call{action: "s3:GetObjectVersion", bucket: out, key: file, ctx: inside},
		call{action: "s3:PutObject", bucket: out, key: requestKey(contractID), ctx: once},
	)
	forbidden := []call{
		{action: "s3:PutObject", bucket: out, key: requestKey(contractID), ctx: inside},
		{action: "s3:DeleteObject", bucket: out, key: requestKey(contractID), ctx: inside},
		{action: "s3:DeleteObjectVersion", bucket: out, key: requestKey(contractID), ctx: inside},
		{action: "s3:PutObject", bucket: egress, key: egressKey(contractID, file), ctx: inside},
		{action: "s3:PutObject", bucket: egress, key: egressKey(contractID, file), ctx: once},
		{action: "s3:PutObject", bucket: logs, key: decisionKey(contractID), ctx: inside},
		{action: "s3:PutObjectRetention", bucket: logs, key: decisionKey(contractID), ctx: inside},
		{action: "s3:PutObjectLegalHold", bucket: logs, key: decisionKey(contractID), ctx: inside},
		{action: "s3:PutObject", bucket: logs, key: receiptKey(contractID), ctx: inside},
		{action: "s3:PutObjectRetention", bucket: out, key: file, ctx: inside},
		{action: "s3:PutObjectLegalHold", bucket: out, key: file, ctx: inside},
	}
	s.expect(t, "worker", arn, docs, false, forbidden...)
	s.expect(t, "worker", arn, docs, false, call{action: "s3:GetObject", bucket: logs, key: decisionKey(contractID), ctx: inside},
		call{action: "s3:GetObject", bucket: egress, key: egressKey(contractID, file), ctx: inside})
	everything := iamDoc{name: "s3:* from another policy", statements: []iamStatement{{Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*"}}}
	s.expect(t, "worker with s3:*", arn, append(docs, everything), false, forbidden...)
}

// TestOnlyRecipientsAndTheApproverReadReleasedResults: a principal allowed
// s3:* (here the admin role) can neither read nor write the egress bucket;
// it may only empty it at close-out.
func TestOnlyRecipientsAndTheApproverReadReleasedResults(t *testing.T) {
	s := loadAirlockStack(t)
	everything := []iamDoc{{name: "admin s3:*", statements: []iamStatement{{Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*"}}}}
	key := egressKey(contractID, "results/table1.csv")
	s.expect(t, "admin", adminRole, everything, false,
		call{action: "s3:GetObject", bucket: s.project.Egress, key: key},
		call{action: "s3:PutObject", bucket: s.project.Egress, key: key},
		call{action: "s3:PutObject", bucket: s.project.Logs, key: decisionKey(contractID)})
	s.expect(t, "admin", adminRole, everything, true,
		call{action: "s3:DeleteObjectVersion", bucket: s.project.Egress, key: key},
		call{action: "s3:ListBucketVersions", bucket: s.project.Egress})
}
