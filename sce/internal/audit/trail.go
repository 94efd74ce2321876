// Package audit creates what records and checks a project's activity: the
// CloudTrail trail (shared with the account baseline), the project's AWS
// Config rules and the automatic remediation of SSH opened to the world.
package audit

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

// TrailPrefix is where CloudTrail writes in the logs bucket.
const TrailPrefix = "cloudtrail"

// Trail is a trail and the log group its alarms read.
type Trail struct {
	// Trail is the CloudTrail trail.
	Trail *cloudtrail.Trail
	// LogGroup is the log group the trail delivers to.
	LogGroup *cloudwatch.LogGroup
}

// TrailArgs describe a trail: where it delivers, its key and log
// retention, and the buckets whose object-level events it records.
type TrailArgs struct {
	// LogsBucket is the name of the delivery bucket.
	LogsBucket pulumi.StringInput
	// LogsPolicy is the delivery bucket's policy; the trail waits for it.
	LogsPolicy pulumi.Resource
	// KeyArn encrypts the log files and the log group.
	KeyArn pulumi.StringOutput
	// RetentionDays is the log group's retention.
	RetentionDays int
	// DataResources are the S3 data resource values whose object reads and
	// writes are recorded, in this order (see BucketObjects and AllBuckets).
	DataResources []string
	// After are resources the trail also waits for, such as the buckets
	// whose data events it records.
	After []pulumi.Resource
}

// NewTrail creates the trail "<name>-trail": multi-region with global
// service events, KMS-encrypted, log-file validation on, management events
// and the object-level events of the data buckets recorded, delivering
// under TrailPrefix to the logs bucket and to the log group
// /sce/<name>/cloudtrail through a role that may write only that log group
// (its trust names CloudTrail without a source, see
// UnconditionedTrustPolicy). The trail depends on the bucket policy, without
// which CloudTrail refuses to be created (docs/deployment-facts.md#1).
func NewTrail(s scope.Scope, a TrailArgs) (Trail, error) {
	lg, err := loggroup.New(s, loggroup.CloudTrail, a.KeyArn, a.RetentionDays)
	if err != nil {
		return Trail{}, err
	}
	// CloudTrail sends no aws:SourceArn or aws:SourceAccount when it assumes
	// this role, so the trust has no condition (docs/deployment-facts.md#22).
	trust, err := iamdoc.UnconditionedTrustPolicy("cloudtrail.amazonaws.com")
	if err != nil {
		return Trail{}, fmt.Errorf("trail-role trust policy: %w", err)
	}
	role, policy, err := iamrole.WithTrust(s, "trail-role", trust, loggroup.WritePolicy(lg.Arn))
	if err != nil {
		return Trail{}, err
	}
	name := s.Names.Logical("trail")
	trail, err := cloudtrail.NewTrail(s.Ctx, name, &cloudtrail.TrailArgs{
		Name:                       pulumi.String(s.Names.TrailName()),
		S3BucketName:               a.LogsBucket,
		S3KeyPrefix:                pulumi.String(TrailPrefix),
		KmsKeyId:                   a.KeyArn,
		EnableLogFileValidation:    pulumi.Bool(true),
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		CloudWatchLogsGroupArn:     pulumi.Sprintf("%s:*", lg.Arn),
		CloudWatchLogsRoleArn:      role.Arn,
		EventSelectors:             eventSelectors(a.DataResources),
		Tags:                       s.Tags(name),
	}, s.Opts(pulumi.DependsOn(append([]pulumi.Resource{a.LogsPolicy, policy}, a.After...)))...)
	if err != nil {
		return Trail{}, fmt.Errorf("trail: %w", err)
	}
	return Trail{Trail: trail, LogGroup: lg}, nil
}

// BucketObjects are the data resource values that select the objects of
// the buckets arns.
func BucketObjects(arns []string) []string {
	values := make([]string, 0, len(arns))
	for _, arn := range arns {
		values = append(values, arn+"/")
	}
	return values
}

// AllBuckets is the data resource value that selects the objects of every
// bucket of the account in partition, those created later included (what
// the official rule cloudtrail-s3-dataevents-enabled asks for).
func AllBuckets(partition string) []string {
	return []string{"arn:" + partition + ":s3"}
}

// eventSelectors record management events and every object-level read and
// write of the data resources values.
func eventSelectors(resources []string) cloudtrail.TrailEventSelectorArray {
	values := pulumi.ToStringArray(resources)
	return cloudtrail.TrailEventSelectorArray{&cloudtrail.TrailEventSelectorArgs{
		ReadWriteType:           pulumi.String("All"),
		IncludeManagementEvents: pulumi.Bool(true),
		DataResources: cloudtrail.TrailEventSelectorDataResourceArray{&cloudtrail.TrailEventSelectorDataResourceArgs{
			Type: pulumi.String("AWS::S3::Object"), Values: values,
		}},
	}}
}
