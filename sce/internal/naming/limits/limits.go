// Package limits lists the longest physical name of each kind that the
// Environment and the Baseline components create, with the limit AWS puts
// on it, so validation can prove that a PIT (or a baseline's name) fits
// every AWS limit before anything is created.
package limits

import (
	"github.com/sce-dev/sce/sce/internal/account"
	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/audit"
	"github.com/sce-dev/sce/sce/internal/awsconfig"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/storage"
)

// Name is one name AWS stores, with the limit AWS puts on it.
type Name struct {
	// Kind says what the name names, for example "S3 bucket name".
	Kind string
	// Name is the name itself.
	Name string
	// Limit is the most characters AWS allows.
	Limit int
}

// Project lists the longest name of each kind the environment creates.
func Project(n naming.Namer) []Name {
	return []Name{
		{"S3 bucket name of a replica", n.ReplicaBucket(storage.AccessLogs), 63},
		{"IAM role name", n.Logical(audit.RemediationRole), 64},
		{"EventBridge rule name", n.Logical(alerts.ComplianceRuleSlug), 64},
		{"CloudTrail trail name", n.TrailName(), 128},
		{"Config rule name", n.ConfigRule(audit.LongestRuleSlug()), 128},
		{"KMS alias", "alias/" + n.PIT, 256},
		{"SNS topic name", n.Logical(alerts.TopicSlug), 256},
		{"CloudWatch log group name", n.LogGroup(loggroup.CloudTrail), 512},
	}
}

// Baseline lists the longest name of each kind the baseline creates.
func Baseline(n naming.Namer) []Name {
	return []Name{
		{"S3 bucket name of a replica", n.ReplicaBucket(storage.AccessLogs), 63},
		{"IAM role name", n.Logical(awsconfig.RoleSlug), 64},
		{"EventBridge rule name", n.Logical(alerts.SecurityHubRuleSlug), 64},
		{"CloudTrail trail name", n.TrailName(), 128},
		{"KMS alias", "alias/" + n.Logical(storage.Archive), 256},
		{"Config conformance pack name", n.Logical(awsconfig.PackSlug), 256},
		{"SNS topic name", n.Logical(alerts.TopicSlug), 256},
		{"Access Analyzer name", n.Logical(account.AccessAnalyzerSlug), 255},
		{"CloudWatch log group name", n.LogGroup(loggroup.CloudTrail), 512},
	}
}
