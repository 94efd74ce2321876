package naming

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPartitionOf(t *testing.T) {
	assert.Equal(t, "aws", PartitionOf("us-east-1"))
	assert.Equal(t, "aws-us-gov", PartitionOf("us-gov-west-1"))
	assert.Equal(t, "aws-cn", PartitionOf("cn-north-1"))
}

func TestNames(t *testing.T) {
	n := New("hipaa", "111122223333", "us-gov-west-1")
	assert.Equal(t, "hipaa-worker-2", n.Logical("worker", 2))
	assert.Equal(t, "hipaa-logs-111122223333-us-gov-west-1", n.Bucket("logs"))
	assert.Equal(t, "arn:aws-us-gov:s3:::hipaa-logs-111122223333-us-gov-west-1", n.BucketArn("logs"))
	assert.Equal(t, "arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:/sce/hipaa/ssh", n.LogGroupArn("ssh"))
	assert.Equal(t, "arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/hipaa-trail", n.TrailArn())
	assert.Equal(t, "arn:aws-us-gov:iam::111122223333:root", n.AccountRoot())
	assert.Equal(t, "arn:aws-us-gov:events:us-gov-west-1:111122223333:rule/hipaa-alerts", n.EventRuleArn("alerts"))
	assert.Equal(t, "SCE/hipaa", n.MetricNamespace())
	assert.Equal(t, "hipaa-s3-tls-only", n.ConfigRule("s3-tls-only"))
}

func TestReplicaBucket(t *testing.T) {
	n := New("hipaa", "123456789012", "us-gov-west-1")
	assert.Equal(t, "hipaa-data-in-123456789012-us-gov-west-1-replica", n.ReplicaBucket("data-in"))
	assert.Equal(t, "arn:aws-us-gov:s3:::hipaa-data-in-123456789012-us-gov-west-1-replica", n.ReplicaBucketArn("data-in"))
	assert.Equal(t, "hipaa-logs-replica", ReplicaName("hipaa-logs"), "a resource or tag name takes the same suffix")
	assert.Equal(t, ReplicaName(n.Bucket("output")), n.ReplicaBucket("output"))
}
