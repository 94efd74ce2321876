package operations

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestCronExpression(t *testing.T) {
	assert.Equal(t, "cron(0 19 ? * MON-FRI *)", cronExpression(19*time.Hour, "MON-FRI"))
	assert.Equal(t, "cron(30 7 ? * MON,WED *)", cronExpression(7*time.Hour+30*time.Minute, "MON,WED"))
	assert.Equal(t, "cron(5 0 ? * SUN *)", cronExpression(5*time.Minute, "SUN"))
}
