package atstart

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

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
// started with, in one stretch.
func TestAdvisedAtStart(t *testing.T) {
	r := requireAdvised(t)
	// Reserve takes a quarter of the memory of a small machine.
	var info unix.Sysinfo_t
	require.NoError(t, unix.Sysinfo(&info))
	want := min(uint64(Size), uint64(info.Totalram)*uint64(info.Unit)/4)
	assert.GreaterOrEqual(t, uint64(r.Len), want/2, r.String())
	assert.LessOrEqual(t, r.Len, uintptr(Size))
	// A page freed while the binary started may border the heap's top: then
	// the piece made with it, 8 MiB, was zeroed, and no more.
	assert.LessOrEqual(t, r.Zeroed, uintptr(8<<20), r.String())
	m, err := hugeheaptest.MappingOf(r.Start)
	require.NoError(t, err)
	assert.True(t, m.Advised(), "VmFlags at %#x: %v", r.Start, m.Flags)
	assert.LessOrEqual(t, r.Start+r.Len, m.End, "one mapping holds the whole stretch")
}

// TestHeapGrowsIntoTheStretch: with no collection asked for, a large
// allocation is made of the advised block (the runtime advises none of its
// heap itself), and what the program writes there is backed by huge pages,
// unless the kernel had none to give, which it counts.
func TestHeapGrowsIntoTheStretch(t *testing.T) {
	requireAdvised(t)
	fallbacks, err := hugeheaptest.FaultFallbacks()
	require.NoError(t, err)
	// Larger than any free stretch the heap had below the block.
	b := make([]byte, 64<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	mid := uintptr(unsafe.Pointer(&b[len(b)/2]))
	m, err := hugeheaptest.MappingOf(mid)
	require.NoError(t, err)
	require.True(t, m.Advised(), "the heap allocated %#x in a mapping [%#x, %#x) not advised: %v; at start: %s", mid, m.Start, m.End, m.Flags, Result())
	// The mapping also holds what the heap put there before b (it may
	// reuse pages an earlier run of this test wrote): at least 8 MiB.
	if after, err := hugeheaptest.FaultFallbacks(); err == nil && after > fallbacks && m.AnonHugeKiB < 8<<10 {
		t.Skipf("the kernel had too few huge pages to give (thp_fault_fallback %d -> %d)", fallbacks, after)
	}
	assert.GreaterOrEqual(t, m.AnonHugeKiB, 8<<10, "huge pages back the 64 MiB written around %#x", mid)
	runtime.KeepAlive(b)
}
