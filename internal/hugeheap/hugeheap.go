// Package hugeheap asks Linux to back the memory the Go heap is about to
// grow into with transparent huge pages.
//
// A short-lived process such as `sce plan` spends much of its CPU time in
// page faults: every 4 KiB of fresh heap the runtime touches for the first
// time is one fault, and on a small virtual machine a fault costs about
// 10 µs. Most Linux distributions run transparent huge pages in "madvise"
// mode, where only memory a program has asked for (madvise MADV_HUGEPAGE)
// is served in 2 MiB pages, and the Go runtime no longer asks for its heap.
// With huge pages one fault serves 512 small pages.
//
// Reserve makes the heap map a stretch of fresh address space at once, by
// allocating one large block that nothing touches, advises that stretch,
// and lets the block go. The garbage collector frees the block at its next
// cycle (the allocation itself starts one), and the runtime then hands out
// the lowest free addresses first: the advised stretch. The advice stays
// with the mapping, so the heap's pages there are faulted in as huge pages
// for the rest of the process. Memory the heap already uses keeps its
// small pages, and growth past the stretch is not advised.
//
// Nothing is resident until touched, so a reservation larger than the heap
// costs address space, not memory; resident memory may round up to whole
// huge pages where the heap is sparse. Under strict overcommit accounting
// (vm.overcommit_memory=2) address space does count, so nothing is
// reserved there. GODEBUG=disablethp=1, the Go runtime's own switch for a
// heap without huge pages, turns the advice off.
//
// The advice is a hint: where it cannot be given, the program runs as it
// would without, and the Region says why.
package hugeheap

import "fmt"

// Region is what one Reserve did: the advised stretch of address space, or
// why there is none.
type Region struct {
	// Start and Len are the advised stretch, aligned to huge pages; Len is
	// 0 when nothing was advised.
	Start, Len uintptr
	// Skipped says why nothing was advised (a setting, or the kernel's
	// error); empty when Len > 0.
	Skipped string
}

// String describes r for a person.
func (r Region) String() string {
	if r.Len == 0 {
		return "no huge pages advised: " + r.Skipped
	}
	return fmt.Sprintf("%d MiB of heap advised for huge pages at %#x", r.Len>>20, r.Start)
}
