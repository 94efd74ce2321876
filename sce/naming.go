package sce

import (
	"fmt"
	"strings"
)

// BucketRole is the purpose of one of the project's S3 buckets; it is part of
// the bucket's name.
type BucketRole string

const (
	// BucketDataIn receives the PHI researchers upload.
	BucketDataIn BucketRole = "data-in"
	// BucketOutput holds results produced inside the environment.
	BucketOutput BucketRole = "output"
	// BucketLogs holds the audit trail: CloudTrail and VPC flow logs (Object Lock).
	BucketLogs BucketRole = "logs"
	// BucketAncillary holds non-PHI material (software, reference data).
	BucketAncillary BucketRole = "ancillary"
	// BucketAccessLogs is the target of S3 server access logging (SSE-S3, as S3 requires).
	BucketAccessLogs BucketRole = "access-logs"
)

// BucketRoles lists every bucket the environment creates, in creation order:
// the access-log target first, because every other bucket logs to it.
var BucketRoles = []BucketRole{BucketAccessLogs, BucketLogs, BucketDataIn, BucketOutput, BucketAncillary}

// PHI reports whether the bucket may hold PHI and so is read only through the
// project's S3 endpoint and has its object access recorded by CloudTrail.
func (r BucketRole) PHI() bool { return r == BucketDataIn || r == BucketOutput }

// placeholderAccount stands for the 12-digit account ID when names are
// measured before the account is known.
const placeholderAccount = "123456789012"

// namer derives every logical and physical name of one project from its PIT,
// so that names are consistent and provably within AWS limits.
type namer struct {
	pit, account, region, partition string
}

// newNamer returns the namer of a project in an account and region.
func newNamer(pit, account, region string) namer {
	return namer{pit: pit, account: account, region: region, partition: partitionOf(region)}
}

// partitionOf returns the AWS partition of a region.
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	default:
		return "aws"
	}
}

// logical is the Pulumi resource name "<pit>-<role>[-<n>]".
func (n namer) logical(role string, index ...int) string {
	name := n.pit + "-" + role
	for _, i := range index {
		name += fmt.Sprintf("-%d", i)
	}
	return name
}

// bucket is the globally unique bucket name "<pit>-<role>-<account>-<region>".
func (n namer) bucket(role BucketRole) string {
	return fmt.Sprintf("%s-%s-%s-%s", n.pit, role, n.account, n.region)
}

// bucketArn is the ARN of one of the project's buckets.
func (n namer) bucketArn(role BucketRole) string {
	return fmt.Sprintf("arn:%s:s3:::%s", n.partition, n.bucket(role))
}

// logGroup is the CloudWatch Logs group name "/sce/<pit>/<role>".
func (n namer) logGroup(role string) string { return "/sce/" + n.pit + "/" + role }

// logGroupArn is the ARN of one of the project's log groups.
func (n namer) logGroupArn(role string) string {
	return n.arn("logs", "log-group:"+n.logGroup(role))
}

// trailName is the explicit CloudTrail trail name; it is fixed so the trail
// ARN can be written into the logs bucket policy before the trail exists.
func (n namer) trailName() string { return n.pit + "-trail" }

// trailArn is the ARN of the project trail, built as a string (no cycle).
func (n namer) trailArn() string { return n.arn("cloudtrail", "trail/"+n.trailName()) }

// configRule is the name of a project Config rule "<pit>-<rule>".
func (n namer) configRule(rule string) string { return n.pit + "-" + rule }

// arn builds a regional ARN in the project's account.
func (n namer) arn(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", n.partition, service, n.region, n.account, resource)
}

// accountRoot is the ARN of the account's root principal.
func (n namer) accountRoot() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", n.partition, n.account)
}

// physicalName is one name AWS stores, with the limit AWS puts on it.
type physicalName struct {
	kind  string
	name  string
	limit int
}

// physicalNames lists the longest name of each kind the environment creates,
// so validation can prove that a PIT fits every AWS limit.
func (n namer) physicalNames() []physicalName {
	return []physicalName{
		{"S3 bucket name", n.bucket(BucketAccessLogs), 63},
		{"IAM role name", n.logical(roleRemediation), 64},
		{"EventBridge rule name", n.logical(ruleConfigCompliance), 64},
		{"CloudTrail trail name", n.trailName(), 128},
		{"Config rule name", n.configRule(longestConfigRule()), 128},
		{"KMS alias", "alias/" + n.pit, 256},
		{"SNS topic name", n.logical(topicAlerts), 256},
		{"CloudWatch log group name", n.logGroup(logGroupCloudTrail), 512},
	}
}
