package storage

import (
	"fmt"
	"slices"

	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// ReplicationRole is the role slug of the one IAM role per stack that S3
// assumes to replicate every bucket to its same-region replica and back.
const ReplicationRole = "s3-replication"

// ReplicationRoleArn is the ARN of the stack's replication role, known
// before the role exists so the bucket policies can name it.
func ReplicationRoleArn(n naming.Namer) string {
	return fmt.Sprintf("arn:%s:iam::%s:role/%s", n.Partition, n.Account, n.Logical(ReplicationRole))
}

// replicationBucketActions are what S3 replication asks of a source bucket.
func replicationBucketActions() []string {
	return []string{"s3:GetReplicationConfiguration", "s3:ListBucket"}
}

// replicationReadActions read an object version to replicate it, its
// ACL, tags and Object Lock retention and legal hold included (the
// replica keeps the source's lock).
func replicationReadActions() []string {
	return []string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging",
		"s3:GetObjectRetention", "s3:GetObjectLegalHold"}
}

// replicationWriteActions write a replicated version, delete marker or
// tag set into the destination bucket.
func replicationWriteActions() []string {
	return []string{"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"}
}

// ReplicationActions are every S3 action the replication role's policy
// allows (ReplicationPolicy), in a new slice: all a session of the role
// can be recorded doing with success.
func ReplicationActions() []string {
	return slices.Concat(replicationBucketActions(), replicationReadActions(), replicationWriteActions())
}

// replicationOnlyActions are what only the replication role may do on any
// bucket: read versions the way replication does, and write replicas.
// ReplicateObject writes an object without s3:PutObject, so the Denies on
// PutObject (encryption, airlock, archive) would not stop anyone else.
func replicationOnlyActions() []string {
	return []string{"s3:GetObjectVersionForReplication", "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"}
}

// replicationOnlyStatement denies replicationOnlyActions on the bucket
// arn's objects to every principal but the stack's replication role.
func replicationOnlyStatement(n naming.Namer, arn string) iamdoc.Statement {
	return iamdoc.Statement{
		Sid: "DenyReplicationExceptReplicationRole", Effect: iamdoc.Deny, Principal: "*", Action: replicationOnlyActions(),
		Resource: arn + "/*", Condition: principalNot(ReplicationRoleArn(n)),
	}
}

// ReplicationPolicy is the replication role's permissions: exactly the
// replication actions on the buckets of roles and their replicas (each is
// the other's source and destination), and the use of keyArns only
// through S3 in the stack's region.
func ReplicationPolicy(n naming.Namer, roles, keyArns []string) (string, error) {
	var buckets, objects []string
	for _, r := range roles {
		for _, arn := range []string{n.BucketArn(r), n.ReplicaBucketArn(r)} {
			buckets, objects = append(buckets, arn), append(objects, arn+"/*")
		}
	}
	return iamdoc.JSON(
		iamdoc.Statement{Sid: "ReadReplicationConfiguration", Effect: iamdoc.Allow, Action: replicationBucketActions(), Resource: buckets},
		iamdoc.Statement{Sid: "ReadVersionsToReplicate", Effect: iamdoc.Allow, Action: replicationReadActions(), Resource: objects},
		iamdoc.Statement{Sid: "WriteReplicas", Effect: iamdoc.Allow, Action: replicationWriteActions(), Resource: objects},
		iamdoc.Statement{Sid: "UseKeysThroughS3", Effect: iamdoc.Allow,
			Action: []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"}, Resource: keyArns,
			Condition: iamdoc.ViaS3(n.Region)},
	)
}

// denies keeps the Deny statements of stmts: a replica takes its source's
// protections, but no service delivers to it (the Allows let CloudTrail,
// log delivery, Config and S3 server access logging write to the source).
func denies(stmts []iamdoc.Statement) []iamdoc.Statement {
	var out []iamdoc.Statement
	for _, s := range stmts {
		if s.Effect == iamdoc.Deny {
			out = append(out, s)
		}
	}
	return out
}

// encryptionRole is the role whose encryption statements protect a bucket:
// the replica of the access-log destination is SSE-KMS with the stack's key
// (it is no log destination), so uploads to it are held to that key as on
// a data bucket.
func encryptionRole(role string, replica bool) string {
	if replica && role == AccessLogs {
		return DataIn
	}
	return role
}
