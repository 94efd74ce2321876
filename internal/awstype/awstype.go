// Package awstype holds the Pulumi type tokens of the AWS resources and
// invokes sce creates, reads or prices: the one place the offline plan's
// mocks, the cost estimate, the evidence report, the CLI and the tests take
// them from. A token is the provider's identity of a resource type; a typo
// in one reads as "no such resource", so none is written anywhere else.
package awstype

// Resource type tokens.
const (
	// AccessAnalyzerAnalyzer is aws:accessanalyzer/analyzer:Analyzer.
	AccessAnalyzerAnalyzer = "aws:accessanalyzer/analyzer:Analyzer"
	// BackupPlan is aws:backup/plan:Plan.
	BackupPlan = "aws:backup/plan:Plan"
	// BackupSelection is aws:backup/selection:Selection.
	BackupSelection = "aws:backup/selection:Selection"
	// BackupVault is aws:backup/vault:Vault.
	BackupVault = "aws:backup/vault:Vault"
	// BackupVaultLockConfiguration is aws:backup/vaultLockConfiguration:VaultLockConfiguration.
	BackupVaultLockConfiguration = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	// BackupVaultPolicy is aws:backup/vaultPolicy:VaultPolicy.
	BackupVaultPolicy = "aws:backup/vaultPolicy:VaultPolicy"
	// BudgetsBudget is aws:budgets/budget:Budget.
	BudgetsBudget = "aws:budgets/budget:Budget"
	// CloudTrailTrail is aws:cloudtrail/trail:Trail.
	CloudTrailTrail = "aws:cloudtrail/trail:Trail"
	// CloudWatchEventRule is aws:cloudwatch/eventRule:EventRule.
	CloudWatchEventRule = "aws:cloudwatch/eventRule:EventRule"
	// CloudWatchEventTarget is aws:cloudwatch/eventTarget:EventTarget.
	CloudWatchEventTarget = "aws:cloudwatch/eventTarget:EventTarget"
	// CloudWatchLogGroup is aws:cloudwatch/logGroup:LogGroup.
	CloudWatchLogGroup = "aws:cloudwatch/logGroup:LogGroup"
	// CloudWatchLogMetricFilter is aws:cloudwatch/logMetricFilter:LogMetricFilter.
	CloudWatchLogMetricFilter = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
	// CloudWatchMetricAlarm is aws:cloudwatch/metricAlarm:MetricAlarm.
	CloudWatchMetricAlarm = "aws:cloudwatch/metricAlarm:MetricAlarm"
	// ConfigConformancePack is aws:cfg/conformancePack:ConformancePack.
	ConfigConformancePack = "aws:cfg/conformancePack:ConformancePack"
	// ConfigDeliveryChannel is aws:cfg/deliveryChannel:DeliveryChannel.
	ConfigDeliveryChannel = "aws:cfg/deliveryChannel:DeliveryChannel"
	// ConfigRecorder is aws:cfg/recorder:Recorder.
	ConfigRecorder = "aws:cfg/recorder:Recorder"
	// ConfigRecorderStatus is aws:cfg/recorderStatus:RecorderStatus.
	ConfigRecorderStatus = "aws:cfg/recorderStatus:RecorderStatus"
	// ConfigRemediationConfiguration is aws:cfg/remediationConfiguration:RemediationConfiguration.
	ConfigRemediationConfiguration = "aws:cfg/remediationConfiguration:RemediationConfiguration"
	// ConfigRule is aws:cfg/rule:Rule.
	ConfigRule = "aws:cfg/rule:Rule"
	// EBSDefaultKmsKey is aws:ebs/defaultKmsKey:DefaultKmsKey.
	EBSDefaultKmsKey = "aws:ebs/defaultKmsKey:DefaultKmsKey"
	// EBSEncryptionByDefault is aws:ebs/encryptionByDefault:EncryptionByDefault.
	EBSEncryptionByDefault = "aws:ebs/encryptionByDefault:EncryptionByDefault"
	// EBSVolume is aws:ebs/volume:Volume.
	EBSVolume = "aws:ebs/volume:Volume"
	// EC2DefaultNetworkAcl is aws:ec2/defaultNetworkAcl:DefaultNetworkAcl.
	EC2DefaultNetworkAcl = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
	// EC2DefaultRouteTable is aws:ec2/defaultRouteTable:DefaultRouteTable.
	EC2DefaultRouteTable = "aws:ec2/defaultRouteTable:DefaultRouteTable"
	// EC2DefaultSecurityGroup is aws:ec2/defaultSecurityGroup:DefaultSecurityGroup.
	EC2DefaultSecurityGroup = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	// EC2Eip is aws:ec2/eip:Eip.
	EC2Eip = "aws:ec2/eip:Eip"
	// EC2EipAssociation is aws:ec2/eipAssociation:EipAssociation.
	EC2EipAssociation = "aws:ec2/eipAssociation:EipAssociation"
	// EC2FlowLog is aws:ec2/flowLog:FlowLog.
	EC2FlowLog = "aws:ec2/flowLog:FlowLog"
	// EC2Instance is aws:ec2/instance:Instance.
	EC2Instance = "aws:ec2/instance:Instance"
	// EC2InternetGateway is aws:ec2/internetGateway:InternetGateway.
	EC2InternetGateway = "aws:ec2/internetGateway:InternetGateway"
	// EC2KeyPair is aws:ec2/keyPair:KeyPair.
	EC2KeyPair = "aws:ec2/keyPair:KeyPair"
	// EC2LaunchTemplate is aws:ec2/launchTemplate:LaunchTemplate.
	EC2LaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate"
	// EC2MainRouteTableAssociation is aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation.
	EC2MainRouteTableAssociation = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation"
	// EC2NatGateway is aws:ec2/natGateway:NatGateway.
	EC2NatGateway = "aws:ec2/natGateway:NatGateway"
	// EC2NetworkAcl is aws:ec2/networkAcl:NetworkAcl.
	EC2NetworkAcl = "aws:ec2/networkAcl:NetworkAcl"
	// EC2NetworkAclAssociation is aws:ec2/networkAclAssociation:NetworkAclAssociation.
	EC2NetworkAclAssociation = "aws:ec2/networkAclAssociation:NetworkAclAssociation"
	// EC2NetworkAclRule is aws:ec2/networkAclRule:NetworkAclRule.
	EC2NetworkAclRule = "aws:ec2/networkAclRule:NetworkAclRule"
	// EC2NetworkInterface is aws:ec2/networkInterface:NetworkInterface.
	EC2NetworkInterface = "aws:ec2/networkInterface:NetworkInterface"
	// EC2PlacementGroup is aws:ec2/placementGroup:PlacementGroup.
	EC2PlacementGroup = "aws:ec2/placementGroup:PlacementGroup"
	// EC2Route is aws:ec2/route:Route.
	EC2Route = "aws:ec2/route:Route"
	// EC2RouteTable is aws:ec2/routeTable:RouteTable.
	EC2RouteTable = "aws:ec2/routeTable:RouteTable"
	// EC2RouteTableAssociation is aws:ec2/routeTableAssociation:RouteTableAssociation.
	EC2RouteTableAssociation = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	// EC2SecurityGroup is aws:ec2/securityGroup:SecurityGroup.
	EC2SecurityGroup = "aws:ec2/securityGroup:SecurityGroup"
	// EC2SecurityGroupRule is aws:ec2/securityGroupRule:SecurityGroupRule.
	EC2SecurityGroupRule = "aws:ec2/securityGroupRule:SecurityGroupRule"
	// EC2Subnet is aws:ec2/subnet:Subnet.
	EC2Subnet = "aws:ec2/subnet:Subnet"
	// EC2TransitGatewayInstanceState is aws:ec2transitgateway/instanceState:InstanceState.
	EC2TransitGatewayInstanceState = "aws:ec2transitgateway/instanceState:InstanceState"
	// EC2VolumeAttachment is aws:ec2/volumeAttachment:VolumeAttachment.
	EC2VolumeAttachment = "aws:ec2/volumeAttachment:VolumeAttachment"
	// EC2Vpc is aws:ec2/vpc:Vpc.
	EC2Vpc = "aws:ec2/vpc:Vpc"
	// EC2VpcEndpoint is aws:ec2/vpcEndpoint:VpcEndpoint.
	EC2VpcEndpoint = "aws:ec2/vpcEndpoint:VpcEndpoint"
	// EC2VpcEndpointRouteTableAssociation is aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation.
	EC2VpcEndpointRouteTableAssociation = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation"
	// GuardDutyDetector is aws:guardduty/detector:Detector.
	GuardDutyDetector = "aws:guardduty/detector:Detector"
	// GuardDutyDetectorFeature is aws:guardduty/detectorFeature:DetectorFeature.
	GuardDutyDetectorFeature = "aws:guardduty/detectorFeature:DetectorFeature"
	// IAMAccessKey is aws:iam/accessKey:AccessKey.
	IAMAccessKey = "aws:iam/accessKey:AccessKey"
	// IAMAccountPasswordPolicy is aws:iam/accountPasswordPolicy:AccountPasswordPolicy.
	IAMAccountPasswordPolicy = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"
	// IAMInstanceProfile is aws:iam/instanceProfile:InstanceProfile.
	IAMInstanceProfile = "aws:iam/instanceProfile:InstanceProfile"
	// IAMPolicy is aws:iam/policy:Policy.
	IAMPolicy = "aws:iam/policy:Policy"
	// IAMRole is aws:iam/role:Role.
	IAMRole = "aws:iam/role:Role"
	// IAMRolePolicy is aws:iam/rolePolicy:RolePolicy.
	IAMRolePolicy = "aws:iam/rolePolicy:RolePolicy"
	// IAMRolePolicyAttachment is aws:iam/rolePolicyAttachment:RolePolicyAttachment.
	IAMRolePolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	// IAMUser is aws:iam/user:User.
	IAMUser = "aws:iam/user:User"
	// KMSAlias is aws:kms/alias:Alias.
	KMSAlias = "aws:kms/alias:Alias"
	// KMSKey is aws:kms/key:Key.
	KMSKey = "aws:kms/key:Key"
	// KMSKeyPolicy is aws:kms/keyPolicy:KeyPolicy.
	KMSKeyPolicy = "aws:kms/keyPolicy:KeyPolicy"
	// Route53ResolverFirewallConfig is aws:route53/resolverFirewallConfig:ResolverFirewallConfig.
	Route53ResolverFirewallConfig = "aws:route53/resolverFirewallConfig:ResolverFirewallConfig"
	// Route53ResolverFirewallDomainList is aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList.
	Route53ResolverFirewallDomainList = "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList"
	// Route53ResolverFirewallRule is aws:route53/resolverFirewallRule:ResolverFirewallRule.
	Route53ResolverFirewallRule = "aws:route53/resolverFirewallRule:ResolverFirewallRule"
	// Route53ResolverFirewallRuleGroup is aws:route53/resolverFirewallRuleGroup:ResolverFirewallRuleGroup.
	Route53ResolverFirewallRuleGroup = "aws:route53/resolverFirewallRuleGroup:ResolverFirewallRuleGroup"
	// Route53ResolverFirewallRuleGroupAssociation is aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation.
	Route53ResolverFirewallRuleGroupAssociation = "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation"
	// Route53ResolverQueryLogConfig is aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig.
	Route53ResolverQueryLogConfig = "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig"
	// Route53ResolverQueryLogConfigAssociation is aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation.
	Route53ResolverQueryLogConfigAssociation = "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation"
	// RedshiftCluster is aws:redshift/cluster:Cluster.
	RedshiftCluster = "aws:redshift/cluster:Cluster"
	// RedshiftLogging is aws:redshift/logging:Logging.
	RedshiftLogging = "aws:redshift/logging:Logging"
	// RedshiftParameterGroup is aws:redshift/parameterGroup:ParameterGroup.
	RedshiftParameterGroup = "aws:redshift/parameterGroup:ParameterGroup"
	// RedshiftSubnetGroup is aws:redshift/subnetGroup:SubnetGroup.
	RedshiftSubnetGroup = "aws:redshift/subnetGroup:SubnetGroup"
	// RedshiftServerlessNamespace is aws:redshiftserverless/namespace:Namespace.
	RedshiftServerlessNamespace = "aws:redshiftserverless/namespace:Namespace"
	// RedshiftServerlessWorkgroup is aws:redshiftserverless/workgroup:Workgroup.
	RedshiftServerlessWorkgroup = "aws:redshiftserverless/workgroup:Workgroup"
	// RDSInstance is aws:rds/instance:Instance.
	RDSInstance = "aws:rds/instance:Instance"
	// S3AccountPublicAccessBlock is aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock.
	S3AccountPublicAccessBlock = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
	// S3Bucket is aws:s3/bucket:Bucket.
	S3Bucket = "aws:s3/bucket:Bucket"
	// S3BucketLifecycleConfigurationV2 is aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2.
	S3BucketLifecycleConfigurationV2 = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	// S3BucketLoggingV2 is aws:s3/bucketLoggingV2:BucketLoggingV2.
	S3BucketLoggingV2 = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	// S3BucketNotification is aws:s3/bucketNotification:BucketNotification.
	S3BucketNotification = "aws:s3/bucketNotification:BucketNotification"
	// S3BucketObjectLockConfigurationV2 is aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2.
	S3BucketObjectLockConfigurationV2 = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	// S3BucketObjectv2 is aws:s3/bucketObjectv2:BucketObjectv2.
	S3BucketObjectv2 = "aws:s3/bucketObjectv2:BucketObjectv2"
	// S3BucketOwnershipControls is aws:s3/bucketOwnershipControls:BucketOwnershipControls.
	S3BucketOwnershipControls = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	// S3BucketPolicy is aws:s3/bucketPolicy:BucketPolicy.
	S3BucketPolicy = "aws:s3/bucketPolicy:BucketPolicy"
	// S3BucketPublicAccessBlock is aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock.
	S3BucketPublicAccessBlock = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	// S3BucketReplicationConfig is aws:s3/bucketReplicationConfig:BucketReplicationConfig.
	S3BucketReplicationConfig = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	// S3BucketServerSideEncryptionConfigurationV2 is aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2.
	S3BucketServerSideEncryptionConfigurationV2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	// S3BucketV2 is aws:s3/bucketV2:BucketV2.
	S3BucketV2 = "aws:s3/bucketV2:BucketV2"
	// S3BucketVersioning is aws:s3/bucketVersioning:BucketVersioning.
	S3BucketVersioning = "aws:s3/bucketVersioning:BucketVersioning"
	// S3BucketVersioningV2 is aws:s3/bucketVersioningV2:BucketVersioningV2.
	S3BucketVersioningV2 = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	// SNSTopic is aws:sns/topic:Topic.
	SNSTopic = "aws:sns/topic:Topic"
	// SNSTopicPolicy is aws:sns/topicPolicy:TopicPolicy.
	SNSTopicPolicy = "aws:sns/topicPolicy:TopicPolicy"
	// SNSTopicSubscription is aws:sns/topicSubscription:TopicSubscription.
	SNSTopicSubscription = "aws:sns/topicSubscription:TopicSubscription"
	// SSMAssociation is aws:ssm/association:Association.
	SSMAssociation = "aws:ssm/association:Association"
	// SSMMaintenanceWindow is aws:ssm/maintenanceWindow:MaintenanceWindow.
	SSMMaintenanceWindow = "aws:ssm/maintenanceWindow:MaintenanceWindow"
	// SSMMaintenanceWindowTarget is aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget.
	SSMMaintenanceWindowTarget = "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget"
	// SSMMaintenanceWindowTask is aws:ssm/maintenanceWindowTask:MaintenanceWindowTask.
	SSMMaintenanceWindowTask = "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask"
	// SSMPatchBaseline is aws:ssm/patchBaseline:PatchBaseline.
	SSMPatchBaseline = "aws:ssm/patchBaseline:PatchBaseline"
	// SSMPatchGroup is aws:ssm/patchGroup:PatchGroup.
	SSMPatchGroup = "aws:ssm/patchGroup:PatchGroup"
	// SSMDocument is aws:ssm/document:Document.
	SSMDocument = "aws:ssm/document:Document"
	// SSMParameter is aws:ssm/parameter:Parameter.
	SSMParameter = "aws:ssm/parameter:Parameter"
	// SchedulerSchedule is aws:scheduler/schedule:Schedule.
	SchedulerSchedule = "aws:scheduler/schedule:Schedule"
	// SecretsManagerSecret is aws:secretsmanager/secret:Secret.
	SecretsManagerSecret = "aws:secretsmanager/secret:Secret"
	// SecurityHubAccount is aws:securityhub/account:Account.
	SecurityHubAccount = "aws:securityhub/account:Account"
	// SecurityHubStandardsSubscription is aws:securityhub/standardsSubscription:StandardsSubscription.
	SecurityHubStandardsSubscription = "aws:securityhub/standardsSubscription:StandardsSubscription"
	// VPCSecurityGroupEgressRule is aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule.
	VPCSecurityGroupEgressRule = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	// VPCSecurityGroupIngressRule is aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule.
	VPCSecurityGroupIngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
)

// Invoke (data source) tokens.
const (
	// InvokeEC2GetAmi is aws:ec2/getAmi:getAmi.
	InvokeEC2GetAmi = "aws:ec2/getAmi:getAmi"
	// InvokeEC2GetVpc is aws:ec2/getVpc:getVpc.
	InvokeEC2GetVpc = "aws:ec2/getVpc:getVpc"
	// InvokeGetCallerIdentity is aws:index/getCallerIdentity:getCallerIdentity.
	InvokeGetCallerIdentity = "aws:index/getCallerIdentity:getCallerIdentity"
	// InvokeGetPartition is aws:index/getPartition:getPartition.
	InvokeGetPartition = "aws:index/getPartition:getPartition"
	// InvokeGetRegion is aws:index/getRegion:getRegion.
	InvokeGetRegion = "aws:index/getRegion:getRegion"
	// InvokeIAMGetPolicyDocument is aws:iam/getPolicyDocument:getPolicyDocument.
	InvokeIAMGetPolicyDocument = "aws:iam/getPolicyDocument:getPolicyDocument"
)
