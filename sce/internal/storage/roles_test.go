package storage

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOnlyTheAncillaryBucketIsUnprotected(t *testing.T) {
	for _, role := range []string{DataIn, Output, Logs, AccessLogs, Egress, Config, Archive} {
		assert.True(t, Protected(role), role)
	}
	assert.False(t, Protected(Ancillary))
}
