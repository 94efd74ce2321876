package sce

import (
	"github.com/sce-dev/sce/sce/internal/account"
	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/awsconfig"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/storage"
)

// Bucket roles of the account baseline (it also has BucketAccessLogs and
// BucketLogs, which hold the account trail).
const (
	// BucketConfig receives AWS Config's configuration history and snapshots.
	BucketConfig BucketRole = storage.Config
	// BucketArchive keeps what projects leave at close-out (Object Lock, COMPLIANCE).
	BucketArchive BucketRole = storage.Archive
)

// baselinePhysicalNames lists the longest name of each kind the baseline
// creates, so validation can prove that a name fits every AWS limit.
func baselinePhysicalNames(n naming.Namer) []physicalName {
	return []physicalName{
		{"S3 bucket name", n.Bucket(string(BucketAccessLogs)), 63},
		{"IAM role name", n.Logical(awsconfig.RoleSlug), 64},
		{"EventBridge rule name", n.Logical(alerts.SecurityHubRuleSlug), 64},
		{"CloudTrail trail name", n.TrailName(), 128},
		{"KMS alias", "alias/" + n.Logical(string(BucketArchive)), 256},
		{"Config conformance pack name", n.Logical(awsconfig.PackSlug), 256},
		{"SNS topic name", n.Logical(alerts.TopicSlug), 256},
		{"Access Analyzer name", n.Logical(account.AccessAnalyzerSlug), 255},
		{"CloudWatch log group name", n.LogGroup(loggroup.CloudTrail), 512},
	}
}
