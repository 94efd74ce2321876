//go:build linux

package hugeheap

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/sce-dev/sce/internal/hugeheap/hugeheaptest"
)

// requireAdvice skips a test where Reserve would advise nothing.
func requireAdvice(t *testing.T) {
	t.Helper()
	if why := SkipReason(); why != "" {
		t.Skip("no huge page advice here: " + why)
	}
}

// TestAdviseWholeHugePages: the advised stretch is whole huge pages inside
// the block, and the kernel marks the mapping that holds it.
func TestAdviseWholeHugePages(t *testing.T) {
	requireAdvice(t)
	page, err := hugePageSize()
	require.NoError(t, err)
	const size = 16 << 20
	r := advise(size, page)
	require.Empty(t, r.Skipped)
	assert.Zero(t, r.Start%page, "start aligned to a huge page")
	assert.Zero(t, r.Len%page, "whole huge pages")
	// In a test's heap the pieces may fill free stretches apart; each
	// holds at least a piece less one huge page.
	assert.GreaterOrEqual(t, r.Len, chunkSize-page)
	m, err := hugeheaptest.MappingOf(r.Start)
	require.NoError(t, err)
	assert.True(t, m.Advised(), "VmFlags of the mapping at %#x: %v", r.Start, m.Flags)
	assert.LessOrEqual(t, r.Start+r.Len, m.End, "one mapping holds the whole stretch")
}

// usedHeap leaves 32 MiB of written and freed pages at the heap's top.
// A GOGC of 10000 for the rest of the test keeps the runtime's background
// scavenger from returning them to the kernel meanwhile: it returns what
// the heap holds beyond its goal, which that GOGC raises a hundredfold.
func usedHeap(t *testing.T) {
	t.Helper()
	previous := debug.SetGCPercent(10000)
	t.Cleanup(func() { debug.SetGCPercent(previous) })
	garbage := make([]byte, 32<<20)
	for i := 0; i < len(garbage); i += 4096 {
		garbage[i] = 1
	}
	garbage = nil
	runtime.GC()
	require.GreaterOrEqual(t, heapFree(), uint64(16<<20), "the test heap holds the freed pages")
}

// TestReserveLeavesAUsedHeapAlone: a heap that holds freed pages would
// make the block of them, which the runtime zeroes, so nothing is advised.
func TestReserveLeavesAUsedHeapAlone(t *testing.T) {
	requireAdvice(t)
	usedHeap(t)
	r := Reserve(64 << 20)
	assert.Zero(t, r.Len)
	assert.Regexp(t, `^the heap holds \d+ MiB of freed pages, which a block would be made of and the runtime would zero; reserve while the program starts$`, r.Skipped)
}

// TestAdviseReportsZeroedPieces: pieces made of freed pages, which the
// runtime zeroed, are counted.
func TestAdviseReportsZeroedPieces(t *testing.T) {
	requireAdvice(t)
	page, err := hugePageSize()
	require.NoError(t, err)
	usedHeap(t)
	r := advise(64<<20, page)
	require.Empty(t, r.Skipped)
	assert.Positive(t, r.Zeroed, r.String())
}

// TestResident: a page written is resident, one of a fresh mapping is not.
func TestResident(t *testing.T) {
	b, err := unix.Mmap(-1, 0, 2*os.Getpagesize(), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	require.NoError(t, err)
	defer unix.Munmap(b)
	b[0] = 1
	assert.True(t, resident(b[:1]))
	assert.True(t, resident(b[100:]))
	assert.False(t, resident(b[os.Getpagesize():]))
}

func TestCapSize(t *testing.T) {
	assert.Equal(t, 512<<20, capSize(512<<20, 24<<30), "a large machine")
	assert.Equal(t, 512<<20, capSize(512<<20, 0), "memory unknown")
	assert.Equal(t, 256<<20, capSize(512<<20, 1<<30), "a quarter of a small machine")
}

func TestAdviseTooSmall(t *testing.T) {
	r := advise(3<<20, 2<<20)
	assert.Equal(t, Region{Skipped: "3145728 bytes hold no whole huge page of 2097152 bytes wherever they start"}, r)
}
