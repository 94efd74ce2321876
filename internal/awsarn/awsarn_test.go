package awsarn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAccount(t *testing.T) {
	assert.Equal(t, "123456789012", Account("arn:aws:iam::123456789012:role/sce-admin"))
	assert.Equal(t, "210987654321", Account("arn:aws:sts::210987654321:assumed-role/sce-admin/it-admin"))
	assert.Empty(t, Account("sce-admin"))
	assert.Empty(t, Account(""))
}
