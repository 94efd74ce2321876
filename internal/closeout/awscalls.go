package closeout

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
)

// The AWS clients reach close-out as method values of the calls it makes,
// never as a *Client stored in an interface or in a struct that is: once a
// client type is held by an interface, the linker keeps every exported
// method of it (sce also links reflection that can call methods by name).
// The EC2 client alone would bring 20 MB of code and 2,300 itabs, which the
// runtime hashes at the start of every sce command; a method value keeps
// only the one operation.

// describeImages is the EC2 DescribeImages call, as ImagesAPI.
type describeImages func(context.Context, *ec2.DescribeImagesInput, ...func(*ec2.Options)) (*ec2.DescribeImagesOutput, error)

// DescribeImages implements ImagesAPI.
func (f describeImages) DescribeImages(ctx context.Context, in *ec2.DescribeImagesInput, opts ...func(*ec2.Options)) (*ec2.DescribeImagesOutput, error) {
	return f(ctx, in, opts...)
}

// describeNetworkInterfaces is the EC2 DescribeNetworkInterfaces call, as
// its paginator's client.
type describeNetworkInterfaces func(context.Context, *ec2.DescribeNetworkInterfacesInput,
	...func(*ec2.Options)) (*ec2.DescribeNetworkInterfacesOutput, error)

// DescribeNetworkInterfaces implements ec2.DescribeNetworkInterfacesAPIClient.
func (f describeNetworkInterfaces) DescribeNetworkInterfaces(ctx context.Context, in *ec2.DescribeNetworkInterfacesInput,
	opts ...func(*ec2.Options)) (*ec2.DescribeNetworkInterfacesOutput, error) {
	return f(ctx, in, opts...)
}

// describeLogGroups is the CloudWatch Logs DescribeLogGroups call, as its
// paginator's client.
type describeLogGroups func(context.Context, *cloudwatchlogs.DescribeLogGroupsInput,
	...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeLogGroupsOutput, error)

// DescribeLogGroups implements cloudwatchlogs.DescribeLogGroupsAPIClient.
func (f describeLogGroups) DescribeLogGroups(ctx context.Context, in *cloudwatchlogs.DescribeLogGroupsInput,
	opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeLogGroupsOutput, error) {
	return f(ctx, in, opts...)
}

// getResources is the tagging API's GetResources call, as its paginator's
// client.
type getResources func(context.Context, *tagging.GetResourcesInput, ...func(*tagging.Options)) (*tagging.GetResourcesOutput, error)

// GetResources implements tagging.GetResourcesAPIClient.
func (f getResources) GetResources(ctx context.Context, in *tagging.GetResourcesInput, opts ...func(*tagging.Options)) (*tagging.GetResourcesOutput, error) {
	return f(ctx, in, opts...)
}

// backupCalls is the AWS Backup calls close-out makes, as BackupAPI.
type backupCalls struct {
	vault  func(context.Context, *backup.DescribeBackupVaultInput, ...func(*backup.Options)) (*backup.DescribeBackupVaultOutput, error)
	points func(context.Context, *backup.ListRecoveryPointsByBackupVaultInput,
		...func(*backup.Options)) (*backup.ListRecoveryPointsByBackupVaultOutput, error)
}

// DescribeBackupVault implements BackupAPI.
func (b backupCalls) DescribeBackupVault(ctx context.Context, in *backup.DescribeBackupVaultInput,
	opts ...func(*backup.Options)) (*backup.DescribeBackupVaultOutput, error) {
	return b.vault(ctx, in, opts...)
}

// ListRecoveryPointsByBackupVault implements BackupAPI.
func (b backupCalls) ListRecoveryPointsByBackupVault(ctx context.Context, in *backup.ListRecoveryPointsByBackupVaultInput,
	opts ...func(*backup.Options)) (*backup.ListRecoveryPointsByBackupVaultOutput, error) {
	return b.points(ctx, in, opts...)
}

// redshiftCalls is the Redshift calls close-out makes, as SnapshotsAPI.
type redshiftCalls struct {
	snapshots func(context.Context, *redshift.DescribeClusterSnapshotsInput,
		...func(*redshift.Options)) (*redshift.DescribeClusterSnapshotsOutput, error)
	clusters func(context.Context, *redshift.DescribeClustersInput, ...func(*redshift.Options)) (*redshift.DescribeClustersOutput, error)
}

// DescribeClusterSnapshots implements SnapshotsAPI.
func (r redshiftCalls) DescribeClusterSnapshots(ctx context.Context, in *redshift.DescribeClusterSnapshotsInput,
	opts ...func(*redshift.Options)) (*redshift.DescribeClusterSnapshotsOutput, error) {
	return r.snapshots(ctx, in, opts...)
}

// DescribeClusters implements SnapshotsAPI.
func (r redshiftCalls) DescribeClusters(ctx context.Context, in *redshift.DescribeClustersInput,
	opts ...func(*redshift.Options)) (*redshift.DescribeClustersOutput, error) {
	return r.clusters(ctx, in, opts...)
}

// describeKey is the KMS DescribeKey call.
type describeKey func(context.Context, *kms.DescribeKeyInput, ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)

// describeAddresses is the EC2 DescribeAddresses call.
type describeAddresses func(context.Context, *ec2.DescribeAddressesInput, ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error)

// filterLogEvents is the CloudWatch Logs FilterLogEvents call, as LogsAPI.
type filterLogEvents func(context.Context, *cloudwatchlogs.FilterLogEventsInput,
	...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error)

// FilterLogEvents implements LogsAPI.
func (f filterLogEvents) FilterLogEvents(ctx context.Context, in *cloudwatchlogs.FilterLogEventsInput,
	opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	return f(ctx, in, opts...)
}
