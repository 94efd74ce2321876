//go:build unix

package main

import (
	"os"
	"syscall"
)

// faultsCounted is whether minorFaults counts.
const faultsCounted = true

// minorFaults is how many page faults the exited process took that the
// kernel served without reading from disk.
func minorFaults(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Minflt) // int32 on some platforms
	}
	return 0
}
