//go:build unix

package cputime

import (
	"syscall"
	"time"
)

// available is whether Used reads the CPU time.
const available = true

// Used is the CPU time the process has used so far (user and system).
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
