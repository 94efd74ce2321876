package sce

// Stack output names: the contract between the components, the stacks that
// export their outputs, and the commands that read a deployed stack
// (close-out, access, the baseline reference). Every reader and writer uses
// these constants; renaming one is a breaking change for deployed stacks.
const (
	// OutputVpcID is the project VPC's ID.
	OutputVpcID = "vpcId"
	// OutputPublicSubnetIDs are the public subnets, zone order.
	OutputPublicSubnetIDs = "publicSubnetIds"
	// OutputPrivateSubnetIDs are the private subnets, zone order.
	OutputPrivateSubnetIDs = "privateSubnetIds"
	// OutputBucketNames maps each BucketRole to its bucket name.
	OutputBucketNames = "bucketNames"
	// OutputKmsKeyArn is the project key.
	OutputKmsKeyArn = "kmsKeyArn"
	// OutputTrailArn is the project trail.
	OutputTrailArn = "trailArn"
	// OutputAlertTopicArn is the alert topic (of a project, or of the baseline).
	OutputAlertTopicArn = "alertTopicArn"
	// OutputNatPublicIP is the NAT gateway's address ("" while suspended).
	OutputNatPublicIP = "natPublicIp"
	// OutputBastionPublicIP is the bastion's Elastic IP; "" with sce:access
	// session-manager (no bastion: the name stays so the contract does not
	// depend on the mode).
	OutputBastionPublicIP = "bastionPublicIp"
	// OutputBastionInstanceID is the bastion instance; "" with sce:access
	// session-manager.
	OutputBastionInstanceID = "bastionInstanceId"
	// OutputWorkerPrivateIPs are the workers' addresses, worker 1 first.
	OutputWorkerPrivateIPs = "workerPrivateIps"
	// OutputWorkerInstanceIDs are the worker instances, worker 1 first.
	OutputWorkerInstanceIDs = "workerInstanceIds"
	// OutputDataVolumeIDs are the workers' /data volumes, worker 1 first.
	OutputDataVolumeIDs = "dataVolumeIds"
	// OutputWarehouseEndpoint is the Redshift warehouse's host:port ("" without one).
	OutputWarehouseEndpoint = "warehouseEndpoint"
	// OutputWarehouseDatabase is the warehouse's database ("" without one).
	OutputWarehouseDatabase = "warehouseDatabase"
	// OutputWarehouseRoleArn is the warehouse's COPY/UNLOAD role ("" without one).
	OutputWarehouseRoleArn = "warehouseRoleArn"
	// OutputWarehouseAdminSecretArn is the secret of the warehouse's admin
	// password, kept by Secrets Manager ("" without one).
	OutputWarehouseAdminSecretArn = "warehouseAdminSecretArn"
)

// Outputs a project stack exports besides the Environment's own.
const (
	// OutputPIT is the project's PIT.
	OutputPIT = "pit"
	// OutputResearchers are the researchers' usernames.
	OutputResearchers = "researchers"
	// OutputBaselineAlertTopicArn is the account baseline's alert topic,
	// re-exported by a project stack.
	OutputBaselineAlertTopicArn = "baselineAlertTopicArn"
)

// Baseline output names. A project stack re-exports the archive outputs
// under the same names, so close-out reads them from the project alone.
const (
	// OutputArchiveBucketName is the close-out archive bucket.
	OutputArchiveBucketName = "archiveBucketName"
	// OutputArchiveKeyArn is the archive bucket's key.
	OutputArchiveKeyArn = "archiveKeyArn"
	// OutputConfigRecorderManaged says whether the baseline manages the
	// account's Config recorder; only a baseline stack has this output.
	OutputConfigRecorderManaged = "configRecorderManaged"
	// OutputConfigRecorderImport holds the import commands of an adopted recorder.
	OutputConfigRecorderImport = "configRecorderImport"
	// OutputKeyArn is the baseline's key.
	OutputKeyArn = "keyArn"
	// OutputLogsBucketName is the baseline's logs bucket.
	OutputLogsBucketName = "logsBucketName"
	// OutputConfigBucketName is the Config delivery bucket.
	OutputConfigBucketName = "configBucketName"
	// OutputConformancePackArn is the HIPAA conformance pack.
	OutputConformancePackArn = "conformancePackArn"
)
