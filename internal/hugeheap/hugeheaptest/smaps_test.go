//go:build linux

package hugeheaptest

import (
	"os"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestMappingOf: the mapping of an advised stretch has its bounds and the
// hg flag, the rest of the same mapping does not, and an address nothing
// maps has no mapping.
func TestMappingOf(t *testing.T) {
	page := os.Getpagesize()
	all, err := unix.Mmap(-1, 0, 6*page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	require.NoError(t, err)
	defer unix.Munmap(all)
	// Inaccessible pages at both ends keep the kernel from merging the
	// four pages between with a neighbouring mapping.
	require.NoError(t, unix.Mprotect(all[:page], unix.PROT_NONE))
	require.NoError(t, unix.Mprotect(all[5*page:], unix.PROT_NONE))
	b := all[page : 5*page]
	require.NoError(t, unix.Madvise(b[2*page:], unix.MADV_HUGEPAGE))
	b[0] = 1
	base := uintptr(unsafe.Pointer(&b[0]))

	plain, err := MappingOf(base)
	require.NoError(t, err)
	assert.Equal(t, base, plain.Start)
	assert.Equal(t, base+uintptr(2*page), plain.End, "madvise split the mapping")
	assert.False(t, plain.Advised(), "%v", plain.Flags)
	assert.Equal(t, page>>10, plain.RssKiB, "one page written")

	advised, err := MappingOf(base + uintptr(3*page))
	require.NoError(t, err)
	assert.Equal(t, base+uintptr(2*page), advised.Start)
	assert.True(t, advised.Advised(), "%v", advised.Flags)
	assert.Zero(t, advised.RssKiB)

	_, err = MappingOf(1)
	assert.EqualError(t, err, "no mapping of /proc/self/smaps holds 0x1")
}

func TestFaultFallbacks(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skip("this kernel has no transparent huge pages to count fallbacks of")
	}
	_, err := FaultFallbacks()
	assert.NoError(t, err)
}
