//go:build linux

package hugeheap

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Reserve grows the heap by about size bytes of untouched address space and
// advises it for huge pages (see the package comment). Where the kernel's
// or the process's settings make advice pointless, or the kernel refuses
// it, nothing is advised and the Region says why.
func Reserve(size int) Region {
	thp, err := os.ReadFile(thpEnabled)
	if err != nil {
		return Region{Skipped: "this kernel has no transparent huge pages (" + thpEnabled + " cannot be read)"}
	}
	// A kernel without the file knows no strict accounting to worry about.
	commit, _ := os.ReadFile(overcommit)
	s := settings{thp: string(thp), overcommit: string(commit), godebug: os.Getenv("GODEBUG")}
	if why := s.skipReason(); why != "" {
		return Region{Skipped: why}
	}
	page, err := hugePageSize()
	if err != nil {
		return Region{Skipped: err.Error()}
	}
	return advise(size, page)
}

// hugePageSize is the size of the kernel's transparent huge pages.
func hugePageSize() (uintptr, error) {
	raw, err := os.ReadFile(thpPageSize)
	if err != nil {
		return 0, fmt.Errorf("huge page size unknown: %w", err)
	}
	text := strings.TrimSpace(string(raw))
	n, err := strconv.ParseUint(text, 10, 64)
	if err != nil || n == 0 || n&(n-1) != 0 {
		return 0, fmt.Errorf("huge page size unknown: %s holds %q, not a power of two", thpPageSize, text)
	}
	return uintptr(n), nil
}

// advise allocates the untouched block, advises the whole huge pages
// inside it and drops it for the collector to free.
func advise(size int, page uintptr) Region {
	if size <= 0 || uintptr(size) < 2*page {
		return Region{Skipped: fmt.Sprintf("%d bytes hold no whole huge page of %d bytes wherever they start", size, page)}
	}
	block := make([]byte, size)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(block)))
	start := (base + page - 1) &^ (page - 1)
	end := (base + uintptr(size)) &^ (page - 1)
	err := unix.Madvise(block[start-base:end-base], unix.MADV_HUGEPAGE)
	runtime.KeepAlive(block)
	if err != nil {
		return Region{Skipped: fmt.Sprintf("the kernel refused to advise %d MiB for huge pages: %v", (end-start)>>20, err)}
	}
	return Region{Start: start, Len: end - start}
}
