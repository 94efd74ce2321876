//go:build !linux

package hugeheap

// notLinux is why nothing is advised outside Linux.
const notLinux = "transparent huge pages are a Linux feature"

// Reserve does nothing outside Linux, which alone has transparent huge
// pages to ask for; the Region says so.
func Reserve(size int) Region { return Region{Skipped: notLinux} }

// SkipReason says why Reserve advises nothing: outside Linux, always.
func SkipReason() string { return notLinux }
