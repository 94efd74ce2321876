package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// trailPrefix is where CloudTrail writes in the logs bucket.
const trailPrefix = "cloudtrail"

// auditTrail holds the project trail and the log group alarms read.
type auditTrail struct {
	trail    *cloudtrail.Trail
	logGroup *cloudwatch.LogGroup
}

// buildAuditTrail creates the project trail: multi-region, KMS-encrypted,
// log-file validation on, delivering to the logs bucket and to a log group,
// with S3 data events (read and write) on the PHI buckets so every object
// access is recorded with who and when. The trail depends on the logs
// bucket policy, without which CloudTrail refuses to be created.
func (b *builder) buildAuditTrail() error {
	lg, err := b.logGroup(logGroupCloudTrail)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	source := conditions{"StringEquals": {"aws:SourceArn": b.names.trailArn()}}
	role, policy, err := b.serviceRole("trail-role", "cloudtrail.amazonaws.com", source, logWritePolicy(lg.Arn))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	logs := b.buckets[BucketLogs]
	name := b.names.logical("trail")
	trail, err := cloudtrail.NewTrail(b.ctx, name, &cloudtrail.TrailArgs{
		Name:                       pulumi.String(b.names.trailName()),
		S3BucketName:               logs.bucket.Bucket,
		S3KeyPrefix:                pulumi.String(trailPrefix),
		KmsKeyId:                   b.key.Arn,
		EnableLogFileValidation:    pulumi.Bool(true),
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		CloudWatchLogsGroupArn:     pulumi.Sprintf("%s:*", lg.Arn),
		CloudWatchLogsRoleArn:      role.Arn,
		EventSelectors:             b.trailEventSelectors(),
		Tags:                       b.tags(name),
	}, b.opts(pulumi.DependsOn([]pulumi.Resource{logs.policy, policy}))...)
	if err != nil {
		return fmt.Errorf("audit trail: %w", err)
	}
	b.audit = auditTrail{trail: trail, logGroup: lg}
	return nil
}

// trailEventSelectors records management events and every object-level
// read and write on the PHI buckets (data-in, output).
func (b *builder) trailEventSelectors() cloudtrail.TrailEventSelectorArray {
	values := pulumi.StringArray{}
	for _, r := range BucketRoles {
		if r.PHI() {
			values = append(values, pulumi.String(b.names.bucketArn(r)+"/"))
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
