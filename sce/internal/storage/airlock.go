package storage

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
)

// Where the airlock keeps its documents. Package sce exports them
// (sce.Airlock*Prefix) for the CLI that writes them (sce egress), so the
// bucket policies and the commands share one definition.
const (
	// AirlockOutputPrefix is the output bucket's part the airlock owns:
	// request manifests live under AirlockOutputPrefix + "requests/".
	AirlockOutputPrefix = ".sce-egress/"
	// AirlockLogsPrefix is the logs bucket's part the airlock owns: its
	// decisions and receipts, under Object Lock.
	AirlockLogsPrefix = "egress/"
)

// deleteObjectActions are every way to delete an object or a version.
func deleteObjectActions() []string {
	return []string{"s3:DeleteObject", "s3:DeleteObjectVersion"}
}

// readObjectActions are every way to read an object, a version or their
// metadata, but the tags of a version (versionTagsAction).
func readObjectActions() []string {
	return []string{"s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAttributes", "s3:GetObjectVersionAttributes",
		"s3:GetObjectTagging"}
}

// versionTagsAction reads the tags of an object version: a read the
// egress bucket keeps to its readers, as readObjectActions, but that S3
// replication also makes (ReplicationPolicy).
const versionTagsAction = "s3:GetObjectVersionTagging"

// principalNot is a condition matching every principal but arns.
func principalNot(arns ...string) iamdoc.Conditions {
	return iamdoc.Conditions{"ArnNotEquals": {"aws:PrincipalArn": arns}}
}

// airlockOutputStatements keep the request manifests honest: a manifest is
// written only if no object has its key yet (If-None-Match, so it is
// written once), and no one but the admin role deletes anything of the
// airlock's part of the output bucket.
func airlockOutputStatements(arn string, in PolicyArgs) []iamdoc.Statement {
	return []iamdoc.Statement{
		{Sid: "DenyRequestOverwrite", Effect: iamdoc.Deny, Principal: "*", Action: "s3:PutObject",
			Resource:  arn + "/" + AirlockOutputPrefix + "requests/*",
			Condition: iamdoc.Conditions{"Null": {"s3:if-none-match": "true"}}},
		{Sid: "DenyAirlockDeleteExceptAdminRole", Effect: iamdoc.Deny, Principal: "*", Action: deleteObjectActions(),
			Resource: arn + "/" + AirlockOutputPrefix + "*", Condition: principalNot(in.AdminRoleArn)},
	}
}

// airlockLogsStatements reserve the airlock's part of the logs bucket:
// only the approver role records decisions and receipts and sets their
// retention (sce egress writes them with PutObject's Object Lock headers,
// which S3 authorizes as s3:PutObjectRetention too). No one but the admin
// role sets a legal hold on them (objectLockStatements), and only the admin
// role may lift their GOVERNANCE retention, as for every object of the
// bucket (DenyAdministrationExceptAdminRole).
func airlockLogsStatements(arn string, in PolicyArgs) []iamdoc.Statement {
	return []iamdoc.Statement{
		{Sid: "DenyAirlockRecordsExceptApprover", Effect: iamdoc.Deny, Principal: "*",
			Action: []string{"s3:PutObject", "s3:PutObjectRetention"}, Resource: arn + "/" + AirlockLogsPrefix + "*",
			Condition: principalNot(in.ApproverRoleArn)},
	}
}

// egressStatements make the egress bucket the airlock's: only the approver
// role writes released copies, only the admin role deletes (close-out),
// and only the named recipients and the approver role read; the stack's
// replication role reads a version's tags too, as replication does.
func egressStatements(arn string, in PolicyArgs) []iamdoc.Statement {
	readers := append([]string{in.ApproverRoleArn}, in.Recipients...)
	return []iamdoc.Statement{
		{Sid: "DenyWriteExceptApprover", Effect: iamdoc.Deny, Principal: "*", Action: "s3:PutObject",
			Resource: arn + "/*", Condition: principalNot(in.ApproverRoleArn)},
		{Sid: "DenyDeleteExceptAdminRole", Effect: iamdoc.Deny, Principal: "*", Action: deleteObjectActions(),
			Resource: arn + "/*", Condition: principalNot(in.AdminRoleArn)},
		{Sid: "DenyReadExceptRecipients", Effect: iamdoc.Deny, Principal: "*", Action: readObjectActions(),
			Resource: arn + "/*", Condition: principalNot(readers...)},
		{Sid: "DenyVersionTagsExceptRecipientsAndReplication", Effect: iamdoc.Deny, Principal: "*", Action: versionTagsAction,
			Resource: arn + "/*", Condition: principalNot(append(readers, in.replicationRoleArn)...)},
	}
}

// EgressLifecycleRule expires released copies expireDays after the
// approval, their noncurrent versions after noncurrentDays, and removes
// unfinished multipart uploads.
func EgressLifecycleRule(expireDays, noncurrentDays int) *s3.BucketLifecycleConfigurationV2RuleArgs {
	r := NoncurrentVersionsRule(noncurrentDays)
	r.Id = pulumi.String("egress-expiry")
	r.Expiration = &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(expireDays)}
	return r
}
