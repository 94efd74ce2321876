package closeout

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	redshifttypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
)

// BackupAPI is the part of the AWS Backup client close-out uses.
type BackupAPI interface {
	DescribeBackupVault(ctx context.Context, in *backup.DescribeBackupVaultInput, opts ...func(*backup.Options)) (*backup.DescribeBackupVaultOutput, error)
	ListRecoveryPointsByBackupVault(ctx context.Context, in *backup.ListRecoveryPointsByBackupVaultInput,
		opts ...func(*backup.Options)) (*backup.ListRecoveryPointsByBackupVaultOutput, error)
}

// ImagesAPI is the part of the EC2 client close-out uses to find the
// snapshots behind an AMI recovery point.
type ImagesAPI interface {
	DescribeImages(ctx context.Context, in *ec2.DescribeImagesInput, opts ...func(*ec2.Options)) (*ec2.DescribeImagesOutput, error)
}

// SnapshotsAPI is the part of the Redshift client close-out uses.
type SnapshotsAPI interface {
	DescribeClusterSnapshots(ctx context.Context, in *redshift.DescribeClusterSnapshotsInput,
		opts ...func(*redshift.Options)) (*redshift.DescribeClusterSnapshotsOutput, error)
	DescribeClusters(ctx context.Context, in *redshift.DescribeClustersInput,
		opts ...func(*redshift.Options)) (*redshift.DescribeClustersOutput, error)
}

// AWSRetention is the Retention of a real account and region, over the
// AWS Backup, EC2 and Redshift APIs.
type AWSRetention struct {
	// Backup describes the vault and lists its recovery points.
	Backup BackupAPI
	// Images finds the EBS snapshots behind AMI recovery points.
	Images ImagesAPI
	// Snapshots describes the warehouse's final snapshot.
	Snapshots SnapshotsAPI
}

// NewAWSRetention makes the retention lookups from an AWS configuration.
func NewAWSRetention(cfg aws.Config) *AWSRetention {
	b, rs := backup.NewFromConfig(cfg), redshift.NewFromConfig(cfg)
	return &AWSRetention{Backup: backupCalls{vault: b.DescribeBackupVault, points: b.ListRecoveryPointsByBackupVault},
		Images:    describeImages(ec2.NewFromConfig(cfg).DescribeImages),
		Snapshots: redshiftCalls{snapshots: rs.DescribeClusterSnapshots, clusters: rs.DescribeClusters}}
}

// BackupVault implements Retention.
func (a *AWSRetention) BackupVault(ctx context.Context, name string) (Vault, error) {
	d, err := a.Backup.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: aws.String(name)})
	var nf *backuptypes.ResourceNotFoundException
	if errors.As(err, &nf) {
		return Vault{}, nil
	}
	if err != nil {
		return Vault{}, fmt.Errorf("describe backup vault %s: %w", name, err)
	}
	v := Vault{Exists: true, Arn: aws.ToString(d.BackupVaultArn), Locked: aws.ToBool(d.Locked),
		MinRetentionDays: int(aws.ToInt64(d.MinRetentionDays)), Points: []RecoveryPoint{}}
	p := backup.NewListRecoveryPointsByBackupVaultPaginator(a.Backup, &backup.ListRecoveryPointsByBackupVaultInput{BackupVaultName: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return Vault{}, fmt.Errorf("list recovery points: %w", err)
		}
		for _, rp := range page.RecoveryPoints {
			point, err := a.recoveryPoint(ctx, rp)
			if err != nil {
				return Vault{}, err
			}
			v.Points = append(v.Points, point)
		}
	}
	return v, nil
}

func (a *AWSRetention) recoveryPoint(ctx context.Context, rp backuptypes.RecoveryPointByBackupVault) (RecoveryPoint, error) {
	p := RecoveryPoint{Arn: aws.ToString(rp.RecoveryPointArn), ResourceArn: aws.ToString(rp.ResourceArn), Status: string(rp.Status),
		Created: aws.ToTime(rp.CreationDate), EncryptionKeyArn: aws.ToString(rp.EncryptionKeyArn)}
	if rp.CalculatedLifecycle != nil {
		p.DeleteAt = aws.ToTime(rp.CalculatedLifecycle.DeleteAt)
	}
	if id, ok := imageID(p.Arn); ok {
		backing, err := a.imageSnapshots(ctx, id, p.Arn)
		if err != nil {
			return p, err
		}
		p.Backing = backing
	}
	return p, nil
}

// imageID is the AMI id of an EC2 recovery point's ARN
// (arn:aws:ec2:<region>::image/ami-...).
func imageID(arn string) (string, bool) {
	_, id, ok := strings.Cut(arn, ":image/")
	return id, ok && strings.HasPrefix(arn, "arn:")
}

// imageSnapshots are the ARNs of the EBS snapshots behind an AMI.
func (a *AWSRetention) imageSnapshots(ctx context.Context, id, imageArn string) ([]string, error) {
	out, err := a.Images.DescribeImages(ctx, &ec2.DescribeImagesInput{ImageIds: []string{id}})
	if err != nil {
		return nil, fmt.Errorf("describe image %s: %w", id, err)
	}
	prefix, _, _ := strings.Cut(imageArn, ":image/")
	var arns []string
	for _, img := range out.Images {
		for _, m := range img.BlockDeviceMappings {
			if m.Ebs != nil && m.Ebs.SnapshotId != nil {
				arns = append(arns, prefix+":snapshot/"+aws.ToString(m.Ebs.SnapshotId))
			}
		}
	}
	return arns, nil
}

// WarehouseSnapshot implements Retention.
func (a *AWSRetention) WarehouseSnapshot(ctx context.Context, id string) (*Snapshot, error) {
	out, err := a.Snapshots.DescribeClusterSnapshots(ctx, &redshift.DescribeClusterSnapshotsInput{SnapshotIdentifier: aws.String(id)})
	var nf *redshifttypes.ClusterSnapshotNotFoundFault
	if errors.As(err, &nf) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("describe warehouse snapshot %s: %w", id, err)
	}
	if len(out.Snapshots) == 0 {
		return nil, nil
	}
	s := out.Snapshots[0]
	return &Snapshot{ID: aws.ToString(s.SnapshotIdentifier), Arn: aws.ToString(s.SnapshotArn), Status: aws.ToString(s.Status),
		Encrypted: aws.ToBool(s.Encrypted), KMSKeyID: aws.ToString(s.KmsKeyId), Created: aws.ToTime(s.SnapshotCreateTime)}, nil
}

// WarehouseStatus implements Retention.
func (a *AWSRetention) WarehouseStatus(ctx context.Context, id string) (string, error) {
	out, err := a.Snapshots.DescribeClusters(ctx, &redshift.DescribeClustersInput{ClusterIdentifier: aws.String(id)})
	var nf *redshifttypes.ClusterNotFoundFault
	if errors.As(err, &nf) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("describe warehouse %s: %w", id, err)
	}
	if len(out.Clusters) == 0 {
		return "", nil
	}
	return aws.ToString(out.Clusters[0].ClusterStatus), nil
}
