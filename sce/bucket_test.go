package sce_test

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// bucketPlan plans one Bucket built from args in Go.
func bucketPlan(t *testing.T, args *sce.BucketArgs) (*plan.Plan, error) {
	t.Helper()
	return plan.Run(context.Background(), plan.RunOptions{Stack: "dev", Config: map[string]string{"aws:region": region},
		Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
			b, err := sce.NewBucket(ctx, "study-data", args)
			if err != nil {
				return nil, err
			}
			return pulumi.Map{"name": b.Name, "arn": b.Arn}, nil
		}})
}

func TestBucketMinimalHardening(t *testing.T) {
	p, err := bucketPlan(t, &sce.BucketArgs{BucketName: "study-data-123456789012-us-west-2", Policy: pulumi.String(`{"Version":"2012-10-17","Statement":[]}`)})
	require.NoError(t, err)
	comp := p.Find(sce.BucketType)
	require.Len(t, comp, 1)
	counts := map[string]int{}
	for _, r := range p.Resources {
		if r.Custom {
			counts[r.Type]++
			assert.Equal(t, comp[0].URN, r.Parent, "%s %s", r.Type, r.Name)
			assert.False(t, r.Options.RetainOnDelete, r.Name)
		}
	}
	assert.Equal(t, map[string]int{tBucket: 1, tVersioning: 1, tPAB: 1, tOwnership: 1, tSSE: 1, tObjectLock: 1, tPolicy: 1}, counts,
		"no lifecycle or logging unless asked for; the hardening, Object Lock included, always")
	lock := res(t, p, tObjectLock, "study-data-object-lock")
	assert.Equal(t, "Enabled", lock.Inputs["objectLockEnabled"])
	assert.NotContains(t, lock.Inputs, "rule", "no default retention unless asked for")
	assert.Contains(t, lock.Dependencies, urnOf(t, p, tVersioning, "study-data-versioning"), "S3 enables Object Lock on a versioned bucket only")
	sse := res(t, p, tSSE, "study-data-encryption").Inputs["rules"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"sseAlgorithm": "AES256"}, sse["applyServerSideEncryptionByDefault"])
	assert.Equal(t, false, sse["bucketKeyEnabled"])
	assert.NotContains(t, res(t, p, tBucket, "study-data").Inputs, "objectLockEnabled",
		"the lock configuration turns Object Lock on: a changed flag on the bucket would replace it")
	assert.Contains(t, res(t, p, tPolicy, "study-data-policy").Dependencies, urnOf(t, p, tPAB, "study-data-public-access-block"))
	assert.Equal(t, "study-data-123456789012-us-west-2", p.Outputs["name"])
	assert.Equal(t, "arn:aws:s3:::study-data-123456789012-us-west-2", p.Outputs["arn"])
}

func TestBucketRetainedKeepsEveryHardeningResource(t *testing.T) {
	p, err := bucketPlan(t, &sce.BucketArgs{BucketName: "study-archive", Policy: pulumi.String("{}"), RetainOnDelete: true, Protect: true})
	require.NoError(t, err)
	for _, r := range p.Resources {
		if r.Custom {
			assert.True(t, r.Options.RetainOnDelete, r.Name)
		}
	}
	assert.True(t, res(t, p, tBucket, "study-data").Options.Protect)
	assert.False(t, res(t, p, tPolicy, "study-data-policy").Options.Protect, "only the bucket itself is protected")
}

func TestBucketRequiresNameAndPolicy(t *testing.T) {
	for _, args := range []*sce.BucketArgs{nil, {Policy: pulumi.String("{}")}, {BucketName: "x-bucket"}} {
		_, err := bucketPlan(t, args)
		require.ErrorContains(t, err, "bucket study-data: BucketName and Policy are required")
	}
}

func TestBucketAccessLogDestinationHasNoObjectLock(t *testing.T) {
	p, err := bucketPlan(t, &sce.BucketArgs{BucketName: "study-access-logs", Policy: pulumi.String("{}"), AccessLogDestination: true})
	require.NoError(t, err)
	assert.Empty(t, p.Find(tObjectLock), "S3 delivers no server access logs to a bucket with Object Lock")
	assert.Empty(t, p.Find(tLogging), "the destination does not log its own access")
	assert.Equal(t, false, res(t, p, tBucket, "study-data").Inputs["objectLockEnabled"])
	sse := res(t, p, tSSE, "study-data-encryption").Inputs["rules"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"sseAlgorithm": "AES256"}, sse["applyServerSideEncryptionByDefault"])
}

