//go:build !linux

package hugeheap

// Reserve does nothing outside Linux, which alone has transparent huge
// pages to ask for; the Region says so.
func Reserve(size int) Region {
	return Region{Skipped: "transparent huge pages are a Linux feature"}
}
