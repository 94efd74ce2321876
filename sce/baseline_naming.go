package sce

// Bucket roles of the account baseline (it also has BucketAccessLogs and
// BucketLogs, which hold the account trail).
const (
	// BucketConfig receives AWS Config's configuration history and snapshots.
	BucketConfig BucketRole = "config"
	// BucketArchive keeps what projects leave at close-out (Object Lock, COMPLIANCE).
	BucketArchive BucketRole = "archive"
)

// baselineBucketRoles lists the baseline's buckets in creation order: the
// access-log target first, because every other bucket logs to it.
func baselineBucketRoles() []BucketRole {
	return []BucketRole{BucketAccessLogs, BucketLogs, BucketConfig, BucketArchive}
}

// Names of the baseline's resources: "<name>-<role>".
const (
	roleConfig           = "config-role"
	conformancePackSlug  = "hipaa-security"
	accessAnalyzerSlug   = "access-analyzer"
	ruleGuardDutyEvents  = "guardduty-findings"
	ruleSecurityHubEvent = "securityhub-findings"
	// recorderName is the name of the Config recorder and delivery channel:
	// the one the console and the CLI give them, so an existing recorder can
	// be imported (see recorderImportCommands).
	recorderName = "default"
)

// eventRuleArn is the ARN of one of the component's EventBridge rules.
func (n namer) eventRuleArn(slug string) string { return n.arn("events", "rule/"+n.logical(slug)) }

// baselinePhysicalNames lists the longest name of each kind the baseline
// creates, so validation can prove that a name fits every AWS limit.
func (n namer) baselinePhysicalNames() []physicalName {
	return []physicalName{
		{"S3 bucket name", n.bucket(BucketAccessLogs), 63},
		{"IAM role name", n.logical(roleConfig), 64},
		{"EventBridge rule name", n.logical(ruleSecurityHubEvent), 64},
		{"CloudTrail trail name", n.trailName(), 128},
		{"KMS alias", "alias/" + n.logical(string(BucketArchive)), 256},
		{"Config conformance pack name", n.logical(conformancePackSlug), 256},
		{"SNS topic name", n.logical(topicAlerts), 256},
		{"Access Analyzer name", n.logical(accessAnalyzerSlug), 255},
		{"CloudWatch log group name", n.logGroup(logGroupCloudTrail), 512},
	}
}
