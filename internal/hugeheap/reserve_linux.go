//go:build linux

package hugeheap

import (
	"cmp"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Reserve grows the heap by about size bytes of untouched address space,
// advises it for huge pages and returns once a collection has freed it for
// the heap to grow into (see the package comment). It is meant for the
// start of a program (package atstart calls it): it runs two collections
// and returns the heap's free pages to the kernel. The size is capped at a
// quarter of the machine's memory and of the Go memory limit. Where
// SkipReason says advice is pointless or unsafe, or the kernel refuses it,
// nothing is advised and the Region says why.
func Reserve(size int) Region {
	if why := SkipReason(); why != "" {
		return Region{Skipped: why}
	}
	page, err := hugePageSize()
	if err != nil {
		return Region{Skipped: err.Error()}
	}
	return advise(capSize(size, totalRAM(), debug.SetMemoryLimit(-1)), page)
}

// SkipReason says why Reserve advises nothing on this machine and in this
// process, whatever the size: the kernel's transparent huge page mode,
// GODEBUG, overcommit accounting, address space limits. Empty when it
// advises.
func SkipReason() string {
	thp, err := os.ReadFile(thpEnabled)
	if err != nil {
		return "this kernel has no transparent huge pages (" + thpEnabled + " cannot be read)"
	}
	// A kernel without the file knows no strict accounting to worry about.
	commit, _ := os.ReadFile(overcommit)
	return settings{thp: string(thp), overcommit: string(commit), godebug: godebug(), limited: addressLimit()}.skipReason()
}

// godebug is the GODEBUG the runtime runs with: the defaults built into
// the binary (go.mod's godebug lines, //go:debug), then the environment's.
func godebug() string {
	var defaults string
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "DefaultGODEBUG" {
				defaults = s.Value
			}
		}
	}
	return defaults + "," + os.Getenv("GODEBUG")
}

// addressLimit names the finite limit on the process's address space or
// data segment; empty if both are unlimited.
func addressLimit() string {
	for _, l := range []struct {
		resource int
		name     string
	}{{unix.RLIMIT_AS, "ulimit -v"}, {unix.RLIMIT_DATA, "ulimit -d"}} {
		var r unix.Rlimit
		if err := unix.Getrlimit(l.resource, &r); err != nil || r.Cur != unix.RLIM_INFINITY {
			return l.name
		}
	}
	return ""
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

// totalRAM is the machine's memory in bytes; 0 if unknown.
func totalRAM() uint64 {
	var info unix.Sysinfo_t
	if unix.Sysinfo(&info) != nil {
		return 0
	}
	return uint64(info.Totalram) * uint64(info.Unit)
}

// advise allocates the untouched block, advises the whole huge pages
// inside it, drops it and has the collector free it. First the heap
// returns its free pages to the kernel, so that the block is made of
// returned or fresh pages, which the runtime does not zero; and it returns
// the block's pages after, so that the heap's use of them is not zeroed
// either.
func advise(size int, page uintptr) Region {
	if size <= 0 || uintptr(size) < 2*page {
		return Region{Skipped: fmt.Sprintf("%d bytes hold no whole huge page of %d bytes wherever they start", size, page)}
	}
	if heapFree() > 0 {
		debug.FreeOSMemory()
	}
	r := adviseChunks(allocChunks(size), page)
	debug.FreeOSMemory()
	return r
}

// chunkSize is the size of the pieces advise allocates its block in. A
// page freed after the heap returned its pages (a goroutine's stack, say)
// may border the heap's top; the piece made with it is then zeroed, and
// the runtime touches every page of it: 8 MiB is at most about 20 ms of
// small page faults on a small VM. The pieces after it are fresh.
const chunkSize = 8 << 20

// allocChunks allocates size bytes in pieces of chunkSize, kept alive
// together until advised.
func allocChunks(size int) [][]byte {
	chunks := make([][]byte, 0, (size+chunkSize-1)/chunkSize)
	for left := size; left > 0; left -= chunkSize {
		chunks = append(chunks, make([]byte, min(left, chunkSize)))
	}
	return chunks
}

// adviseChunks advises the whole huge pages inside the pieces: their
// union, where they follow each other in the address space as fresh heap
// growth does, or else each piece's own. It reports the union and what was
// zeroed.
func adviseChunks(chunks [][]byte, page uintptr) Region {
	var r Region
	for _, run := range contiguous(chunks) {
		start := (run.lo + page - 1) &^ (page - 1)
		end := run.hi &^ (page - 1)
		if end <= start {
			continue
		}
		// By address: a run may span several pieces, which no one slice covers.
		if _, _, errno := unix.Syscall(unix.SYS_MADVISE, start, end-start, unix.MADV_HUGEPAGE); errno != 0 {
			return Region{Skipped: fmt.Sprintf("the kernel refused to advise %d MiB for huge pages: %v", (end-start)>>20, errno)}
		}
		if r.Len == 0 || end-start > r.Len {
			r.Start, r.Len = start, end-start
		}
	}
	for _, c := range chunks {
		// The middle page lies in huge pages of the piece alone, which no
		// neighbour of it keeps resident.
		if resident(c[len(c)/2:]) {
			r.Zeroed += len(c)
		}
	}
	if r.Len == 0 {
		r.Skipped = "no whole huge page inside the pieces of the block"
	}
	return r
}

// addrRange is a stretch of address space, hi excluded.
type addrRange struct{ lo, hi uintptr }

// contiguous are the pieces' address ranges, joined where one piece ends
// where another starts, in address order.
func contiguous(chunks [][]byte) []addrRange {
	rs := make([]addrRange, len(chunks))
	for i, c := range chunks {
		lo := uintptr(unsafe.Pointer(unsafe.SliceData(c)))
		rs[i] = addrRange{lo, lo + uintptr(len(c))}
	}
	slices.SortFunc(rs, func(a, b addrRange) int { return cmp.Compare(a.lo, b.lo) })
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].hi == r.lo {
			out[n-1].hi = r.hi
			continue
		}
		out = append(out, r)
	}
	return out
}

// resident reports whether the page that holds b[0] is resident
// (mincore(2), which golang.org/x/sys/unix does not wrap on Linux): every
// page of a piece is, if the runtime zeroed the piece.
func resident(b []byte) bool {
	pageSize := uintptr(os.Getpagesize())
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b))) &^ (pageSize - 1)
	var vec [1]byte
	_, _, errno := unix.Syscall(unix.SYS_MINCORE, start, pageSize, uintptr(unsafe.Pointer(&vec[0])))
	return errno == 0 && vec[0]&1 == 1
}
