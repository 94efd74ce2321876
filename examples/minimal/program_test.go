package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
)

// TestMinimalPlansOffline runs this example's program with its own stack
// file under the offline plan engine, as `pulumi up -s dev` would run it
// against AWS: the program reads its config, builds one environment, and
// exports what IT hands to the researcher.
func TestMinimalPlansOffline(t *testing.T) {
	sf, err := stackfile.Load("Pulumi.dev.yaml", nil)
	require.NoError(t, err)
	p, err := plan.Run(context.Background(), plan.RunOptions{
		Project: "sce-minimal", Stack: "dev", Config: sf.Config,
		Program: build,
	})
	require.NoError(t, err)
	require.Len(t, p.Find(sce.EnvironmentType), 1)
	assert.Equal(t, "urn:pulumi:dev::sce-minimal::sce:index:Environment::minimal", p.Find(sce.EnvironmentType)[0].URN)
	vpc, ok := p.ByName("minimal-vpc")
	require.True(t, ok)
	assert.Equal(t, "dedicated", vpc.Inputs["instanceTenancy"])
	assert.Equal(t, "10.40.0.0/16", vpc.Inputs["cidrBlock"])
	assert.Len(t, p.Find(awstype.EC2Instance), 2, "the bastion and one worker")
	assert.Len(t, p.Find(sce.BucketType), 12, "six buckets and their same-region replicas")
	assert.Regexp(t, `^203\.0\.113\.\d+$`, p.Outputs[sce.OutputBastionPublicIP])
	assert.Len(t, p.Outputs[sce.OutputWorkerPrivateIPs], 1)
	assert.Equal(t, "minimal-data-in-123456789012-us-west-2", p.Outputs[sce.OutputBucketNames].(map[string]any)["data-in"])
}

// TestMinimalRefusesMissingConfig: a stack without the program's required
// keys fails before any resource is registered, naming the key.
func TestMinimalRefusesMissingConfig(t *testing.T) {
	p, err := plan.Run(context.Background(), plan.RunOptions{
		Project: "sce-minimal", Stack: "dev", Config: map[string]string{"aws:region": "us-west-2"},
		Program: build,
	})
	require.Error(t, err)
	assert.Nil(t, p)
	assert.Contains(t, err.Error(), "sce-minimal:alertEmail")
}
