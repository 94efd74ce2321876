//go:build linux

package hugeheap

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// machine_linux.go: what Reserve reads of the kernel and the process.

// SkipReason says why Reserve advises nothing on this machine and in this
// process, whatever the size and the heap: the kernel's transparent huge
// page mode, the environment's GODEBUG and GOMEMLIMIT, overcommit
// accounting, address space limits. Empty when it advises. (A GODEBUG
// built into the binary is not read: package runtime/debug, which would
// read it, is initialized too late in a program's start.)
func SkipReason() string {
	thp, err := os.ReadFile(thpEnabled)
	if err != nil {
		return "this kernel has no transparent huge pages (" + thpEnabled + " cannot be read)"
	}
	// A kernel without the file knows no strict accounting to worry about.
	commit, _ := os.ReadFile(overcommit)
	return settings{thp: string(thp), overcommit: string(commit), godebug: os.Getenv("GODEBUG"),
		memLimit: os.Getenv("GOMEMLIMIT"), limited: addressLimit(), bits32: strconv.IntSize == 32}.skipReason()
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
