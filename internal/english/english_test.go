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

func TestCountAndAgree(t *testing.T) {
	assert.Equal(t, "1 copy", Count(1, "copy", "copies"))
	assert.Equal(t, "0 copies", Count(0, "copy", "copies"))
	assert.Equal(t, "3 copies", Count(int64(3), "copy", "copies"))
	assert.Equal(t, "matches", Agree(1, "matches", "match"))
	assert.Equal(t, "match", Agree(2, "matches", "match"))
	assert.Equal(t, "are", IsAre(0))
	assert.Equal(t, "is", IsAre(1))
	assert.Equal(t, "are", IsAre(int64(2)))
}

func TestOr(t *testing.T) {
	assert.Equal(t, "", Or(nil))
	assert.Equal(t, "a", Or([]string{"a"}))
	assert.Equal(t, "a or b", Or([]string{"a", "b"}))
	assert.Equal(t, "request, review, approve, reject or list", Or([]string{"request", "review", "approve", "reject", "list"}))
}

func TestAnd(t *testing.T) {
	assert.Equal(t, "", And(nil))
	assert.Equal(t, "a", And([]string{"a"}))
	assert.Equal(t, "a and b", And([]string{"a", "b"}))
	assert.Equal(t, "2 IAM roles, 1 IAM policy and 3 IAM instance profiles",
		And([]string{"2 IAM roles", "1 IAM policy", "3 IAM instance profiles"}))
}
