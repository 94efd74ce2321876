package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/iamrole"
	"github.com/sce-dev/sce/sce/internal/loggroup"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// FlowLogPrefix is where VPC flow logs land in the logs bucket.
const FlowLogPrefix = "flow-logs"

// flowLogAggregationSeconds is the shortest capture window flow logs offer.
const flowLogAggregationSeconds = 60

// FlowLogArgs are the inputs of FlowLogs.
type FlowLogArgs struct {
	// VpcID is the VPC whose traffic is recorded.
	VpcID pulumi.IDOutput
	// KeyArn is the project key, which encrypts the log group.
	KeyArn pulumi.StringOutput
	// RetentionDays is how long the log group keeps events.
	RetentionDays int
	// LogsBucketArn is the ARN of the project's logs bucket.
	LogsBucketArn string
	// LogsBucket are the logs bucket and its policy, which must exist
	// before the flow log delivers to it.
	LogsBucket []pulumi.Resource
}

// FlowLogs records all VPC traffic twice: to a KMS-encrypted log group (for
// search and alarms, through a role only the flow-logs service can assume)
// and to the Object-Locked logs bucket (kept at close-out).
func FlowLogs(s scope.Scope, a FlowLogArgs) error {
	lg, err := loggroup.New(s, loggroup.FlowLogs, a.KeyArn, a.RetentionDays)
	if err != nil {
		return fmt.Errorf("flow logs: %w", err)
	}
	source := iamdoc.Conditions{"ArnLike": {"aws:SourceArn": s.Names.ARN("ec2", "vpc-flow-log/*")}}
	role, policy, err := iamrole.ForService(s, "flow-log-role", "vpc-flow-logs.amazonaws.com", source, loggroup.WritePolicy(lg.Arn))
	if err != nil {
		return fmt.Errorf("flow logs: %w", err)
	}
	name := s.Names.Logical("flow-log")
	if _, err := ec2.NewFlowLog(s.Ctx, name, &ec2.FlowLogArgs{
		VpcId:                  a.VpcID,
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         lg.Arn,
		IamRoleArn:             role.Arn,
		MaxAggregationInterval: pulumi.Int(flowLogAggregationSeconds),
		Tags:                   s.Tags(name),
	}, s.Opts(pulumi.DependsOn([]pulumi.Resource{policy}))...); err != nil {
		return fmt.Errorf("flow log: %w", err)
	}
	s3Name := s.Names.Logical("flow-log-s3")
	if _, err := ec2.NewFlowLog(s.Ctx, s3Name, &ec2.FlowLogArgs{
		VpcId:                  a.VpcID,
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("s3"),
		LogDestination:         pulumi.String(a.LogsBucketArn + "/" + FlowLogPrefix),
		MaxAggregationInterval: pulumi.Int(flowLogAggregationSeconds),
		Tags:                   s.Tags(s3Name),
	}, s.Opts(pulumi.DependsOn(a.LogsBucket))...); err != nil {
		return fmt.Errorf("flow log to s3: %w", err)
	}
	return nil
}
