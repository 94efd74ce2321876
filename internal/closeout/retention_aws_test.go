package closeout

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	redshifttypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeBackupAPI answers as AWS Backup does: a vault, its points in pages.
type fakeBackupAPI struct {
	missing bool
	pages   [][]backuptypes.RecoveryPointByBackupVault
}

func (f *fakeBackupAPI) DescribeBackupVault(_ context.Context, in *backup.DescribeBackupVaultInput, _ ...func(*backup.Options)) (*backup.DescribeBackupVaultOutput, error) {
	if f.missing {
		return nil, &backuptypes.ResourceNotFoundException{Message: aws.String("no vault " + aws.ToString(in.BackupVaultName))}
	}
	return &backup.DescribeBackupVaultOutput{BackupVaultArn: aws.String(vaultArn), Locked: aws.Bool(true), MinRetentionDays: aws.Int64(35)}, nil
}

func (f *fakeBackupAPI) ListRecoveryPointsByBackupVault(_ context.Context, in *backup.ListRecoveryPointsByBackupVaultInput,
	_ ...func(*backup.Options)) (*backup.ListRecoveryPointsByBackupVaultOutput, error) {
	i := 0
	if in.NextToken != nil {
		i = int(aws.ToString(in.NextToken)[0] - '0')
	}
	out := &backup.ListRecoveryPointsByBackupVaultOutput{RecoveryPoints: f.pages[i]}
	if i+1 < len(f.pages) {
		out.NextToken = aws.String(string(rune('0' + i + 1)))
	}
	return out, nil
}

type fakeImagesAPI struct{ asked []string }

func (f *fakeImagesAPI) DescribeImages(_ context.Context, in *ec2.DescribeImagesInput, _ ...func(*ec2.Options)) (*ec2.DescribeImagesOutput, error) {
	f.asked = append(f.asked, in.ImageIds...)
	return &ec2.DescribeImagesOutput{Images: []ec2types.Image{{BlockDeviceMappings: []ec2types.BlockDeviceMapping{
		{Ebs: &ec2types.EbsBlockDevice{SnapshotId: aws.String("snap-0ami")}}, {VirtualName: aws.String("ephemeral0")}}}}}, nil
}

type fakeSnapshotsAPI struct {
	snapshot *redshifttypes.Snapshot
	// status is the cluster's status; "" when there is no cluster.
	status string
}

func (f *fakeSnapshotsAPI) DescribeClusters(_ context.Context, in *redshift.DescribeClustersInput,
	_ ...func(*redshift.Options)) (*redshift.DescribeClustersOutput, error) {
	if f.status == "" {
		return nil, &redshifttypes.ClusterNotFoundFault{Message: aws.String("Cluster " + aws.ToString(in.ClusterIdentifier) + " not found.")}
	}
	return &redshift.DescribeClustersOutput{Clusters: []redshifttypes.Cluster{
		{ClusterIdentifier: in.ClusterIdentifier, ClusterStatus: aws.String(f.status)}}}, nil
}

func (f *fakeSnapshotsAPI) DescribeClusterSnapshots(_ context.Context, in *redshift.DescribeClusterSnapshotsInput,
	_ ...func(*redshift.Options)) (*redshift.DescribeClusterSnapshotsOutput, error) {
	if f.snapshot == nil {
		return nil, &redshifttypes.ClusterSnapshotNotFoundFault{Message: aws.String("Snapshot " + aws.ToString(in.SnapshotIdentifier) + " not found.")}
	}
	return &redshift.DescribeClusterSnapshotsOutput{Snapshots: []redshifttypes.Snapshot{*f.snapshot}}, nil
}

