//go:build linux

package hugeheap

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mapping is one entry of /proc/self/smaps.
type mapping struct {
	start, end uintptr
	// flags are its VmFlags ("hg" is MADV_HUGEPAGE).
	flags []string
	// anonHugeKB is how much of it huge pages back.
	anonHugeKB int
}

// mappingOf is the mapping of /proc/self/smaps that holds addr.
func mappingOf(t *testing.T, addr uintptr) mapping {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	require.NoError(t, err)
	defer f.Close()
	var cur *mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(fields[0], "-"); ok && !strings.HasSuffix(fields[0], ":") {
			start, err1 := strconv.ParseUint(lo, 16, 64)
			end, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				if cur != nil && cur.start <= addr && addr < cur.end {
					return *cur
				}
				cur = &mapping{start: uintptr(start), end: uintptr(end)}
				continue
			}
		}
		switch {
		case cur == nil:
		case fields[0] == "VmFlags:":
			cur.flags = fields[1:]
		case fields[0] == "AnonHugePages:" && len(fields) > 1:
			cur.anonHugeKB, _ = strconv.Atoi(fields[1])
		}
	}
	require.NoError(t, sc.Err())
	require.True(t, cur != nil && cur.start <= addr && addr < cur.end, "no mapping holds %#x", addr)
	return *cur
}

// requireMadvise skips a test where this kernel would not take the advice.
func requireMadvise(t *testing.T) {
	t.Helper()
	thp, err := os.ReadFile(thpEnabled)
	if err != nil || selectedMode(string(thp)) != "madvise" {
		t.Skipf("needs transparent huge pages in madvise mode (%s reads %q)", thpEnabled, strings.TrimSpace(string(thp)))
	}
	if os.Getenv("GODEBUG") != "" {
		t.Skip("needs GODEBUG unset: it may turn the advice off")
	}
}

// TestReserveAdvisesWholeHugePages: the advised stretch is whole huge pages
// inside the block, and the kernel marks the mapping that holds it.
func TestReserveAdvisesWholeHugePages(t *testing.T) {
	requireMadvise(t)
	page, err := hugePageSize()
	require.NoError(t, err)
	r := Reserve(16 << 20)
	require.Empty(t, r.Skipped)
	assert.Zero(t, r.Start%page, "start aligned to a huge page")
	assert.Zero(t, r.Len%page, "whole huge pages")
	assert.GreaterOrEqual(t, r.Len, 16<<20-page)
	m := mappingOf(t, r.Start)
	assert.Contains(t, m.flags, "hg", "VmFlags of the mapping at %#x", r.Start)
	assert.LessOrEqual(t, r.Start+r.Len, m.end, "one mapping holds the whole stretch")
}

// TestHeapGrowsIntoTheAdvisedStretch: once the collector has freed the
// block, the heap hands out its addresses, and what the program writes
// there is backed by huge pages. The Go runtime advises none of its heap
// itself, so a large allocation in an advised mapping is in a block
// Reserve let go (this one, or an earlier test's).
func TestHeapGrowsIntoTheAdvisedStretch(t *testing.T) {
	requireMadvise(t)
	r := Reserve(64 << 20)
	require.Empty(t, r.Skipped)
	runtime.GC()
	runtime.GC()
	b := make([]byte, 16<<20)
	for i := range len(b) / 4096 {
		b[i*4096] = 1
	}
	mid := uintptr(unsafe.Pointer(&b[len(b)/2]))
	m := mappingOf(t, mid)
	assert.Contains(t, m.flags, "hg", "the heap allocated %#x in a mapping not advised", mid)
	assert.Positive(t, m.anonHugeKB, "huge pages back the heap written at %#x", mid)
	runtime.KeepAlive(b)
}

func TestReserveTooSmall(t *testing.T) {
	r := advise(3<<20, 2<<20)
	assert.Equal(t, Region{Skipped: "3145728 bytes hold no whole huge page of 2097152 bytes wherever they start"}, r)
}
