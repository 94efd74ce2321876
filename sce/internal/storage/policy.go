package storage

import (
	"fmt"

	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// PolicyArgs are the values a project bucket policy needs: those only
// known once other resources exist and where services deliver in the logs
// bucket.
type PolicyArgs struct {
	// KeyArn is the project key, the only KMS key uploads may ask for.
	KeyArn string
	// EndpointID is the project's S3 gateway endpoint, the only way to PHI.
	EndpointID string
	// AdminRoleArn is the administrator role, excepted from the Denies.
	AdminRoleArn string
	// TrailPrefix is where CloudTrail writes in the logs bucket.
	TrailPrefix string
	// FlowLogPrefix is where VPC flow logs land in the logs bucket.
	FlowLogPrefix string
	// DNSQueryLogPrefix is where Resolver query logs land in the logs
	// bucket; "" when the project logs no DNS queries (egress open or none).
	DNSQueryLogPrefix string
	// Logged are the roles of the buckets that log to the access-log target.
	Logged []string
	// ApproverRoleArn is the airlock's approver role: the only writer of
	// the egress bucket and of the airlock's prefix of the logs bucket.
	ApproverRoleArn string
	// Recipients are the principals, besides the approver role, that may
	// read the egress bucket.
	Recipients []string

	// replicationRoleArn is the stack's replication role, excepted from the
	// Denies on listing from outside the endpoint and on reading a released
	// version's tags.
	replicationRoleArn string
}

// phiReadActions are the reads the PHI buckets allow only through the
// project's S3 endpoint: objects, versions and the list of versions.
func phiReadActions() []string {
	return []string{"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucketVersions"}
}

// phiListAction is the listing the PHI buckets allow only through the
// project's S3 endpoint (and the archive only to the admin role), and to
// the replication role, which S3 makes from outside it (ReplicationPolicy):
// the only read of these buckets that role is excepted from.
const phiListAction = "s3:ListBucket"

// outputWriteActions are the object writes the output bucket allows only
// through the project's S3 endpoint: uploads (multipart parts and copies
// included), deletions and tag changes.
func outputWriteActions() []string {
	return []string{"s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload",
		"s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"}
}

// adminOnlyActions are what only the admin role may do on any bucket:
// replace or delete its policy (and with it every other Deny), configure
// replication, delete versions under GOVERNANCE retention, and change the
// bucket's Object Lock configuration (a COMPLIANCE default retention set by
// anyone else would keep close-out from emptying the bucket for years).
// They also keep the rest of the bucket's hardening in place: its event
// notifications (the alerts on deletions, hidden evidence and releases),
// server access logging, default encryption, versioning, lifecycle rules,
// public access block and object ownership (the Delete calls of the last
// four are authorised by the same Put actions). The admin role deploys and
// closes projects out, so it still makes every one of these calls. No
// service that delivers to or replicates the buckets (CloudTrail, flow-log
// delivery, Config, S3 server access logging, S3 replication) and neither
// the airlock's requesters nor its approver call any of them. Reading
// versions the way replication does is the replication role's alone
// (replicationOnlyStatement).
func adminOnlyActions() []string {
	return []string{"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutReplicationConfiguration",
		"s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration",
		"s3:PutBucketNotification", "s3:PutBucketLogging", "s3:PutEncryptionConfiguration", "s3:PutBucketVersioning",
		"s3:PutLifecycleConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls"}
}

// ProjectPolicy is the policy of one project bucket: TLS only,
// bucket administration by the admin role only, no upload that asks for
// another encryption type or key, retentions and legal holds set by the
// admin role only (the airlock's records excepted); per role, PHI reads (and, for output,
// writes) only through the endpoint, CloudTrail and flow-log delivery to the
// logs bucket, and S3 server access log delivery to the access-logs bucket.
// Every bucket lets only the stack's replication role replicate into it and
// read it for replication; the PHI buckets let that role list them from
// outside the project's endpoint, and the egress bucket lets it read a
// version's tags, as replication does.
func ProjectPolicy(n naming.Namer, role string, in PolicyArgs) (string, error) {
	return iamdoc.JSON(projectStatements(n, role, n.BucketArn(role), in, false)...)
}

// ProjectReplicaPolicy is the policy of the replica of a project bucket of
// role: the Denies of the bucket's own policy, for the replica's ARN (a
// copy of PHI is protected like PHI), without the Allows that let services
// deliver to the source.
func ProjectReplicaPolicy(n naming.Namer, role string, in PolicyArgs) (string, error) {
	return iamdoc.JSON(projectStatements(n, role, n.ReplicaBucketArn(role), in, true)...)
}

// projectStatements are the statements of the policy of the bucket arn of
// role, or of its replica.
func projectStatements(n naming.Namer, role, arn string, in PolicyArgs, replica bool) []iamdoc.Statement {
	in.replicationRoleArn = ReplicationRoleArn(n)
	stmts := []iamdoc.Statement{tlsOnlyStatement(arn), adminOnlyStatement(arn, in.AdminRoleArn), replicationOnlyStatement(n, arn)}
	stmts = append(stmts, encryptionStatements(encryptionRole(role, replica), arn, in.KeyArn)...)
	stmts = append(stmts, projectObjectLockStatements(role, arn, in.AdminRoleArn)...)
	switch role {
	case DataIn:
		stmts = append(stmts, phiReadStatements(arn, in)...)
	case Output:
		stmts = append(stmts, outputReadStatements(arn, in)...)
		stmts = append(stmts, outputWriteStatement(arn, in))
		stmts = append(stmts, airlockOutputStatements(arn, in)...)
	case Logs:
		stmts = append(stmts, trailDeliveryStatements(n, arn, in.TrailPrefix)...)
		stmts = append(stmts, flowLogDeliveryStatements(n, arn, in.FlowLogPrefix)...)
		if in.DNSQueryLogPrefix != "" {
			stmts = append(stmts, dnsQueryLogDeliveryStatement(n, arn, in.DNSQueryLogPrefix))
		}
		stmts = append(stmts, airlockLogsStatements(arn, in)...)
	case Egress:
		stmts = append(stmts, egressStatements(arn, in)...)
	case AccessLogs:
		stmts = append(stmts, accessLogDeliveryStatement(n, arn, in.Logged))
	}
	if replica {
		return denies(stmts)
	}
	return stmts
}

// tlsOnlyStatement denies every request to the bucket made without TLS.
func tlsOnlyStatement(arn string) iamdoc.Statement {
	return iamdoc.Statement{
		Sid: "DenyInsecureTransport", Effect: iamdoc.Deny, Principal: "*", Action: "s3:*",
		Resource: []string{arn, arn + "/*"}, Condition: iamdoc.Conditions{"Bool": {"aws:SecureTransport": "false"}},
	}
}

// encryptionStatements deny uploads that ask for a different encryption
// type or (for KMS buckets) a different key. Uploads without encryption
// headers are allowed: default encryption applies to them. The buckets
// services deliver to (logs, config) do not pin the key header, so that a
// service writing with the key ID in another form is never locked out of
// the audit trail, and they also accept SSE-S3: CloudTrail writes its
// digest files (log-file validation) with SSE-S3 even when the trail's log
// files use KMS.
func encryptionStatements(role string, arn, keyArn string) []iamdoc.Statement {
	var algorithm any = "aws:kms"
	switch role {
	case AccessLogs:
		algorithm = "AES256"
	case Logs, Config:
		algorithm = []string{"aws:kms", "AES256"}
	}
	stmts := []iamdoc.Statement{{
		Sid: "DenyOtherEncryptionType", Effect: iamdoc.Deny, Principal: "*", Action: "s3:PutObject", Resource: arn + "/*",
		Condition: iamdoc.Conditions{
			"StringNotEquals": {"s3:x-amz-server-side-encryption": algorithm},
			"Null":            {"s3:x-amz-server-side-encryption": "false"},
		},
	}}
	if role == AccessLogs || role == Logs || role == Config {
		return stmts
	}
	return append(stmts, iamdoc.Statement{
		Sid: "DenyOtherKmsKey", Effect: iamdoc.Deny, Principal: "*", Action: "s3:PutObject", Resource: arn + "/*",
		Condition: iamdoc.Conditions{
			"StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn},
			"Null":            {"s3:x-amz-server-side-encryption-aws-kms-key-id": "false"},
		},
	})
}

// adminOnlyStatement denies adminOnlyActions on the bucket arn and its
// objects to every principal but the admin role. The admin role deploys
// (pulumi up), so it can still update the policy; the condition names the
// role by ARN, so a role re-created under the same name keeps that right.
func adminOnlyStatement(arn, adminRoleArn string) iamdoc.Statement {
	return iamdoc.Statement{
		Sid: "DenyAdministrationExceptAdminRole", Effect: iamdoc.Deny, Principal: "*", Action: adminOnlyActions(),
		Resource: []string{arn, arn + "/*"}, Condition: iamdoc.Conditions{"ArnNotEquals": {"aws:PrincipalArn": adminRoleArn}},
	}
}

// objectLockStatements deny setting a retention period or a legal hold on
// the bucket's object versions to every principal but the admin role: a
// COMPLIANCE retention set by anyone else would keep close-out from
// emptying the bucket until it ends, and a legal hold from deleting the
// version at all. Only buckets with Object Lock get them (every bucket but
// the access-log destination); S3 refuses both calls on other buckets. The
// retentions under the prefix reserved ("" for none) are left to the
// statement that owns that prefix: the airlock's approver role sets them on
// its decisions and receipts (airlockLogsStatements).
func objectLockStatements(arn, adminRoleArn, reserved string) []iamdoc.Statement {
	except := iamdoc.Conditions{"ArnNotEquals": {"aws:PrincipalArn": adminRoleArn}}
	if reserved == "" {
		return []iamdoc.Statement{{Sid: "DenyObjectLockExceptAdminRole", Effect: iamdoc.Deny, Principal: "*",
			Action: []string{"s3:PutObjectRetention", "s3:PutObjectLegalHold"}, Resource: arn + "/*", Condition: except}}
	}
	return []iamdoc.Statement{
		{Sid: "DenyLegalHoldExceptAdminRole", Effect: iamdoc.Deny, Principal: "*",
			Action: "s3:PutObjectLegalHold", Resource: arn + "/*", Condition: except},
		{Sid: "DenyRetentionExceptAdminRole", Effect: iamdoc.Deny, Principal: "*",
			Action: "s3:PutObjectRetention", NotResource: arn + "/" + reserved + "*", Condition: except},
	}
}

// projectObjectLockStatements are objectLockStatements for a project
// bucket of role: none for the access-log destination, which has no Object
// Lock, and the airlock's prefix reserved in the logs bucket.
func projectObjectLockStatements(role, arn, adminRoleArn string) []iamdoc.Statement {
	switch role {
	case AccessLogs:
		return nil
	case Logs:
		return objectLockStatements(arn, adminRoleArn, AirlockLogsPrefix)
	}
	return objectLockStatements(arn, adminRoleArn, "")
}

// outsideEndpoint matches requests that do not come through the project's
// S3 endpoint, except those of the configured administrator role.
func outsideEndpoint(in PolicyArgs) iamdoc.Conditions {
	return iamdoc.Conditions{
		"StringNotEquals": {"aws:SourceVpce": in.EndpointID},
		"ArnNotEquals":    {"aws:PrincipalArn": in.AdminRoleArn},
	}
}

// outsideEndpointBy is outsideEndpoint with more principals excepted.
func outsideEndpointBy(in PolicyArgs, also ...string) iamdoc.Conditions {
	return iamdoc.Conditions{
		"StringNotEquals": {"aws:SourceVpce": in.EndpointID},
		"ArnNotEquals":    {"aws:PrincipalArn": append([]string{in.AdminRoleArn}, also...)},
	}
}

// phiReadStatements deny reading or listing PHI from anywhere but the
// project's S3 endpoint, except for the configured administrator role
// (and the readers also excepted); the stack's replication role may list
// the bucket, as replication does, and read nothing else.
func phiReadStatements(arn string, in PolicyArgs, also ...string) []iamdoc.Statement {
	return []iamdoc.Statement{
		{Sid: "DenyReadOutsideProjectEndpoint", Effect: iamdoc.Deny, Principal: "*", Action: phiReadActions(),
			Resource: []string{arn, arn + "/*"}, Condition: outsideEndpointBy(in, also...)},
		{Sid: "DenyListOutsideProjectEndpoint", Effect: iamdoc.Deny, Principal: "*", Action: phiListAction,
			Resource: arn, Condition: outsideEndpointBy(in, append([]string{in.replicationRoleArn}, also...)...)},
	}
}

// outputReadStatements are phiReadStatements for the output bucket, which
// the airlock's approver role also reads from outside the project's
// endpoint to check a request's files before it copies them.
func outputReadStatements(arn string, in PolicyArgs) []iamdoc.Statement {
	return phiReadStatements(arn, in, in.ApproverRoleArn)
}

// outputWriteStatement denies writing, overwriting or deleting results in
// the output bucket from anywhere but the project's S3 endpoint, so worker
// credentials taken off a worker are useless elsewhere; the administrator
// role keeps them for close-out. Data-in has no such statement: data
// providers upload to it from outside.
func outputWriteStatement(arn string, in PolicyArgs) iamdoc.Statement {
	return iamdoc.Statement{
		Sid: "DenyWriteOutsideProjectEndpoint", Effect: iamdoc.Deny, Principal: "*", Action: outputWriteActions(),
		Resource: arn + "/*", Condition: outsideEndpoint(in),
	}
}

// trailDeliveryStatements let the trail named by n write to the bucket arn,
// only under the trail's prefix.
func trailDeliveryStatements(n naming.Namer, arn, trailPrefix string) []iamdoc.Statement {
	trail := iamdoc.Conditions{"StringEquals": {"aws:SourceArn": n.TrailArn()}}
	return []iamdoc.Statement{
		{Sid: "CloudTrailAclCheck", Effect: iamdoc.Allow, Principal: iamdoc.Service("cloudtrail.amazonaws.com"),
			Action: "s3:GetBucketAcl", Resource: arn, Condition: trail},
		{Sid: "CloudTrailWrite", Effect: iamdoc.Allow, Principal: iamdoc.Service("cloudtrail.amazonaws.com"), Action: "s3:PutObject",
			Resource: fmt.Sprintf("%s/%s/AWSLogs/%s/*", arn, trailPrefix, n.Account),
			Condition: iamdoc.Conditions{"StringEquals": {
				"aws:SourceArn": n.TrailArn(), "s3:x-amz-acl": "bucket-owner-full-control"}}},
	}
}

// flowLogDeliveryStatements let VPC flow-log delivery write to the bucket
// arn, only under its prefix and for this account.
func flowLogDeliveryStatements(n naming.Namer, arn, flowLogPrefix string) []iamdoc.Statement {
	flow := iamdoc.Conditions{
		"StringEquals": {"aws:SourceAccount": n.Account},
		"ArnLike":      {"aws:SourceArn": n.ARN("logs", "*")},
	}
	return []iamdoc.Statement{
		{Sid: "FlowLogsAclCheck", Effect: iamdoc.Allow, Principal: iamdoc.Service("delivery.logs.amazonaws.com"),
			Action: "s3:GetBucketAcl", Resource: arn, Condition: flow},
		{Sid: "FlowLogsWrite", Effect: iamdoc.Allow, Principal: iamdoc.Service("delivery.logs.amazonaws.com"), Action: "s3:PutObject",
			Resource: fmt.Sprintf("%s/%s/AWSLogs/%s/*", arn, flowLogPrefix, n.Account),
			Condition: iamdoc.Conditions{
				"StringEquals": {"aws:SourceAccount": n.Account, "s3:x-amz-acl": "bucket-owner-full-control"},
				"ArnLike":      {"aws:SourceArn": n.ARN("logs", "*")},
			}},
	}
}

// dnsQueryLogDeliveryStatement lets Route 53 Resolver query logging write
// to the bucket arn, only under its prefix and for this account. Query logs
// reach S3 through the same log delivery service as flow logs, so the
// bucket ACL check of flowLogDeliveryStatements serves both.
func dnsQueryLogDeliveryStatement(n naming.Namer, arn, prefix string) iamdoc.Statement {
	return iamdoc.Statement{Sid: "ResolverQueryLogsWrite", Effect: iamdoc.Allow, Principal: iamdoc.Service("delivery.logs.amazonaws.com"),
		Action: "s3:PutObject", Resource: fmt.Sprintf("%s/%s/AWSLogs/%s/*", arn, prefix, n.Account),
		Condition: iamdoc.Conditions{
			"StringEquals": {"aws:SourceAccount": n.Account, "s3:x-amz-acl": "bucket-owner-full-control"},
			"ArnLike":      {"aws:SourceArn": n.ARN("logs", "*")},
		}}
}

// accessLogDeliveryStatement lets S3 server access logging write the logs
// of the buckets logged, of their replicas and of the access-log
// destination's own replica (ACLs are disabled, so the grant is in the
// policy).
func accessLogDeliveryStatement(n naming.Namer, arn string, logged []string) iamdoc.Statement {
	var sources []string
	for _, r := range logged {
		sources = append(sources, n.BucketArn(r), n.ReplicaBucketArn(r))
	}
	sources = append(sources, n.ReplicaBucketArn(AccessLogs))
	return iamdoc.Statement{
		Sid: "S3ServerAccessLogDelivery", Effect: iamdoc.Allow, Principal: iamdoc.Service("logging.s3.amazonaws.com"),
		Action: "s3:PutObject", Resource: arn + "/*",
		Condition: iamdoc.Conditions{
			"StringEquals": {"aws:SourceAccount": n.Account},
			"ArnLike":      {"aws:SourceArn": sources},
		},
	}
}