func TestAWSRetentionReadsTheVaultPageByPage(t *testing.T) {
	created := time.Date(2027, 6, 29, 5, 10, 0, 0, time.UTC)
	images := &fakeImagesAPI{}
	a := &AWSRetention{Images: images, Backup: &fakeBackupAPI{pages: [][]backuptypes.RecoveryPointByBackupVault{
		{{RecoveryPointArn: aws.String(dailyPoint), ResourceArn: aws.String(dataVolume), Status: backuptypes.RecoveryPointStatusCompleted,
			CreationDate: aws.Time(created), EncryptionKeyArn: aws.String(projectKey),
			CalculatedLifecycle: &backuptypes.CalculatedLifecycle{DeleteAt: aws.Time(created.AddDate(0, 0, 35))}}},
		{{RecoveryPointArn: aws.String(amiPoint), ResourceArn: aws.String(worker), Status: backuptypes.RecoveryPointStatusPartial,
			CreationDate: aws.Time(created), EncryptionKeyArn: aws.String(projectKey)}},
	}}}
	v, err := a.BackupVault(context.Background(), "hipaa-backup-vault")
	require.NoError(t, err)
	assert.Equal(t, Vault{Exists: true, Arn: vaultArn, Locked: true, MinRetentionDays: 35, Points: []RecoveryPoint{
		{Arn: dailyPoint, ResourceArn: dataVolume, Status: "COMPLETED", Created: created, DeleteAt: created.AddDate(0, 0, 35), EncryptionKeyArn: projectKey},
		{Arn: amiPoint, ResourceArn: worker, Status: "PARTIAL", Created: created, EncryptionKeyArn: projectKey, Backing: []string{amiSnapshot}},
	}}, v)
	assert.Equal(t, []string{"ami-0monthly"}, images.asked)
}

func TestAWSRetentionMissingVaultAndSnapshot(t *testing.T) {
	a := &AWSRetention{Backup: &fakeBackupAPI{missing: true}, Snapshots: &fakeSnapshotsAPI{}}
	v, err := a.BackupVault(context.Background(), "hipaa-backup-vault")
	require.NoError(t, err)
	assert.Equal(t, Vault{}, v)
	s, err := a.WarehouseSnapshot(context.Background(), "hipaa-warehouse-final")
	require.NoError(t, err)
	assert.Nil(t, s)
}

func TestAWSRetentionReadsTheSnapshot(t *testing.T) {
	taken := time.Date(2027, 7, 1, 9, 30, 0, 0, time.UTC)
	a := &AWSRetention{Snapshots: &fakeSnapshotsAPI{snapshot: &redshifttypes.Snapshot{SnapshotIdentifier: aws.String("hipaa-warehouse-final"),
		SnapshotArn: aws.String(finalArn), Status: aws.String("available"), Encrypted: aws.Bool(true), KmsKeyId: aws.String(projectKey),
		SnapshotCreateTime: aws.Time(taken)}}}
	s, err := a.WarehouseSnapshot(context.Background(), "hipaa-warehouse-final")
	require.NoError(t, err)
	assert.Equal(t, finalSnapshot(projectKey), s)
}

func TestAWSRetentionPassesOtherErrorsOn(t *testing.T) {
	a := &AWSRetention{Snapshots: errSnapshots{}}
	_, err := a.WarehouseSnapshot(context.Background(), "hipaa-warehouse-final")
	assert.ErrorIs(t, err, errInjected)
}

func TestAWSRetentionReadsTheWarehouseStatus(t *testing.T) {
	status, err := (&AWSRetention{Snapshots: &fakeSnapshotsAPI{status: "paused"}}).WarehouseStatus(context.Background(), "hipaa-warehouse")
	require.NoError(t, err)
	assert.Equal(t, "paused", status)
	status, err = (&AWSRetention{Snapshots: &fakeSnapshotsAPI{}}).WarehouseStatus(context.Background(), "hipaa-warehouse")
	require.NoError(t, err)
	assert.Empty(t, status, "no such cluster")
	_, err = (&AWSRetention{Snapshots: errSnapshots{}}).WarehouseStatus(context.Background(), "hipaa-warehouse")
	assert.ErrorIs(t, err, errInjected)
}

type errSnapshots struct{}

func (errSnapshots) DescribeClusters(context.Context, *redshift.DescribeClustersInput,
	...func(*redshift.Options)) (*redshift.DescribeClustersOutput, error) {
	return nil, errInjected
}

func (errSnapshots) DescribeClusterSnapshots(context.Context, *redshift.DescribeClusterSnapshotsInput,
	...func(*redshift.Options)) (*redshift.DescribeClusterSnapshotsOutput, error) {
	return nil, errInjected
}
