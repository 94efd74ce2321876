package stacks_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/cputime"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// BenchmarkPlanHipaaStack measures one offline plan of the hipaa stack, as
// `sce plan hipaa` makes it: from reading its file, through planning the
// baseline stack it references, to the sorted plan.
func BenchmarkPlanHipaaStack(b *testing.B) {
	start := cputime.Used()
	for b.Loop() {
		_, err := stackfile.Plan(context.Background(), ".", "hipaa", stacks.Build, stacks.KnownConfigKeys())
		require.NoError(b, err)
	}
	cputime.Report(b, start)
}
