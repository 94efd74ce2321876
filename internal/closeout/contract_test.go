package closeout

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// TestShippedProjectStacksExportWhatCloseOutReads plans every shipped
// project stack and reads its outputs as close-out does: a renamed or
// dropped output fails here, not in the command that deletes things.
func TestShippedProjectStacksExportWhatCloseOutReads(t *testing.T) {
	for _, stack := range []string{"hipaa", "omop"} {
		t.Run(stack, func(t *testing.T) {
			p, err := stackfile.Plan(context.Background(), "../../stacks", stack, stacks.Build, stacks.KnownConfigKeys())
			require.NoError(t, err)
			out, err := parseOutputs(p.Outputs)
			require.NoError(t, err)
			out.archiveFrom(p.Outputs)
			assert.Equal(t, stack, out.PIT)
			for _, role := range sce.BucketRoles() {
				assert.NotEmpty(t, out.Buckets[string(role)], "bucket %s", role)
			}
			for name, v := range map[string]string{
				sce.OutputKmsKeyArn: out.KMSKeyArn, sce.OutputVpcID: out.VPCID, sce.OutputNatPublicIP: out.NATPublicIP,
				sce.OutputBastionPublicIP: out.BastionPublicIP, sce.OutputArchiveBucketName: out.ArchiveBucket,
				sce.OutputArchiveKeyArn: out.ArchiveKeyArn,
			} {
				assert.NotEmpty(t, v, "output %s", name)
			}
		})
	}
}

// TestShippedStacksNameWhatCloseOutKeeps plans the shipped project stacks:
// the backup vault and the warehouse's final snapshot close-out looks up
// are named as the stacks name them.
func TestShippedStacksNameWhatCloseOutKeeps(t *testing.T) {
	for stack, warehouse := range map[string]bool{"hipaa": false, "omop": true} {
		t.Run(stack, func(t *testing.T) {
			p, err := stackfile.Plan(context.Background(), "../../stacks", stack, stacks.Build, stacks.KnownConfigKeys())
			require.NoError(t, err)
			vaults := p.Find(awstype.BackupVault)
			require.Len(t, vaults, 1)
			assert.Equal(t, stack+backupVaultSuffix, vaults[0].Inputs["name"])
			clusters := p.Find(awstype.RedshiftCluster)
			if !warehouse {
				assert.Empty(t, clusters)
				return
			}
			require.Len(t, clusters, 1)
			assert.Equal(t, stack+finalSnapshotSuffix, clusters[0].Inputs["finalSnapshotIdentifier"])
			assert.Equal(t, false, clusters[0].Inputs["skipFinalSnapshot"], "a destroy takes the final snapshot")
		})
	}
}
