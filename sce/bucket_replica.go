package sce

import (
	"cmp"
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/storage"
)

// maxBucketName is the longest bucket name S3 accepts.
const maxBucketName = 63

// BucketReplication asks for a same-region replica of a Bucket: a second
// bucket named BucketName plus "-replica", hardened as its source is, and
// replication both ways. Source to replica carries every new object
// version, delete marker and tag change; replica to source carries what is
// written to the replica (after a failover) back. S3 never replicates a
// replica again, so nothing loops.
type BucketReplication struct {
	// RoleArn is the IAM role S3 assumes to replicate (required).
	RoleArn pulumi.StringInput
	// Policy is the replica's bucket policy (required): the source's
	// protections, for the replica's ARN.
	Policy pulumi.StringInput
	// KmsKeyArn is the replica's SSE-KMS key, and the key of the objects
	// replicated in either direction; nil means the source's KmsKeyArn. It
	// is required of the access-log destination, which has none: its
	// replica is no log destination and is encrypted with a KMS key.
	KmsKeyArn pulumi.StringInput
	// Tags are the replica's tags; nil means the source's.
	Tags pulumi.StringMap
	// After are resources the replication configurations wait for, such as
	// the attachment of the role's policy.
	After []pulumi.Resource
}

// ReplicaBucketName is the name of the replica of the bucket named
// source: close-out empties it and checks it is gone.
func ReplicaBucketName(source string) string { return naming.ReplicaName(source) }

// ReplicationRoleName is the name of the one IAM role S3 assumes to
// replicate every bucket of the stack whose names start with prefix (a
// project's PIT, or the baseline's name) into its replica and back: its
// sessions' S3 data events are replication, not anybody's access.
func ReplicationRoleName(prefix string) string {
	return naming.Namer{PIT: prefix}.Logical(storage.ReplicationRole)
}

// ReplicationRoleActions are the S3 actions ("s3:<Action>") the policy
// of the replication role (ReplicationRoleName) allows, in a new slice.
func ReplicationRoleActions() []string { return storage.ReplicationActions() }

// checkReplication refuses a replication S3 or the component could not
// build: missing inputs, or a replica name longer than S3 allows.
func (a *BucketArgs) checkReplication() error {
	r := a.Replication
	if r == nil {
		return nil
	}
	if r.RoleArn == nil || r.Policy == nil {
		return errors.New("Replication.RoleArn and Replication.Policy are required")
	}
	if r.KmsKeyArn == nil && a.KmsKeyArn == nil {
		return errors.New("Replication.KmsKeyArn is required when KmsKeyArn is unset: a replica is always encrypted with a KMS key")
	}
	if name := ReplicaBucketName(a.BucketName); len(name) > maxBucketName {
		return fmt.Errorf("the replica's name %q would have %d characters, S3 allows %d: shorten BucketName by %d characters",
			name, len(name), maxBucketName, len(name)-maxBucketName)
	}
	return nil
}

// replicaArgs are the replica's arguments: a copy of the source's, with
// only what must differ changed (name, policy, tags, key, notifications),
// so what a source is given is given to its replica too. The replica of
// the access-log destination is an SSE-KMS bucket that logs into its
// source and, like its source, has no Object Lock: S3 replicates from a
// bucket with Object Lock only into a bucket with Object Lock, and the log
// destination can have none, so the way back needs an unlocked replica.
// A replica notifies the same topic of a failed replication only: every
// other event of the source (a release on egress, a delete marker on an
// evidence bucket) is replicated into the replica and would send the same
// alert twice.
func (h bucketHardening) replicaArgs() BucketArgs {
	r := h.args.Replication
	args := h.args
	args.BucketName = ReplicaBucketName(h.args.BucketName)
	args.Policy = r.Policy
	if r.Tags != nil {
		args.Tags = r.Tags
	}
	args.KmsKeyArn = h.replicaKey()
	args.AccessLogPrefix = naming.ReplicaName(strings.TrimSuffix(cmp.Or(h.args.AccessLogPrefix, h.name+"/"), "/")) + "/"
	args.Replication = nil
	if n := h.args.Notifications; n != nil {
		failures := *n
		failures.Events = []string{storage.EventReplicationFailed}
		args.Notifications = &failures
	}
	if h.args.AccessLogDestination {
		args.AccessLogDestination, args.AccessLogTarget = false, h.bk
		args.logDestinationReplica = true
	}
	return args
}

