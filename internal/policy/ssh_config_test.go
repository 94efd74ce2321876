package policy_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/policy"
)

// TestSSHSourceFailsClosed: deny_sg_ssh_source needs the allowed SSH
// blocks. With the stack's sce:allowedSshCidrs (sce plan, or a preview with
// the file `sce policy config` writes) the bastion's SSH rule passes;
// without them (a preview run without --policy-pack-config gets only the
// defaults) the rule reports it instead of passing silently.
func TestSSHSourceFailsClosed(t *testing.T) {
	pack := loadPack(t)
	p := shipped(t, "hipaa")

	withStack, err := pack.Config(p, nil)
	require.NoError(t, err)
	require.NotEmpty(t, withStack["deny_sg_ssh_source"].Properties["allowedSshCidrs"])
	e, err := pack.NewEvaluator(context.Background(), withStack)
	require.NoError(t, err)
	res, err := e.Evaluate(context.Background(), p)
	require.NoError(t, err)
	assert.Empty(t, messages(res, "deny_sg_ssh_source"), "with the stack's allowed blocks")

	// No settings at all: what the analyzer passes without a config file.
	e, err = pack.NewEvaluator(context.Background(), policy.Config{})
	require.NoError(t, err)
	res, err = e.Evaluate(context.Background(), p)
	require.NoError(t, err)
	const why = " but no allowed SSH blocks are configured: pass --policy-pack-config with the file `sce policy config <stack>` writes"
	assert.Equal(t, []string{
		"Security group rule 'hipaa-bastion-ssh-in-1' rule allows SSH from 198.51.100.0/24," + why,
		"Security group rule 'hipaa-bastion-ssh-in-2' rule allows SSH from 203.0.113.0/25," + why,
	}, messages(res, "deny_sg_ssh_source"), "without config")
}
