package conformance

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOfficialListIsAWSsWholePack(t *testing.T) {
	official, err := Official()
	require.NoError(t, err)
	assert.Len(t, official, 130, "AWS's Operational Best Practices for HIPAA Security has 130 rules")
	left, err := LeftOut()
	require.NoError(t, err)
	assert.Len(t, left, 59)
	rules, err := Rules()
	require.NoError(t, err)
	officialInPack := 0
	for _, r := range rules {
		if r.Official {
			officialInPack++
		}
	}
	assert.Equal(t, 71, officialInPack, "every official rule not left out is in the pack")
	assert.Equal(t, 130, officialInPack+len(left))
}

// TestOfficialRulesLeftOut lists every official rule sce's pack leaves out,
// and why: sce never creates a resource the rule evaluates (the sce
// package's tests check that against every shipped plan).
func TestOfficialRulesLeftOut(t *testing.T) {
	want := [][2]string{
		{"ACM_CERTIFICATE_EXPIRATION_CHECK", "sce never creates an ACM certificate (AWS::ACM::Certificate)"},
		{"ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK", "sce never creates a load balancer (AWS::ElasticLoadBalancingV2::LoadBalancer)"},
		{"ALB_WAF_ENABLED", "sce never creates a load balancer (AWS::ElasticLoadBalancingV2::LoadBalancer)"},
		{"API_GW_ASSOCIATED_WITH_WAF", "sce never creates an API Gateway stage (AWS::ApiGateway::Stage)"},
		{"API_GW_EXECUTION_LOGGING_ENABLED", "sce never creates an API Gateway stage (AWS::ApiGateway::Stage, AWS::ApiGatewayV2::Stage)"},
		{"API_GW_SSL_ENABLED", "sce never creates an API Gateway stage (AWS::ApiGateway::Stage)"},
		{"AURORA_RESOURCES_PROTECTED_BY_BACKUP_PLAN", "sce never creates an RDS database (AWS::RDS::DBCluster)"},
		{"AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED", "sce never creates an Auto Scaling group or launch configuration (AWS::AutoScaling::AutoScalingGroup)"},
		{"AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED", "sce never creates an Auto Scaling group or launch configuration (AWS::AutoScaling::LaunchConfiguration)"},
		{"CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK", "sce never creates a CodeBuild project (AWS::CodeBuild::Project)"},
		{"CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK", "sce never creates a CodeBuild project (AWS::CodeBuild::Project)"},
		{"DB_INSTANCE_BACKUP_ENABLED", "sce never creates an RDS database (AWS::RDS::DBInstance)"},
		{"DMS_REPLICATION_NOT_PUBLIC", "sce never creates a DMS replication instance (AWS::DMS::ReplicationInstance)"},
		{"DYNAMODB_AUTOSCALING_ENABLED", "sce never creates a DynamoDB table (AWS::DynamoDB::Table)"},
		{"DYNAMODB_IN_BACKUP_PLAN", "sce never creates a DynamoDB table (AWS::DynamoDB::Table)"},
		{"DYNAMODB_PITR_ENABLED", "sce never creates a DynamoDB table (AWS::DynamoDB::Table)"},
		{"DYNAMODB_THROUGHPUT_LIMIT_CHECK", "sce never creates a DynamoDB table (AWS::DynamoDB::Table)"},
		{"ECS_CONTAINERS_READONLY_ACCESS", "sce never creates an ECS task definition (AWS::ECS::TaskDefinition)"},
		{"ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK", "sce never creates an ECS task definition (AWS::ECS::TaskDefinition)"},
		{"EFS_ENCRYPTED_CHECK", "sce never creates an EFS file system (AWS::EFS::FileSystem)"},
		{"EFS_IN_BACKUP_PLAN", "sce never creates an EFS file system (AWS::EFS::FileSystem)"},
		{"ELASTIC_BEANSTALK_MANAGED_UPDATES_ENABLED", "sce never creates an Elastic Beanstalk environment (AWS::ElasticBeanstalk::Environment)"},
		{"ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK", "sce never creates an ElastiCache cluster (AWS::ElastiCache::CacheCluster, AWS::ElastiCache::ReplicationGroup)"},
		{"ELASTICSEARCH_ENCRYPTED_AT_REST", "sce never creates an Elasticsearch domain (AWS::Elasticsearch::Domain)"},
		{"ELASTICSEARCH_IN_VPC_ONLY", "sce never creates an Elasticsearch domain (AWS::Elasticsearch::Domain)"},
		{"ELASTICSEARCH_LOGS_TO_CLOUDWATCH", "sce never creates an Elasticsearch domain (AWS::Elasticsearch::Domain)"},
		{"ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK", "sce never creates an Elasticsearch domain (AWS::Elasticsearch::Domain)"},
		{"ELB_ACM_CERTIFICATE_REQUIRED", "sce never creates a load balancer (AWS::ElasticLoadBalancing::LoadBalancer)"},
		{"ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED", "sce never creates a load balancer (AWS::ElasticLoadBalancing::LoadBalancer)"},
		{"ELB_DELETION_PROTECTION_ENABLED", "sce never creates a load balancer (AWS::ElasticLoadBalancingV2::LoadBalancer)"},
		{"ELB_LOGGING_ENABLED", "sce never creates a load balancer (AWS::ElasticLoadBalancing::LoadBalancer, AWS::ElasticLoadBalancingV2::LoadBalancer)"},
		{"ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK", "sce never creates a load balancer (AWS::ElasticLoadBalancing::LoadBalancer)"},
		{"ELB_TLS_HTTPS_LISTENERS_ONLY", "sce never creates a load balancer (AWS::ElasticLoadBalancing::LoadBalancer)"},
		{"ELBV2_ACM_CERTIFICATE_REQUIRED", "sce never creates a load balancer (AWS::ElasticLoadBalancingV2::LoadBalancer)"},
		{"EMR_KERBEROS_ENABLED", "sce never creates an EMR cluster (AWS::EMR::Cluster)"},
		{"EMR_MASTER_NO_PUBLIC_IP", "sce never creates an EMR cluster (AWS::EMR::Cluster)"},
		{"KINESIS_STREAM_ENCRYPTED", "sce never creates a Kinesis stream (AWS::Kinesis::Stream)"},
		{"LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED", "sce never creates a Lambda function (AWS::Lambda::Function)"},
		{"OPENSEARCH_ENCRYPTED_AT_REST", "sce never creates an OpenSearch domain (AWS::OpenSearch::Domain)"},
		{"OPENSEARCH_HTTPS_REQUIRED", "sce never creates an OpenSearch domain (AWS::OpenSearch::Domain)"},
		{"OPENSEARCH_IN_VPC_ONLY", "sce never creates an OpenSearch domain (AWS::OpenSearch::Domain)"},
		{"OPENSEARCH_LOGS_TO_CLOUDWATCH", "sce never creates an OpenSearch domain (AWS::OpenSearch::Domain)"},
		{"OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK", "sce never creates an OpenSearch domain (AWS::OpenSearch::Domain)"},
		{"RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED", "sce never creates an RDS database (AWS::RDS::DBInstance)"},
		{"RDS_CLUSTER_DELETION_PROTECTION_ENABLED", "sce never creates an RDS database (AWS::RDS::DBCluster)"},
		{"RDS_ENHANCED_MONITORING_ENABLED", "sce never creates an RDS database (AWS::RDS::DBInstance)"},
		{"RDS_IN_BACKUP_PLAN", "sce never creates an RDS database (AWS::RDS::DBInstance)"},
		{"RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "sce never creates an RDS database (AWS::RDS::DBInstance)"},
		{"RDS_LOGGING_ENABLED", "sce never creates an RDS database (AWS::RDS::DBInstance)"},
		{"RDS_MULTI_AZ_SUPPORT", "sce never creates an RDS database (AWS::RDS::DBInstance)"},
		{"RDS_CLUSTER_MULTI_AZ_ENABLED", "sce never creates an RDS database (AWS::RDS::DBCluster)"},
		{"RDS_SNAPSHOT_ENCRYPTED", "sce never creates an RDS database (AWS::RDS::DBSnapshot, AWS::RDS::DBClusterSnapshot)"},
		{"RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "sce never creates an RDS database (AWS::RDS::DBSnapshot, AWS::RDS::DBClusterSnapshot)"},
		{"RDS_STORAGE_ENCRYPTED", "sce never creates an RDS database (AWS::RDS::DBInstance)"},
		{"SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED", "sce never creates a SageMaker resource (AWS::SageMaker::EndpointConfig)"},
		{"SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED", "sce never creates a SageMaker resource (AWS::SageMaker::NotebookInstance)"},
		{"SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS", "sce never creates a SageMaker resource (AWS::SageMaker::NotebookInstance)"},
		{"VPC_VPN_2_TUNNELS_UP", "sce never creates a VPN connection (AWS::EC2::VPNConnection)"},
		{"WAFV2_LOGGING_ENABLED", "sce never creates a WAF web ACL (AWS::WAFv2::WebACL)"},
	}
	left, err := LeftOut()
	require.NoError(t, err)
	got := make([][2]string, len(left))
	for i, o := range left {
		got[i] = [2]string{o.Identifier, o.LeftOut}
		assert.NotEmpty(t, o.Types(), "%s: a left-out rule names the resource types sce never creates", o.Identifier)
		for _, typ := range o.Types() {
			assert.Contains(t, o.LeftOut, typ, o.Identifier)
		}
	}
	assert.Equal(t, want, got)
}

// TestAccountRulesAreInThePack: rules about the account itself (root user,
// IAM users, password policy, trails, account-wide settings) are never left
// out: the baseline stack deploys the pack into the account they check.
func TestAccountRulesAreInThePack(t *testing.T) {
	official, err := Official()
	require.NoError(t, err)
	rules, err := Rules()
	require.NoError(t, err)
	inPack := map[string]bool{}
	for _, r := range rules {
		inPack[r.Identifier] = true
	}
	var account []string
	for _, o := range official {
		if o.Account() {
			account = append(account, o.Identifier)
			assert.True(t, inPack[o.Identifier], o.Identifier)
		}
	}
	assert.Equal(t, []string{"ACCESS_KEYS_ROTATED", "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", "CLOUD_TRAIL_ENABLED",
		"CLOUD_TRAIL_ENCRYPTION_ENABLED", "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", "CLOUDTRAIL_S3_DATAEVENTS_ENABLED",
		"EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK", "EC2_EBS_ENCRYPTION_BY_DEFAULT", "GUARDDUTY_ENABLED_CENTRALIZED",
		"IAM_PASSWORD_POLICY", "IAM_ROOT_ACCESS_KEY_CHECK", "IAM_USER_MFA_ENABLED",
		"IAM_USER_UNUSED_CREDENTIALS_CHECK", "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS", "MULTI_REGION_CLOUD_TRAIL_ENABLED",
		"ROOT_ACCOUNT_HARDWARE_MFA_ENABLED", "ROOT_ACCOUNT_MFA_ENABLED", "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC",
		"SECURITYHUB_ENABLED", "SSM_DOCUMENT_NOT_PUBLIC", "AWS_CONFIG_PROCESS_CHECK"}, account)
}

func TestOfficialParametersAreAWSDefaults(t *testing.T) {
	rules, err := Rules()
	require.NoError(t, err)
	byID := map[string]Rule{}
	for _, r := range rules {
		byID[r.Identifier] = r
	}
	assert.Equal(t, map[string]string{"blockedPort1": "20", "blockedPort2": "21", "blockedPort3": "3389",
		"blockedPort4": "3306", "blockedPort5": "4333"}, byID["RESTRICTED_INCOMING_TRAFFIC"].Parameters)
	assert.Equal(t, map[string]string{"alarmActionRequired": "true", "insufficientDataActionRequired": "true",
		"okActionRequired": "false"}, byID["CLOUDWATCH_ALARM_ACTION_CHECK"].Parameters)
	assert.Equal(t, map[string]string{"clusterDbEncrypted": "true", "loggingEnabled": "true"},
		byID["REDSHIFT_CLUSTER_CONFIGURATION_CHECK"].Parameters)
	assert.Equal(t, map[string]string{"allowVersionUpgrade": "true"}, byID["REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK"].Parameters)
	assert.Empty(t, byID["VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS"].Parameters, "AWS's pack authorizes no port")
	assert.Equal(t, []string{"AWS::EC2::SecurityGroup"}, byID["INCOMING_SSH_DISABLED"].ResourceTypes)
	assert.Empty(t, byID["CLOUDWATCH_LOG_GROUP_ENCRYPTED"].ResourceTypes, "a rule sce adds has no official scope")
	assert.False(t, byID["CLOUDWATCH_LOG_GROUP_ENCRYPTED"].Official)
}

func TestCheckOfficialErrors(t *testing.T) {
	official := []OfficialRule{
		{Identifier: "CLOUD_TRAIL_ENABLED", Name: "cloudtrail-enabled"},
		{Identifier: "ACM_CERTIFICATE_EXPIRATION_CHECK", Name: "acm-certificate-expiration-check", LeftOut: "no certificates"},
		{Identifier: "ACCESS_KEYS_ROTATED", Name: "access-keys-rotated", Parameters: map[string]string{"maxAccessKeyAge": "90"}},
		{Identifier: "ENCRYPTED_VOLUMES", Name: "encrypted-volumes"},
	}
	rules := []Rule{
		{Name: "trail-on", Identifier: "CLOUD_TRAIL_ENABLED"},
		{Name: "acm-certificate-expiration-check", Identifier: "ACM_CERTIFICATE_EXPIRATION_CHECK"},
		{Name: "access-keys-rotated", Identifier: "ACCESS_KEYS_ROTATED", Parameters: map[string]string{"maxAccessKeyAge": "30"}},
	}
	_, err := checkOfficial("pack.yaml", rules, official)
	require.Error(t, err)
	assert.Equal(t, strings.Join([]string{
		"pack.yaml: rule trail-on is AWS's cloudtrail-enabled: use AWS's name",
		"pack.yaml: rule acm-certificate-expiration-check is left out in " + OfficialFile + " (no certificates): remove it or include it there",
		"pack.yaml: rule access-keys-rotated has parameters map[maxAccessKeyAge:30], AWS's defaults are map[maxAccessKeyAge:90]",
		"pack.yaml: the official rule encrypted-volumes (ENCRYPTED_VOLUMES) is missing: add it, or leave it out in " + OfficialFile + " with the reason",
	}, "\n"), err.Error())
}

func TestOfficialDataErrors(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"empty", "rules: []\n", "official.yaml: no rules: list them under rules:"},
		{"duplicate", "rules:\n  - {identifier: CLOUD_TRAIL_ENABLED, name: cloudtrail-enabled, evaluates: account}\n" +
			"  - {identifier: CLOUD_TRAIL_ENABLED, name: cloudtrail-enabled, evaluates: account}\n",
			"official.yaml:3: official rule CLOUD_TRAIL_ENABLED: the identifier is listed twice (first on line 2)"},
		{"nothing evaluated", "rules:\n  - {identifier: CLOUD_TRAIL_ENABLED, name: cloudtrail-enabled}\n",
			`official.yaml:2: official rule CLOUD_TRAIL_ENABLED: a rule without resourceTypes says what it evaluates: "account" or a list of resource types`},
		{"both", "rules:\n  - {identifier: X, name: x, resourceTypes: [AWS::S3::Bucket], evaluates: account}\n",
			"official.yaml:2: official rule X: resourceTypes and evaluates exclude each other"},
		{"account left out", "rules:\n  - {identifier: X, name: x, evaluates: account, leftOut: why}\n",
			"official.yaml:2: official rule X: an account rule is never left out: the baseline deploys into the account"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseOfficial("official.yaml", []byte(c.data))
			require.Error(t, err)
			assert.Equal(t, c.want, err.Error())
		})
	}
}
