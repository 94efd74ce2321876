package storage

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce/internal/naming"
)

// TestReplicationActionsAreThePolicys: ReplicationActions lists exactly
// the S3 actions ReplicationPolicy allows, which the audit counts as
// replication.
func TestReplicationActionsAreThePolicys(t *testing.T) {
	doc, err := ReplicationPolicy(naming.Namer{PIT: "hipaa", Account: "123456789012", Region: "us-west-2", Partition: "aws"},
		[]string{DataIn}, []string{"arn:aws:kms:us-west-2:123456789012:key/k"})
	require.NoError(t, err)
	var policy struct{ Statement []struct{ Action []string } }
	require.NoError(t, json.Unmarshal([]byte(doc), &policy))
	var allowed []string
	for _, s := range policy.Statement {
		for _, a := range s.Action {
			if strings.HasPrefix(a, "s3:") {
				allowed = append(allowed, a)
			}
		}
	}
	assert.ElementsMatch(t, allowed, ReplicationActions())
	assert.Len(t, ReplicationActions(), 10)
}
