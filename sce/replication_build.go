package sce

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/scope"
	"github.com/sce-dev/sce/sce/internal/storage"
)

// replicationRole is a stack's one S3 replication role, with the
// attachment of its policy that replication configurations wait for.
type replicationRole struct {
	arn      pulumi.StringOutput
	attached pulumi.Resource
}

// newReplicationRole creates the role S3 assumes to replicate the buckets
// of roles to their replicas and back, allowed to use keys only through S3.
func newReplicationRole(s scope.Scope, roles []string, keys ...pulumi.StringOutput) (replicationRole, error) {
	inputs := make([]any, len(keys))
	for i, k := range keys {
		inputs[i] = k
	}
	policy := pulumi.All(inputs...).ApplyT(func(v []any) (string, error) {
		arns := make([]string, len(v))
		for i, k := range v {
			arns[i] = k.(string)
		}
		return storage.ReplicationPolicy(s.Names, roles, arns)
	}).(pulumi.StringOutput)
	role, attached, err := iamrole.ForService(s, storage.ReplicationRole, "s3.amazonaws.com", nil, policy)
	if err != nil {
		return replicationRole{}, fmt.Errorf("replication role: %w", err)
	}
	return replicationRole{arn: role.Arn, attached: attached}, nil
}

// of is the Replication of one bucket, whose replica has policy, tags and
// (for the access-log destination, which has none of its own) key.
func (r replicationRole) of(policy pulumi.StringInput, key pulumi.StringInput, tags pulumi.StringMap) *BucketReplication {
	return &BucketReplication{RoleArn: r.arn, Policy: policy, KmsKeyArn: key, Tags: tags, After: []pulumi.Resource{r.attached}}
}
