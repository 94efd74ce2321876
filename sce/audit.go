package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// trailPrefix is where CloudTrail writes in the logs bucket.
const trailPrefix = "cloudtrail"

// auditTrail holds the project trail and the log group alarms read.
type auditTrail struct {
	trail    *cloudtrail.Trail
	logGroup *cloudwatch.LogGroup
}

// trailSpec describes a trail: where it delivers, its key and log
// retention, and the events it records.
type trailSpec struct {
	// logs is the delivery bucket; the trail waits for its policy.
	logs *Bucket
	// keyArn encrypts the log files and the log group.
	keyArn pulumi.StringOutput
	// retentionDays is the log group's retention.
	retentionDays int
	// selectors are the events recorded.
	selectors cloudtrail.TrailEventSelectorArray
	// after are resources the trail also waits for, such as the buckets
	// whose data events it records.
	after []pulumi.Resource
}

// buildAuditTrail creates the project trail: multi-region, KMS-encrypted,
// log-file validation on, delivering to the logs bucket and to a log group,
// with S3 data events (read and write) on the PHI buckets so every object
// access is recorded with who and when.
func (b *builder) buildAuditTrail() error {
	trail, err := newTrail(b.Scope, trailSpec{
		logs: b.buckets[BucketLogs], keyArn: b.key.Arn, retentionDays: b.args.LogRetentionDays,
		selectors: b.trailEventSelectors(),
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	b.audit = trail
	return nil
}

// newTrail creates the trail "<name>-trail": multi-region with global
// service events, KMS-encrypted, log-file validation on, delivering under
// trailPrefix to the spec's bucket and to the log group /sce/<name>/cloudtrail
// through a role only this trail may assume. The trail depends on the bucket
// policy, without which CloudTrail refuses to be created (docs/deployment-facts.md#1).
func newTrail(s scope.Scope, spec trailSpec) (auditTrail, error) {
	lg, err := loggroup.New(s, loggroup.CloudTrail, spec.keyArn, spec.retentionDays)
	if err != nil {
		return auditTrail{}, err
	}
	source := iamdoc.Conditions{"StringEquals": {"aws:SourceArn": s.Names.TrailArn()}}
	role, policy, err := iamrole.ForService(s, "trail-role", "cloudtrail.amazonaws.com", source, loggroup.WritePolicy(lg.Arn))
	if err != nil {
		return auditTrail{}, err
	}
	name := s.Names.Logical("trail")
	trail, err := cloudtrail.NewTrail(s.Ctx, name, &cloudtrail.TrailArgs{
		Name:                       pulumi.String(s.Names.TrailName()),
		S3BucketName:               spec.logs.Name,
		S3KeyPrefix:                pulumi.String(trailPrefix),
		KmsKeyId:                   spec.keyArn,
		EnableLogFileValidation:    pulumi.Bool(true),
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		CloudWatchLogsGroupArn:     pulumi.Sprintf("%s:*", lg.Arn),
		CloudWatchLogsRoleArn:      role.Arn,
		EventSelectors:             spec.selectors,
		Tags:                       s.Tags(name),
	}, s.Opts(pulumi.DependsOn(append([]pulumi.Resource{spec.logs.policy, policy}, spec.after...)))...)
	if err != nil {
		return auditTrail{}, fmt.Errorf("trail: %w", err)
	}
	return auditTrail{trail: trail, logGroup: lg}, nil
}

// trailEventSelectors records management events and every object-level
// read and write on the PHI buckets (data-in, output).
func (b *builder) trailEventSelectors() cloudtrail.TrailEventSelectorArray {
	values := pulumi.StringArray{}
	for _, r := range BucketRoles {
		if r.PHI() {
			values = append(values, pulumi.String(b.Names.BucketArn(string(r))+"/"))
		}
	}
	return cloudtrail.TrailEventSelectorArray{&cloudtrail.TrailEventSelectorArgs{
		ReadWriteType:           pulumi.String("All"),
		IncludeManagementEvents: pulumi.Bool(true),
		DataResources: cloudtrail.TrailEventSelectorDataResourceArray{&cloudtrail.TrailEventSelectorDataResourceArgs{
			Type: pulumi.String("AWS::S3::Object"), Values: values,
		}},
	}}
}
