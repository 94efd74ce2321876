// Package hugeheap asks Linux to back the memory the Go heap is about to
// grow into with transparent huge pages.
//
// A short-lived process such as `sce plan` spends much of its CPU time in
// page faults: every 4 KiB of fresh heap the runtime touches for the first
// time is one fault, and on a small virtual machine a fault costs about
// 10 µs. Many Linux distributions (Debian and Ubuntu among them) run
// transparent huge pages in "madvise" mode, where only memory a program has
// asked for (madvise MADV_HUGEPAGE) is served in 2 MiB pages, and the Go
// runtime does not ask for its heap. With huge pages one fault serves 512
// small pages.
//
// Reserve makes the heap map a stretch of fresh address space at once, by
// allocating a large block (in pieces of 8 MiB) that nothing touches,
// advises that stretch, and lets the block go: a collection frees it
// before Reserve returns (its pages, never touched, hold no memory). The
// runtime hands out the lowest free addresses first, so the heap grows into
// the advised stretch, and the advice stays with the mapping: the heap's
// pages there are faulted in as huge pages, for as long as the runtime's
// scavenger leaves them whole. The runtime counts the freed stretch as
// used memory, so it zeroes what it allocates there, which the program
// would touch anyway. Memory the heap already uses keeps its small pages,
// and growth past the stretch is not advised.
//
// Nothing is resident until touched, so a reservation larger than the heap
// costs address space, not memory; resident memory may round up to whole
// huge pages where the heap is sparse. Reserve takes at most a quarter of
// the machine's memory. It does nothing where a large mapping could fail or
// be counted, since the Go runtime does not survive a failed heap mapping:
// where address space is limited or counted (ulimit -v or -d,
// vm.overcommit_memory=2), on 32-bit systems, and when GOMEMLIMIT is set
// (the block would count toward it). GODEBUG=disablethp=1, the Go runtime's
// own switch for a heap without huge pages, turns it off too, and so do
// GODEBUG=harddecommit=1 (the runtime remaps the pages it returns, which
// drops the advice) and madvdontneed=0 (returned pages may keep their
// contents, so a block made of them is zeroed).
//
// The advice is a hint: where it cannot be given, the program runs as it
// would without, and the Region says why (for tests and diagnostics).
package hugeheap

import "fmt"

// Region is what one Reserve did: the advised stretch of address space, or
// why there is none.
type Region struct {
	// Start and Len are the advised stretch, aligned to huge pages (the
	// longest, if the block did not lie in one piece); Len is 0 when
	// nothing was advised.
	Start, Len uintptr
	// Skipped says why nothing, or not all of the block, was advised (a
	// setting, or the kernel's error: stretches advised before the kernel
	// refused one stay advised, and Len is the longest of them); empty
	// when the whole block was advised.
	Skipped string
	// Zeroed is how many bytes of the block the runtime zeroed, touching
	// each page in small pages before the advice, because they were made
	// of pages the heap had used. They are advised all the same, but stay
	// in small pages until the heap returns them to the kernel, or the
	// kernel merges them.
	Zeroed uintptr
}

// String describes r for a person.
func (r Region) String() string {
	if r.Len == 0 {
		return "no huge pages advised: " + r.Skipped
	}
	s := fmt.Sprintf("%d MiB of heap advised for huge pages at %#x", r.Len>>20, r.Start)
	if r.Zeroed > 0 {
		s += fmt.Sprintf(" (the runtime zeroed %d MiB of it first, in small pages)", r.Zeroed>>20)
	}
	if r.Skipped != "" {
		s += "; then " + r.Skipped
	}
	return s
}
