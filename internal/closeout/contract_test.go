package closeout

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
			for _, role := range sce.BucketRoles {
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
