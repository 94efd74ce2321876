package sce

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/loggroup"
)

// flowLogPrefix is where VPC flow logs land in the logs bucket.
const flowLogPrefix = "flow-logs"

// flowLogAggregationSeconds is the shortest capture window flow logs offer.
const flowLogAggregationSeconds = 60

// buildFlowLogs records all VPC traffic twice: to a KMS-encrypted log group
// (for search and alarms, through a role only the flow-logs service can
// assume) and to the Object-Locked logs bucket (kept at close-out).
func (b *builder) buildFlowLogs() error {
	lg, err := b.logGroup(loggroup.FlowLogs)
	if err != nil {
		return fmt.Errorf("flow logs: %w", err)
	}
	source := iamdoc.Conditions{"ArnLike": {"aws:SourceArn": b.Names.ARN("ec2", "vpc-flow-log/*")}}
	role, policy, err := iamrole.ForService(b.Scope, "flow-log-role", "vpc-flow-logs.amazonaws.com", source, loggroup.WritePolicy(lg.Arn))
	if err != nil {
		return fmt.Errorf("flow logs: %w", err)
	}
	name := b.Names.Logical("flow-log")
	if _, err := ec2.NewFlowLog(b.Ctx, name, &ec2.FlowLogArgs{
		VpcId:                  b.net.vpc.ID(),
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         lg.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(flowLogAggregationSeconds),
		Tags:                   b.Tags(name),
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{policy}))...); err != nil {
		return fmt.Errorf("flow log: %w", err)
	}
	s3Name := b.Names.Logical("flow-log-s3")
	logs := b.buckets[BucketLogs]
	if _, err := ec2.NewFlowLog(b.Ctx, s3Name, &ec2.FlowLogArgs{
		VpcId:                  b.net.vpc.ID(),
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("s3"),
		LogDestination:         pulumi.String(b.Names.BucketArn(string(BucketLogs)) + "/" + flowLogPrefix),
		MaxAggregationInterval: pulumi.Int(flowLogAggregationSeconds),
		Tags:                   b.Tags(s3Name),
	}, b.Opts(pulumi.DependsOn([]pulumi.Resource{logs.bucket, logs.policy}))...); err != nil {
		return fmt.Errorf("flow log to s3: %w", err)
	}
	return nil
}
