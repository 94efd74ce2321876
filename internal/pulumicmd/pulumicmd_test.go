package pulumicmd

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCommands(t *testing.T) {
	assert.Equal(t, "hipaa-policy.json", ConfigFile("hipaa"))
	assert.Equal(t, "sce policy config hipaa --out hipaa-policy.json", PolicyConfig("sce", "hipaa"))
	assert.Equal(t, "pulumi preview -s hipaa --policy-pack policies --policy-pack-config hipaa-policy.json", Run("preview", "hipaa"))
	assert.Equal(t, "`go run ./cmd/sce policy config vitals --out vitals-policy.json`, then "+
		"`pulumi up -s vitals --policy-pack policies --policy-pack-config vitals-policy.json`", Deploy("go run ./cmd/sce", "vitals"))
}
