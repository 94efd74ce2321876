package policy_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// sshNetworks are the hipaa stack file's client networks, which
// session-manager mode refuses.
const sshNetworks = "  sce:allowedSshCidrs:\n    - 198.51.100.0/24\n    - 203.0.113.0/25\n"

// TestSessionManagerStackPassesThePack plans the hipaa stack file switched
// to sce:access session-manager (no bastion, no public host): the pack
// reports nothing at all, not even the bastion's advisory, and the plan
// has no internet-facing instance for a rule to excuse.
func TestSessionManagerStackPassesThePack(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir(stacksDir)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(stacksDir, e.Name()))
		require.NoError(t, err)
		if e.Name() == "Pulumi.hipaa.yaml" {
			require.Contains(t, string(b), sshNetworks)
			b = []byte(strings.Replace(string(b), sshNetworks, "  sce:access: session-manager\n", 1))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600))
	}
	p, err := stackfile.Plan(context.Background(), dir, "hipaa", stacks.Build, stacks.KnownConfigKeys())
	require.NoError(t, err)
	require.NotEmpty(t, p.Find(awstype.EC2Instance), "the workers")
	require.Len(t, p.Find(awstype.SSMDocument), 1, "the session preferences")
	for _, i := range p.Find(awstype.EC2Instance) {
		assert.NotEqual(t, true, i.Inputs["associatePublicIpAddress"], i.Name)
		assert.NotContains(t, i.Name, "bastion")
	}
	pack := loadPack(t)
	res, err := pack.Check(context.Background(), p, nil)
	require.NoError(t, err)
	assert.Empty(t, res.Violations)

	// Without a bastion, a worker given a public address is refused.
	q := clonePlan(p)
	for i := range q.Resources {
		if q.Resources[i].Name == "hipaa-worker-1" {
			q.Resources[i].Inputs["associatePublicIpAddress"] = true
		}
	}
	res, err = pack.Check(context.Background(), q, nil)
	require.NoError(t, err)
	assert.Positive(t, res.Count(policy.Mandatory), "%v", res.Violations)
}
