//go:build linux

package hugeheap

import "runtime"

// heapFree is how many bytes of free pages the heap holds that it has not
// returned to the kernel (read with the world stopped, so it is exact). A
// block made of any of them is zeroed by the runtime, touching every page;
// one made of returned or fresh pages is not.
func heapFree() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapIdle - m.HeapReleased
}

// capSize caps a reservation of size bytes at a quarter of the machine's
// memory (ram bytes; 0 is unknown).
func capSize(size int, ram uint64) int {
	if ram > 0 {
		size = int(min(uint64(size), ram/4))
	}
	return size
}