// replicaKey is the replica's key: the source's, else Replication's.
func (h bucketHardening) replicaKey() pulumi.StringInput {
	if h.args.KmsKeyArn != nil {
		return h.args.KmsKeyArn
	}
	return h.args.Replication.KmsKeyArn
}

// replication creates the replica, as a child of the component, and the
// two replication configurations, each after versioning and Object Lock of
// both buckets (S3 refuses to replicate from a locked bucket into one
// whose Object Lock is not on yet).
func (h bucketHardening) replication() error {
	if h.args.Replication == nil {
		return nil
	}
	args := h.replicaArgs()
	replica, err := NewBucket(h.ctx, naming.ReplicaName(h.name), &args, h.opts()...)
	if err != nil {
		return fmt.Errorf("replica: %w", err)
	}
	h.bk.Replica = replica
	if err := h.replicationConfig(h.name+"-replication", h.bk, replica); err != nil {
		return err
	}
	return h.replicationConfig(naming.ReplicaName(h.name)+"-replication", replica, h.bk)
}

// replicationConfig replicates every object of from into to: one enabled
// rule for all objects (an empty filter), SSE-KMS objects included and
// encrypted with the replica key, replica modifications (metadata changes
// made to replicas) synced back, and delete markers replicated, so a
// failover shows what the source showed. Replication metrics are on: S3
// sends the s3:Replication:OperationFailedReplication event only for a
// rule with metrics, and without Replication Time Control a rule's
// metrics take no event threshold. Deleting a version is never
// replicated: a deletion by mistake in one bucket leaves the version in
// the other, and the previous versions stay in both for the noncurrent
// period of their lifecycle rule.
func (h bucketHardening) replicationConfig(name string, from, to *Bucket) error {
	r := h.args.Replication
	deps := append([]pulumi.Resource{from.versioning, to.versioning}, r.After...)
	for _, lock := range []*s3.BucketObjectLockConfigurationV2{from.objectLock, to.objectLock} {
		if lock != nil {
			deps = append(deps, lock)
		}
	}
	_, err := s3.NewBucketReplicationConfig(h.ctx, name, &s3.BucketReplicationConfigArgs{
		Bucket: from.bucket.ID(),
		Role:   r.RoleArn,
		Rules: s3.BucketReplicationConfigRuleArray{&s3.BucketReplicationConfigRuleArgs{
			Id: pulumi.String("replicate-all"), Status: pulumi.String("Enabled"), Priority: pulumi.Int(1),
			Filter:                  &s3.BucketReplicationConfigRuleFilterArgs{Prefix: pulumi.String("")},
			DeleteMarkerReplication: &s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs{Status: pulumi.String("Enabled")},
			SourceSelectionCriteria: &s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgs{
				ReplicaModifications:   &s3.BucketReplicationConfigRuleSourceSelectionCriteriaReplicaModificationsArgs{Status: pulumi.String("Enabled")},
				SseKmsEncryptedObjects: &s3.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs{Status: pulumi.String("Enabled")},
			},
			Destination: &s3.BucketReplicationConfigRuleDestinationArgs{
				Bucket:                  to.bucket.Arn,
				EncryptionConfiguration: &s3.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs{ReplicaKmsKeyId: h.replicaKey()},
				Metrics:                 &s3.BucketReplicationConfigRuleDestinationMetricsArgs{Status: pulumi.String("Enabled")},
			},
		}},
	}, h.opts(pulumi.DependsOn(deps))...)
	if err != nil {
		return fmt.Errorf("replication %s: %w", name, err)
	}
	return nil
}
