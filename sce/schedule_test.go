package sce

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCronExpression(t *testing.T) {
	assert.Equal(t, "cron(0 19 ? * MON-FRI *)", cronExpression("19:00", "MON-FRI"))
	assert.Equal(t, "cron(30 7 ? * MON,WED *)", cronExpression("07:30", "MON,WED"))
	assert.Equal(t, "cron(5 0 ? * SUN *)", cronExpression("00:05", "SUN"))
}
