package atstart

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAdvisedAtStart: this test binary, like sce, advised Size bytes of heap
// (less the partial huge pages at its ends) while it started, where the
// kernel takes the advice; elsewhere Result says why not.
func TestAdvisedAtStart(t *testing.T) {
	r := Result()
	thp, _ := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if !strings.Contains(string(thp), "[madvise]") || os.Getenv("GODEBUG") != "" {
		assert.Zero(t, r.Len)
		assert.NotEmpty(t, r.Skipped)
		t.Skipf("the kernel or GODEBUG takes no advice here: %s", r)
	}
	assert.Empty(t, r.Skipped)
	assert.GreaterOrEqual(t, r.Len, uintptr(Size-2<<20), r.String())
	assert.LessOrEqual(t, r.Len, uintptr(Size))
}
