package english

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPlural(t *testing.T) {
	assert.Equal(t, "0 log files", Plural(0, "log file"))
	assert.Equal(t, "1 log file", Plural(1, "log file"))
	assert.Equal(t, "2 log files", Plural(2, "log file"))
	assert.Equal(t, "5000000 records", Plural(int64(5_000_000), "record"))
	assert.Equal(t, "-1 days", Plural(-1, "day"))
}

func TestIsAre(t *testing.T) {
	assert.Equal(t, "are", IsAre(0))
	assert.Equal(t, "is", IsAre(1))
	assert.Equal(t, "are", IsAre(int64(2)))
}
