package hugeheap

import (
	"math"
	"runtime"
)

// heapFree is how many bytes of free pages the heap holds that it has not
// returned to the kernel (read with the world stopped, so it is exact). A
// block made of any of them would be zeroed by the runtime, touching every
// page; one made of returned or fresh pages is not.
func heapFree() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapIdle - m.HeapReleased
}

// capSize caps a reservation of size bytes at a quarter of the machine's
// memory (ram bytes; 0 is unknown) and of the Go memory limit (limit bytes;
// math.MaxInt64 when none is set).
func capSize(size int, ram uint64, limit int64) int {
	if ram > 0 {
		size = int(min(uint64(size), ram/4))
	}
	if limit > 0 && limit < math.MaxInt64 {
		size = int(min(int64(size), limit/4))
	}
	return size
}
