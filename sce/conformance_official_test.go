package sce_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce/internal/conformance"
)

// deployedAs maps the AWS Config resource types of the official rules sce
// includes to the Pulumi type that puts one in the account. A recovery
// point comes from a backup plan; Systems Manager's compliance and
// inventory items from an instance running the SSM agent; the warehouse's
// admin secret from a cluster whose password Secrets Manager manages; IAM
// users are the account's people, governed by the baseline.
var deployedAs = map[string]string{
	"AWS::Backup::BackupPlan": awstype.BackupPlan, "AWS::Backup::RecoveryPoint": awstype.BackupPlan,
	"AWS::Backup::BackupVault": awstype.BackupVault, "AWS::CloudWatch::Alarm": awstype.CloudWatchMetricAlarm,
	"AWS::EC2::Volume": awstype.EBSVolume, "AWS::EC2::Instance": awstype.EC2Instance,
	"AWS::SSM::ManagedInstanceInventory": awstype.EC2Instance, "AWS::SSM::AssociationCompliance": awstype.EC2Instance,
	"AWS::SSM::PatchCompliance": awstype.EC2Instance, "AWS::IAM::Policy": awstype.IAMPolicy, "AWS::IAM::Role": awstype.IAMRole,
	"AWS::IAM::User": awstype.IAMAccountPasswordPolicy, "AWS::EC2::SecurityGroup": awstype.EC2SecurityGroup,
	"AWS::EC2::InternetGateway": awstype.EC2InternetGateway, "AWS::EC2::RouteTable": awstype.EC2RouteTable,
	"AWS::EC2::Subnet": awstype.EC2Subnet, "AWS::EC2::VPC": awstype.EC2Vpc, "AWS::KMS::Key": awstype.KMSKey,
	"AWS::Redshift::Cluster": awstype.RedshiftCluster, "AWS::S3::Bucket": awstype.S3BucketV2,
	"AWS::SecretsManager::Secret": awstype.RedshiftCluster, "AWS::SNS::Topic": awstype.SNSTopic,
}

// neverDeployed maps the AWS Config services (or types) of the left-out
// rules to the Pulumi modules (or types) that would create them.
var neverDeployed = map[string][]string{
	"ACM": {"aws:acm/"}, "ApiGateway": {"aws:apigateway/"}, "ApiGatewayV2": {"aws:apigatewayv2/"},
	"AutoScaling": {"aws:autoscaling/"}, "CodeBuild": {"aws:codebuild/"}, "DMS": {"aws:dms/"}, "DynamoDB": {"aws:dynamodb/"},
	"ECS": {"aws:ecs/"}, "EFS": {"aws:efs/"}, "ElasticBeanstalk": {"aws:elasticbeanstalk/"}, "ElastiCache": {"aws:elasticache/"},
	"Elasticsearch": {"aws:elasticsearch/"}, "OpenSearch": {"aws:opensearch/"}, "EMR": {"aws:emr/"}, "Kinesis": {"aws:kinesis/"},
	"Lambda": {"aws:lambda/"}, "RDS": {"aws:rds/"}, "SageMaker": {"aws:sagemaker/"}, "WAFv2": {"aws:wafv2/"},
	"ElasticLoadBalancing": {"aws:elb/"}, "ElasticLoadBalancingV2": {"aws:lb/", "aws:alb/"},
	"AWS::EC2::VPNConnection": {"aws:ec2/vpnConnection:"},
}

// TestLeftOutRulesEvaluateNothingSCECreates: no shipped stack creates a
// resource a left-out rule evaluates.
func TestLeftOutRulesEvaluateNothingSCECreates(t *testing.T) {
	left, err := conformance.LeftOut()
	require.NoError(t, err)
	plans := shippedStackPlans(t)
	for _, o := range left {
		for _, typ := range o.Types() {
			prefixes, ok := neverDeployed[typ]
			if !ok {
				prefixes, ok = neverDeployed[strings.Split(typ, "::")[1]]
			}
			require.True(t, ok, "%s: %s has no Pulumi module here: add it", o.Identifier, typ)
			for _, p := range plans {
				for _, r := range p.Resources {
					for _, prefix := range prefixes {
						assert.False(t, strings.HasPrefix(r.Type, prefix), "%s %s is a %s: %s applies to sce now",
							p.Stack, r.Name, typ, o.Identifier)
					}
				}
			}
		}
	}
}

// TestIncludedRulesEvaluateWhatSCECreates: every official rule of the pack
// either checks the account or evaluates a resource type some shipped
// stack creates (else it belongs with the left-out rules).
func TestIncludedRulesEvaluateWhatSCECreates(t *testing.T) {
	official, err := conformance.Official()
	require.NoError(t, err)
	plans := shippedStackPlans(t)
	for _, o := range official {
		if o.LeftOut != "" || o.Account() {
			continue
		}
		found := false
		for _, typ := range o.Types() {
			if pulumiType, ok := deployedAs[typ]; ok {
				found = found || inAny(plans, pulumiType)
			}
		}
		assert.True(t, found, "%s evaluates %v: no shipped stack creates one", o.Identifier, o.Types())
	}
}

func inAny(plans []*plan.Plan, typ string) bool {
	for _, p := range plans {
		if len(p.Find(typ)) > 0 {
			return true
		}
	}
	return false
}
