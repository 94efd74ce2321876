package sce

import (
	"github.com/sce-dev/sce/sce/internal/account"
	"github.com/sce-dev/sce/sce/internal/alerts"
	"github.com/sce-dev/sce/sce/internal/awsconfig"
	"github.com/sce-dev/sce/sce/internal/keys"
)

// The builder steps below convert the public BaselineArgs into the narrow
// arguments of the concern packages under sce/internal and keep their
// results for the steps that depend on them.

// buildKeys creates the baseline key and the archive key.
func (b *baselineBuilder) buildKeys() error {
	k, err := keys.Baseline(b.Scope, b.args.AdminRoleArn, string(BucketArchive))
	if err != nil {
		return err
	}
	b.key, b.archiveKey = k.Key, k.Archive
	return nil
}

// buildAlertTopic creates the account's KMS-encrypted alert topic.
func (b *baselineBuilder) buildAlertTopic() (err error) {
	b.topic, err = alerts.BaselineTopic(b.Scope, b.key.Arn, b.args.AlertEmails)
	return err
}

// buildAlarms creates the account trail's metric filters and alarms.
func (b *baselineBuilder) buildAlarms() error {
	return alerts.Baseline(b.Scope, b.topic.Arn, b.trail.LogGroup.Name)
}

// buildFindingAlerts creates the event rules that forward findings.
func (b *baselineBuilder) buildFindingAlerts() error {
	return alerts.Findings(b.Scope, b.topic.Arn)
}

// buildAccountDefaults sets the account's defaults: EBS encryption by
// default with the baseline key, the account-level S3 public access block,
// the IAM password policy and an IAM Access Analyzer for the account.
func (b *baselineBuilder) buildAccountDefaults() error {
	return account.Defaults(b.Scope, b.key.Arn)
}

// buildThreatDetection enables GuardDuty and Security Hub with their
// S3 protection and standards.
func (b *baselineBuilder) buildThreatDetection() error {
	return account.ThreatDetection(b.Scope)
}

// buildConfig creates AWS Config's recorder, delivery channel to the config
// bucket and recorder status; with AdoptExistingRecorder it leaves the
// account's recorder alone and the stack says how to import it.
func (b *baselineBuilder) buildConfig() (err error) {
	cb := b.buckets[BucketConfig]
	b.recorder, err = awsconfig.Recorder(b.Scope, awsconfig.Args{
		KeyArn: b.key.Arn, BucketName: cb.Name, BucketPolicy: cb.policy,
		Adopt: b.args.AdoptExistingRecorder, Import: b.recorderImport(),
	})
	return err
}

// buildConformancePack deploys the HIPAA conformance pack generated from
// the data file, after the recorder when the baseline manages it.
func (b *baselineBuilder) buildConformancePack() (err error) {
	b.pack, err = awsconfig.ConformancePack(b.Scope, b.template, b.recorder)
	return err
}

// recorderImport is empty when the stack manages the recorder; otherwise
// it says how to bring the existing recorder under the stack.
func (b *baselineBuilder) recorderImport() string {
	if !b.args.AdoptExistingRecorder {
		return ""
	}
	return awsconfig.ImportMessage(b.Ctx.Stack(), b.Ctx.Project(), BaselineType, b.name)
}
