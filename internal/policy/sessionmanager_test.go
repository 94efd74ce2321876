package policy_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/policy"
)

// TestSessionManagerStackPassesThePack plans the hipaa stack file switched
// to sce:access session-manager (no bastion, no public host, and no SSH
// client networks, which that mode refuses): the pack reports nothing at
// all, not even the bastion's advisory, and the plan has no
// internet-facing instance for a rule to excuse.
func TestSessionManagerStackPassesThePack(t *testing.T) {
	p := shippedWithConfig(t, "hipaa", map[string]string{"sce:access": "session-manager", "sce:allowedSshCidrs": ""})
	require.NotEmpty(t, p.Find(awstype.EC2Instance), "the workers")
	require.Len(t, p.Find(awstype.SSMDocument), 2, "the session preferences and the SSH session document")
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

	// The SSH session document without its key: researchers' sessions
	// would be protected by TLS alone.
	q = clonePlan(p)
	for i := range q.Resources {
		if q.Resources[i].Name == "hipaa-ssh-session" {
			var content map[string]any
			require.NoError(t, json.Unmarshal([]byte(q.Resources[i].Inputs["content"].(string)), &content))
			delete(content["inputs"].(map[string]any), "kmsKeyId")
			b, err := json.Marshal(content)
			require.NoError(t, err)
			q.Resources[i].Inputs["content"] = string(b)
		}
	}
	res, err = pack.Check(context.Background(), q, nil)
	require.NoError(t, err)
	require.Len(t, res.Violations, 1)
	assert.Equal(t, "deny_ssm_session_unencrypted", res.Violations[0].Rule)
	assert.Equal(t, "Session document 'hipaa-ssh-session' (Port) sets no inputs.kmsKeyId: its sessions are not encrypted with a KMS key",
		res.Violations[0].Message)
}
