package atstart

import (
	"runtime"
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
// large allocation is made of the advised block (the runtime advises none
// of its heap itself), and what the program writes there is backed by huge
// pages, unless the kernel had none to give, which it counts.
func TestHeapGrowsIntoTheStretch(t *testing.T) {
	requireAdvised(t)
	fallbacks, err := hugeheaptest.FaultFallbacks()
	require.NoError(t, err)
	b := make([]byte, 16<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	mid := uintptr(unsafe.Pointer(&b[len(b)/2]))
	m, err := hugeheaptest.MappingOf(mid)
	require.NoError(t, err)
	require.True(t, m.Advised(), "the heap allocated %#x in a mapping not advised: %v", mid, m.Flags)
	if after, err := hugeheaptest.FaultFallbacks(); err == nil && after > fallbacks && m.AnonHugeKiB == 0 {
		t.Skipf("the kernel had no huge pages to give (thp_fault_fallback %d -> %d)", fallbacks, after)
	}
	assert.GreaterOrEqual(t, m.AnonHugeKiB, 8<<10, "huge pages back most of the 16 MiB written around %#x", mid)
	runtime.KeepAlive(b)
}
