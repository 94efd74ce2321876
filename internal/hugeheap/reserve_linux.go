//go:build linux

package hugeheap

import (
	"cmp"
	"fmt"
	"os"
	"runtime"
	"slices"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Reserve grows the heap by about size bytes of untouched address space,
// advises it for huge pages and returns once a collection has freed it for
// the heap to grow into (see the package comment). It is meant for the
// start of a program (package atstart calls it), while the heap has freed
// few pages: a block made of freed pages is zeroed by the runtime, which
// touches every page, so Reserve does nothing once the heap holds a piece's
// worth (8 MiB) of them. The size is capped at a quarter of the machine's
// memory. Where SkipReason says advice is pointless or unsafe, or the
// kernel refuses it, nothing is advised and the Region says why.
func Reserve(size int) Region {
	if why := SkipReason(); why != "" {
		return Region{Skipped: why}
	}
	page, err := hugePageSize()
	if err != nil {
		return Region{Skipped: err.Error()}
	}
	if free := heapFree(); free >= chunkSize {
		return Region{Skipped: fmt.Sprintf("the heap holds %d MiB of freed pages, which a block would be made of and the runtime would zero; reserve while the program starts", free>>20)}
	}
	return advise(capSize(size, totalRAM()), page)
}

// advise allocates the untouched block, advises the whole huge pages
// inside it, drops it and has the collector free it.
func advise(size int, page uintptr) Region {
	if size <= 0 || uintptr(size) < 2*page {
		return Region{Skipped: fmt.Sprintf("%d bytes hold no whole huge page of %d bytes wherever they start", size, page)}
	}
	r := adviseChunks(allocChunks(size), page)
	runtime.GC()
	return r
}

// chunkSize is the size of the pieces advise allocates its block in. A
// piece the heap makes of pages it used and freed (still held, or bordering
// pages it returned to the kernel) is zeroed by the runtime, which touches
// every page of it: 8 MiB is at most about 20 ms of small page faults on a
// small VM, and the pieces after it are fresh growth of the heap.
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
// growth does, or else each piece's own. It reports the longest stretch
// and what was zeroed.
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
			r.Skipped = fmt.Sprintf("the kernel refused to advise %d MiB for huge pages: %v", (end-start)>>20, errno)
			break
		}
		if r.Len == 0 || end-start > r.Len {
			r.Start, r.Len = start, end-start
		}
	}
	for _, c := range chunks {
		// The middle page lies in huge pages of the piece alone, which no
		// neighbour of it keeps resident.
		if resident(c[len(c)/2:]) {
			r.Zeroed += uintptr(len(c))
		}
	}
	// The system calls above took addresses of the pieces, which the
	// heap does not move; they must stay allocated until here.
	runtime.KeepAlive(chunks)
	if r.Len == 0 && r.Skipped == "" {
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
