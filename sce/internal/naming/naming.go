// Package naming derives every logical and physical name, and every ARN
// known before its resource exists, of one project or account baseline
// from its name (a project's PIT), so that names are consistent and
// provably within AWS limits.
package naming

import (
	"fmt"
	"strings"
)

// PlaceholderAccount stands for the 12-digit account ID when names are
// measured before the account is known.
const PlaceholderAccount = "123456789012"

// Namer names the resources of one project (or baseline) in one account
// and region.
type Namer struct {
	// PIT is the project's identifier (the baseline's name for a baseline).
	PIT string
	// Account is the 12-digit AWS account ID.
	Account string
	// Region is the AWS region the resources are in.
	Region string
	// Partition is the AWS partition of Region.
	Partition string
}

// New returns the namer of a project in an account and region.
func New(pit, account, region string) Namer {
	return Namer{PIT: pit, Account: account, Region: region, Partition: PartitionOf(region)}
}

// PartitionOf returns the AWS partition of a region.
func PartitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	default:
		return "aws"
	}
}

// Logical is the Pulumi resource name "<pit>-<role>[-<n>]".
func (n Namer) Logical(role string, index ...int) string {
	name := n.PIT + "-" + role
	for _, i := range index {
		name += fmt.Sprintf("-%d", i)
	}
	return name
}

// Bucket is the globally unique bucket name "<pit>-<role>-<account>-<region>".
func (n Namer) Bucket(role string) string {
	return fmt.Sprintf("%s-%s-%s-%s", n.PIT, role, n.Account, n.Region)
}

// BucketArn is the ARN of one of the project's buckets.
func (n Namer) BucketArn(role string) string {
	return fmt.Sprintf("arn:%s:s3:::%s", n.Partition, n.Bucket(role))
}

// replicaSuffix ends the name of a bucket's same-region replica: the
// replica of "<bucket>" is "<bucket>-replica".
const replicaSuffix = "-replica"

// ReplicaName is the name of the same-region replica of the bucket named
// source, "<source>-replica"; the replica's resource and Name tag are
// named from the source's the same way. Every replica name is built here.
func ReplicaName(source string) string { return source + replicaSuffix }

// ReplicaBucket is the name of the replica of one of the project's buckets,
// "<pit>-<role>-<account>-<region>-replica".
func (n Namer) ReplicaBucket(role string) string { return ReplicaName(n.Bucket(role)) }

// ReplicaBucketArn is the ARN of the replica of one of the project's buckets.
func (n Namer) ReplicaBucketArn(role string) string {
	return fmt.Sprintf("arn:%s:s3:::%s", n.Partition, n.ReplicaBucket(role))
}

// LogGroup is the CloudWatch Logs group name "/sce/<pit>/<role>".
func (n Namer) LogGroup(role string) string { return "/sce/" + n.PIT + "/" + role }

// LogGroupArn is the ARN of one of the project's log groups.
func (n Namer) LogGroupArn(role string) string {
	return n.ARN("logs", "log-group:"+n.LogGroup(role))
}

// TrailName is the explicit CloudTrail trail name; it is fixed so the trail
// ARN can be written into the logs bucket policy before the trail exists.
func (n Namer) TrailName() string { return n.PIT + "-trail" }

// TrailArn is the ARN of the project trail, built as a string (no cycle).
func (n Namer) TrailArn() string { return n.ARN("cloudtrail", "trail/"+n.TrailName()) }

// ConfigRule is the name of a project Config rule "<pit>-<rule>".
func (n Namer) ConfigRule(rule string) string { return n.PIT + "-" + rule }

// ARN builds a regional ARN in the project's account.
func (n Namer) ARN(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", n.Partition, service, n.Region, n.Account, resource)
}

// AccountRoot is the ARN of the account's root principal.
func (n Namer) AccountRoot() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", n.Partition, n.Account)
}

// MetricNamespace is the CloudWatch namespace of the project's metrics.
func (n Namer) MetricNamespace() string { return "SCE/" + n.PIT }

// EventRuleArn is the ARN of one of the component's EventBridge rules.
func (n Namer) EventRuleArn(slug string) string { return n.ARN("events", "rule/"+n.Logical(slug)) }
