package atstart

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/hugeheap"
	"github.com/sce-dev/sce/internal/hugeheap/hugeheaptest"
)

// requireAdvised skips a test where the start advised nothing for a reason
// of the machine or the process, and fails it if it advised nothing for
// another.
func requireAdvised(t *testing.T) hugeheap.Region {
	t.Helper()
	r := Result()
	if why := hugeheap.SkipReason(); why != "" {
		require.Equal(t, hugeheap.Region{Skipped: why}, r)
		t.Skip("no huge page advice here: " + why)
	}
	require.Empty(t, r.Skipped)
	return r
}

// TestAdvisedAtStart: this test binary, like sce, advised the heap it
// started with, in one stretch, untouched.
func TestAdvisedAtStart(t *testing.T) {
	r := requireAdvised(t)
	assert.GreaterOrEqual(t, r.Len, uintptr(Size/2), r.String())
	assert.LessOrEqual(t, r.Len, uintptr(Size))
	assert.Zero(t, r.Zeroed, r.String())
	m, err := hugeheaptest.MappingOf(r.Start)
	require.NoError(t, err)
	assert.True(t, m.Advised(), "VmFlags at %#x: %v", r.Start, m.Flags)
	assert.LessOrEqual(t, r.Start+r.Len, m.End, "one mapping holds the whole stretch")
}

// TestHeapGrowsIntoTheStretch: with no collection asked for, the next
// large allocation lies in the advised stretch (it may start in the part
// of the block before the stretch's first whole huge page), and what the
// program
// writes there is backed by huge pages (unless the kernel had none to
// give, which it counts).
func TestHeapGrowsIntoTheStretch(t *testing.T) {
	r := requireAdvised(t)
	fallbacks, err := hugeheaptest.FaultFallbacks()
	require.NoError(t, err)
	b := make([]byte, 16<<20)
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	mid, hi := lo+uintptr(len(b)/2), lo+uintptr(len(b))
	require.True(t, r.Start <= mid && hi <= r.Start+r.Len,
		"allocated [%#x, %#x), outside the advised [%#x, %#x)", lo, hi, r.Start, r.Start+r.Len)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	m, err := hugeheaptest.MappingOf(mid)
	require.NoError(t, err)
	if after, err := hugeheaptest.FaultFallbacks(); err == nil && after > fallbacks && m.AnonHugeKiB == 0 {
		t.Skipf("the kernel had no huge pages to give (thp_fault_fallback %d -> %d)", fallbacks, after)
	}
	assert.GreaterOrEqual(t, m.AnonHugeKiB, 8<<10, "huge pages back most of the 16 MiB written at %#x", lo)
	// Keep b alive until the mapping was read.
	_ = b[0]
}
