package access

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// TestShippedProjectStacksExportWhatAccessReads plans every shipped project
// stack and reads its outputs as `sce access` does.
func TestShippedProjectStacksExportWhatAccessReads(t *testing.T) {
	for _, stack := range []string{"hipaa", "omop"} {
		t.Run(stack, func(t *testing.T) {
			p, err := stackfile.Plan(context.Background(), "../../stacks", stack, stacks.Build, stacks.KnownConfigKeys())
			require.NoError(t, err)
			got, err := FromOutputs(p.Outputs, true)
			require.NoError(t, err)
			assert.Equal(t, stack, got.PIT)
			assert.NotEmpty(t, got.BastionIP)
			assert.NotEmpty(t, got.Workers)
			assert.NotEmpty(t, got.Researchers)
			assert.NotEmpty(t, got.DataInBucket)
			assert.NotEmpty(t, got.KmsKeyArn)
		})
	}
}