func TestBucketAccessLogDestinationRefusesWhatS3Refuses(t *testing.T) {
	target := func(ctx *pulumi.Context) (*sce.Bucket, error) {
		return sce.NewBucket(ctx, "target", &sce.BucketArgs{BucketName: "t", Policy: pulumi.String("{}"), AccessLogDestination: true})
	}
	_, err := plan.Run(context.Background(), plan.RunOptions{Stack: "dev", Config: map[string]string{"aws:region": region},
		Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
			tb, err := target(ctx)
			if err != nil {
				return nil, err
			}
			_, err = sce.NewBucket(ctx, "study-data", &sce.BucketArgs{BucketName: "b", Policy: pulumi.String("{}"),
				AccessLogDestination: true, KmsKeyArn: pulumi.String("arn:aws:kms:us-west-2:123456789012:key/k"),
				ObjectLock:      &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{Mode: pulumi.String("GOVERNANCE"), Days: pulumi.Int(1)},
				AccessLogTarget: tb})
			return nil, err
		}})
	require.EqualError(t, err, "stack dev: bucket study-data: AccessLogDestination excludes "+
		"KmsKeyArn (S3 delivers server access logs only to SSE-S3 buckets), "+
		"ObjectLock (S3 delivers server access logs only to buckets without Object Lock), "+
		"AccessLogTarget (the destination of server access logs does not log its own access): unset them")
}

// TestBucketConfigDeliveryRefusesObjectLock: AWS Config delivers to no
// bucket with Object Lock, so a Config delivery bucket with a default
// retention is refused before anything is registered.
func TestBucketConfigDeliveryRefusesObjectLock(t *testing.T) {
	p, err := plan.Run(context.Background(), plan.RunOptions{Stack: "dev", Config: map[string]string{"aws:region": region},
		Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
			_, err := sce.NewBucket(ctx, "config", &sce.BucketArgs{BucketName: "c", Policy: pulumi.String("{}"), ConfigDelivery: true,
				ObjectLock: &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{Mode: pulumi.String("GOVERNANCE"), Days: pulumi.Int(1)}})
			return nil, err
		}})
	require.EqualError(t, err, "stack dev: bucket config: ConfigDelivery excludes ObjectLock (AWS Config delivers to no bucket with Object Lock): unset it")
	assert.Nil(t, p)
}

// TestBucketReplicationRefusedBeforeAnyResource: a replication the
// component cannot build is refused with what to fix, before anything is
// registered.
func TestBucketReplicationRefusedBeforeAnyResource(t *testing.T) {
	role, policy, key := pulumi.String("arn:aws:iam::123456789012:role/study-s3-replication"), pulumi.String("{}"), pulumi.String("arn:aws:kms:us-west-2:123456789012:key/k")
	for _, tc := range []struct {
		args *sce.BucketArgs
		want string
	}{
		{&sce.BucketArgs{BucketName: "study-data", Policy: policy, KmsKeyArn: key, Replication: &sce.BucketReplication{Policy: policy}},
			"bucket study-data: Replication.RoleArn and Replication.Policy are required"},
		{&sce.BucketArgs{BucketName: "study-logs", Policy: policy, AccessLogDestination: true, Replication: &sce.BucketReplication{RoleArn: role, Policy: policy}},
			"bucket study-data: Replication.KmsKeyArn is required when KmsKeyArn is unset: a replica is always encrypted with a KMS key"},
		{&sce.BucketArgs{BucketName: "study-data-with-a-longer-name-123456789012-ap-southeast-2", Policy: policy, KmsKeyArn: key,
			Replication: &sce.BucketReplication{RoleArn: role, Policy: policy}},
			`bucket study-data: the replica's name "study-data-with-a-longer-name-123456789012-ap-southeast-2-replica" would have 65 characters, S3 allows 63: shorten BucketName by 2 characters`},
	} {
		_, err := bucketPlan(t, tc.args)
		require.EqualError(t, err, "stack dev: "+tc.want)
	}
}
